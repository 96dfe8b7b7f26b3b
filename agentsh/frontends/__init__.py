"""Stage 3, the frontends: the ways a command reaches agentsh.

The wrapper shell (`shell`, with its allow `fastpath` and the bash command-line reader
`invocation`), the interactive shell (`interactive`), and the agents' pre-command hooks
(`hooks/`, one module per agent). Each turns its input into text and context, runs the engine
and the gate, and then runs bash or answers the agent.

May import `gate`, `engine`, `policy` and the leaves; never `commands` or `cli`."""
