"""The trash of snapshots (docs/undo.md): commands that delete or change what it holds, or the
private refs (`refs/agentsh/...`) that keep a repository's recorded state alive. Deleting a
snapshot takes away the way back for an earlier command, so it is a critical finding.

The trash is found as the gate finds it: `settings.snapshots.trash`, else
`$XDG_DATA_HOME/agentsh/trash`, else `~/.local/share/agentsh/trash`, from the context's
environment. Only the programs `[analyzer.undo] tools` names are read for operands (so the fast
path knows them all); redirects are read on every command that has one."""

from __future__ import annotations

import posixpath

from agentsh.engine.domains import UNDO_OUTPUT_OPS
from agentsh.engine.model import Fact

OUTPUT_OPS = UNDO_OUTPUT_OPS  # `domains.reaches` tests the same set
VARIABLES = ("$HOME", "${HOME}", "$XDG_DATA_HOME", "${XDG_DATA_HOME}")


def analyze(view, params: dict) -> list[Fact]:
    cmd = view.cmd
    reads_operands = view.program in params.get("tools", ()) and not (
        view.program == "find" and not _find_changes(cmd, view))
    outputs = [r.target for r in cmd.redirects if r.op in OUTPUT_OPS]
    if not reads_operands and not outputs:
        return []
    trash = trash_path(view)
    if not trash:
        return []
    facts = []
    deletes = view.program in params.get("deleters", ())
    words = list(view.args.positionals) + [w for w in cmd.words[1:] if w.text.startswith("-")
                                            and "=" in w.text] if reads_operands else []
    for word in words:
        # `--opt=PATH` names PATH; a positional `-` (`git checkout -`, `tar cf - src`) is itself
        text = word.text.split("=", 1)[1] if word.text.startswith("-") and "=" in word.text \
            else word.text
        if view.program == "git" and text.startswith("refs/agentsh"):
            facts.append(Fact("undo.ref", f"git removes {text}, which keeps a snapshot", text))
            continue
        if ".git/refs/agentsh" in text:
            facts.append(Fact("undo.ref", f"{view.program} reaches {text}, which keeps a "
                                          "snapshot", text))
            continue
        path = _resolve(text, view)
        if path and (_inside(path, trash) or deletes and _inside(trash, path)):
            facts.append(Fact("undo.trash", f"{view.program} reaches the trash at {trash}",
                              trash))
    for target in outputs:
        path = _resolve(target.text, view)
        if path and _inside(path, trash):
            facts.append(Fact("undo.trash", f"output written into the trash at {trash}", trash))
    return facts


def _find_changes(cmd, view) -> bool:
    """A find that deletes or writes, or runs a program that may (`-exec cat {}` only reads)."""
    from agentsh.engine.effects.programs import find_actions
    from agentsh.engine.options import NO_EFFECTS, program_name

    actions, execs = find_actions([w.text for w in cmd.words[1:]])
    quiet = NO_EFFECTS | frozenset(view.policy.analyzer("effects").get("none", ()))
    return bool(actions) or any(program_name(p.rsplit("/", 1)[-1]) not in quiet for p in execs)


def trash_path(view) -> str:
    """Where the gate keeps snapshots, for this policy and environment ("" when unknown)."""
    home = view.ctx.getenv("HOME")
    setting = view.policy.settings.snapshots.trash
    if setting:
        path = home + setting[1:] if setting.startswith("~/") and home else setting
    else:
        data = view.ctx.getenv("XDG_DATA_HOME") or (home + "/.local/share" if home else "")
        path = data + "/agentsh/trash" if data else ""
    return posixpath.normpath(path) if path.startswith("/") else ""


def _resolve(text: str, view) -> str:
    """A word as an absolute path, where it can be known ("" otherwise)."""
    env = {"$HOME": view.ctx.getenv("HOME"), "$XDG_DATA_HOME": view.ctx.getenv("XDG_DATA_HOME")}
    for name in VARIABLES:
        value = env[name.replace("{", "").replace("}", "")]
        if value and (text == name or text.startswith(name + "/")):
            text = value + text[len(name):]
    if text == "~" or text.startswith("~/"):
        home = view.ctx.getenv("HOME")
        if not home:
            return ""
        text = home + text[1:]
    if "$" in text or "`" in text or text.startswith("~"):
        return ""
    if not text.startswith("/"):
        cwd = view.ctx.cwd
        if not cwd.startswith("/"):
            return ""
        text = posixpath.join(cwd, text)
    return posixpath.normpath(text)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")
