"""Stage 1, the engine: shell text -> every command bash would run -> findings -> a verdict.

The core is pure: `classify(text, policy, context) -> Verdict` touches no terminal, clock or
file; what it may read comes in through `Context`. In pipeline order: `parse/` (shlex for plain
text, tree-sitter-bash, bashlex as the second opinion), `unwrap` and `wrappers` (prefix commands,
nested shells, scripts), `options` (how a program reads its argv), `matcher` (one rule against
one command), `domains/` (one analyzer per domain: sql, http, cloud, interp), `classify`.
`model` holds the values that flow through it. `runtime` and `fastindex` are the engine's edge
to the world: the policy on disk, the calling process's context, the fast path's index.

May import `policy` values and the leaves; never `gate`, `frontends` or `commands`."""
