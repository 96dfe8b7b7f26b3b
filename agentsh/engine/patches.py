"""Patches in the `*** Begin Patch` format (OpenAI Codex's `apply_patch`, also taken by OpenCode,
Copilot CLI and VS Code): which files a patch adds, updates, deletes or moves, and the shell line
that does the same to the file system (`touch`, `rm`, `mv`), so the rules on where writes land and
on deletions judge a patch as they judge those commands.

Read by the hooks (an agent's patch tool) and by the unwrapper (`apply_patch` run as a program:
Codex intercepts `apply_patch <<'EOF' ... EOF` in a shell command and applies it itself, and
installs an `apply_patch` program on its shell's PATH)."""

from __future__ import annotations

import shlex

HEADERS = ("*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:")
PROGRAMS = frozenset(("apply_patch", "applypatch"))  # the names Codex answers to
VERBS = {"add": "touch --", "update": "touch --", "delete": "rm --", "move": "mv --"}


def operations(patch: str) -> list[tuple[str, ...]]:
    """What a patch does, file by file: ("add"|"update"|"delete", PATH) and ("move", FROM, TO)
    (codex-rs/apply-patch: `*** Add File: P`, `*** Delete File: P`, `*** Update File: P`
    optionally followed by `*** Move to: Q`). Header lines are read with surrounding blanks
    stripped, as Codex's lenient parser does; a context line that looks like a header only adds
    a path to judge, never hides one. A header with no file, or a move with no update before
    it, raises ValueError (Codex rejects such a patch)."""
    ops: list[tuple[str, ...]] = []
    for raw in patch.split("\n"):  # Codex splits at newlines only (`str.splitlines` also
        line = raw.strip()          # splits at CR, form feed, U+2028 ...: another path)
        head = next((h for h in HEADERS if line.startswith(h)), None)
        if head is None:
            continue
        path = line[len(head):].strip()
        if not path or "\0" in path:
            raise ValueError(f"the patch has {head!r} with no file")
        if len(path.splitlines()) > 1 or any(ord(c) < 32 or c == "\x7f" for c in path):
            raise ValueError(f"the patch names a file with a control character: {path!r}")
        if head == "*** Move to:":
            if not ops or ops[-1][0] != "update":
                raise ValueError("the patch moves a file it does not update")
            ops[-1] = ("move", ops[-1][1], path)
        else:
            ops.append((head[4:head.index(" File")].lower(), path))
    return ops


def as_shell(ops: list[tuple[str, ...]]) -> str:
    """The shell line doing what `ops` do to the file system: `touch` for a file added or
    updated, `rm` for one deleted, `mv` for a rename (both ends)."""
    return "; ".join(f"{VERBS[op[0]]} {' '.join(shlex.quote(p) for p in op[1:])}" for op in ops)


def shell_of(patch: str) -> str | None:
    """`as_shell` of a text that may hold a patch: "" when it names no file, None when agentsh
    cannot read it (malformed as agentsh reads it, which Codex's reader may not agree with:
    unknown, never nothing)."""
    try:
        return as_shell(operations(patch))
    except ValueError:
        return None
