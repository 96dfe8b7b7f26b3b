"""Stage 2b, the service (protected mode): `agentsh serve`, the gate run as another user.

It listens on a socket any local user may connect to, knows each client by SO_PEERCRED, builds
the policy from root-owned files (the agent's own rules files only tighten), classifies, holds
requests until a person approves them with a TOTP code (`totp`, `approvals`), decides, and
writes the audit log only it can write (`server`). `policy_source` builds and caches policies.

May import `gate`, `engine`, `policy` and the leaves; never `frontends` or `commands`."""
