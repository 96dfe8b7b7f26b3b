from agentsh.cli import entry

entry()
