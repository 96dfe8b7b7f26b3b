"""The subcommands people run: `check`/`explain` (with `report`), `rules`/`trust`, `log`, and
`setup`/`doctor`.

May import `frontends`, `gate`, `engine`, `policy` and the leaves; only `cli` imports these."""
