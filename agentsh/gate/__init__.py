"""Stage 2, the gate: a verdict that needs a person is asked about, and every decision is logged.

Owns the answer to a verdict (`decide`), the terminal prompt (`terminal`), the approval channel
to `agentsh approve` (`approval`) and its console (`console`), the blocked message (`messages`),
and the hash-chained audit log (`audit`, written by `jsonl`).

May import `engine` values, `policy` values and the leaves; never `frontends` or `commands`."""
