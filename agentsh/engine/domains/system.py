"""System commands whose effect depends on the order or place of their arguments, which plain
matchers cannot see: what `find ... -delete` selects, and which processes `kill` signals.
Disks, users, cron tables and migrations need no analyzer: their rules are plain matchers."""

from __future__ import annotations

from agentsh.engine.model import Fact

FIND_LOGIC = frozenset(("-o", "-or", ",", "!", "\\!", "-not"))
FIND_ACTIONS = frozenset(("-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprintf", "-fls"))
KILL_SIGNAL_OPTIONS = frozenset(("-s", "-n", "--signal"))


def analyze(view, params: dict) -> list[Fact]:
    if view.program == "find":
        return _find(view)
    if view.program in params.get("kill", ["kill"]):
        return _kill(view)
    return []


def _find(view) -> list[Fact]:
    """`system.find_delete` for a find -delete, or `system.find_delete_empty` when the
    expression can only select empty directories (or empty files): `-empty` before `-delete`,
    and no `-o`, `!`, `-not` or other action that could widen or reorder it."""
    from agentsh.engine.effects.programs import find_actions

    words = [w.text for w in view.cmd.words[1:]]
    if "-delete" not in find_actions(words)[0]:  # not `-name -delete`, nor inside -exec
        return []
    at = words.index("-delete")
    empty_only = "-empty" in words[:at] and not (set(words) & (FIND_LOGIC | FIND_ACTIONS)) \
        and all(w.literal for w in view.cmd.words)
    if not empty_only:
        return [Fact("system.find_delete", "find -delete")]
    kinds = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "-type"]
    if kinds and all(k == "d" for k in kinds):
        return [Fact("system.find_delete_empty", "only empty directories")]
    return [Fact("system.find_delete_empty", "only empty files and directories")]


def _kill(view) -> list[Fact]:
    """`kill -9 -1`, `kill -KILL -1`, `kill -s TERM -1`, `kill -- -1`: pid -1 is every process
    the user may signal."""
    words = [w.text for w in view.cmd.words[1:]]
    i = 0
    if words and words[0] in KILL_SIGNAL_OPTIONS:
        i = 2
    elif words and words[0].startswith("-") and words[0] != "--" and len(words) > 1:
        i = 1  # the signal: -9, -KILL, -SIGTERM, -1 (HUP)
    pids = [w for w in words[i:] if w != "--"]
    if "-1" in pids:
        return [Fact("system.kill_all", f"{view.program} {' '.join(words)}", "-1")]
    return []
