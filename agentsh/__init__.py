"""agentsh: a shell command firewall for AI-agent terminals."""

__version__ = "0.1.0"
