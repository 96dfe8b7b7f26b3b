"""Stage 0, the policy: what rules.toml says, compiled into immutable values.

Owns the rules.toml schema (`schema`), reading and merging the layers (`build`), the compiled
values the engine reads (`values`: severities, decisions, rules, allow entries, settings, how
programs read their argv), the compiled-policy cache (`cache`) and the trust store (`trust`).

May import only the leaves at the top of the package (`locations`, `exitcodes`) and itself. The
engine reads these values; nothing here knows how a command is parsed or classified."""
