"""Build tools and package managers that delete a directory of their own output by name
(`npm ci` deletes `node_modules`, `cargo clean` deletes `target`): harmless, unless something
was moved into that directory, earlier in the line or by an earlier command of the agent's
session (`Files.moved`, `Context.moved`; docs/undo.md "Moves across commands"). Then what they
delete is data, whatever the directory's name: `cleans.moved` (FS070).

`[analyzer.cleans] dirs` maps "PROGRAM SUBCOMMAND" to the directories, relative to where the
command runs, that it deletes; the subcommand may be any positional word (`mvn clean install`).
A directory moved elsewhere by the tool's own options (`npm --prefix`, `cargo --target-dir`)
is not followed: the named directory is judged."""

from __future__ import annotations

from agentsh.engine.model import Fact

ANYWHERE = "*"


def analyze(view, params: dict) -> list[Fact]:
    table = params.get("dirs", {})
    words = {w.text for w in view.cmd.words[1:] if w.literal and not w.text.startswith("-")}
    cleared: list[tuple[str, str]] = []
    for key, names in table.items():
        program, _, sub = key.partition(" ")
        if program == view.program and (not sub or sub in words):
            cleared += [(key, name) for name in names]
    if not cleared:
        return []
    moved = tuple(getattr(getattr(view.cmd.flow, "files", None), "moved", ()) or ())
    if not moved:
        return []
    from agentsh.engine.pathmatch import meets_moved

    cwd = view.ctx.cwd
    facts = []
    for key, name in cleared:
        path = f"{cwd.rstrip('/')}/{name}" if cwd.startswith("/") else ""
        if ANYWHERE in moved or not path or meets_moved(path, moved):
            where = path or name
            facts.append(Fact("cleans.moved", f"`{key}` deletes {where}, which holds what was "
                                              "moved there", where))
    return facts
