"""How agentsh's entry goes into each kind of agent configuration, and comes out again.

- `JsonHooks`: an entry merged into a JSON settings file the agent shares with the person
  (a list of hook groups or handlers under a key path, or one key of its own).
- `OwnFiles`: files that are agentsh's alone (a hooks file in a directory the agent reads, a
  plugin, an executable hook).
- `TomlBlock`: a marked block appended to a TOML file.
- `Manual`: the agent keeps hooks somewhere setup cannot pick for the person; setup prints them.

Each `install` is idempotent (a second run changes nothing) and each `uninstall` gives the
file back byte for byte when nothing else changed (see `files`)."""

from __future__ import annotations

import json
from pathlib import Path

from agentsh.commands.setup import files
from agentsh.commands.setup.wrapper import is_ours
from agentsh.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


class Ctx(Record, fields="agent agentsh command system journal out"):
    """One setup run: the agent, agentsh's path, the hook command, the scope, the journal."""

    __slots__ = ()

    agent: str
    agentsh: str
    command: str
    system: bool
    journal: files.Journal
    out: Any


class SetupError(Exception):
    """A file setup will not touch (not JSON, not agentsh's): the message says what to do."""


def _mentions_ours(value: Any, agent: str) -> bool:
    if isinstance(value, str):
        return is_ours(value, agent)
    if isinstance(value, dict):
        return any(_mentions_ours(v, agent) for v in value.values())
    if isinstance(value, list):
        return any(_mentions_ours(v, agent) for v in value)
    return False


class JsonHooks:
    """agentsh's entry in a JSON file: in the list at `path` (`handler` makes the entry from the
    hook command), or as the whole value of `path` when `keyed`. `scaffold` is what a new file
    needs besides (Cursor's `version`)."""

    def __init__(self, path: tuple[str, ...], entry: Callable[[Ctx], dict], *,
                 keyed: bool = False, scaffold: dict | None = None) -> None:
        self.path, self.entry, self.keyed, self.scaffold = path, entry, keyed, scaffold or {}

    # -- the document
    def load(self, file: Path) -> tuple[dict, dict]:
        if not file.exists():
            return {}, files.json_style("")
        text = file.read_text(encoding="utf-8")
        try:
            doc = json.loads(text) if text.strip() else {}
        except ValueError as exc:
            raise SetupError(f"{file} is not plain JSON ({exc}); fix it (or remove its "
                             "comments) and run setup again") from None
        if not isinstance(doc, dict):
            raise SetupError(f"{file} does not hold a JSON object; fix it and run setup again")
        return doc, files.json_style(text)

    def add(self, doc: dict, ctx: Ctx) -> bool:
        entry = self.entry(ctx)
        for key, value in self.scaffold.items():
            doc.setdefault(key, value)
        holder = doc
        for key in self.path[:-1]:
            if not isinstance(holder.get(key), dict):
                holder[key] = {}
            holder = holder[key]
        last = self.path[-1]
        if self.keyed:
            if holder.get(last) == entry:
                return False
            holder[last] = entry
            return True
        items = holder.get(last) if isinstance(holder.get(last), list) else []
        ours = [i for i, item in enumerate(items) if _mentions_ours(item, ctx.agent)]
        if [items[i] for i in ours] == [entry]:
            return False
        at = ours[0] if ours else len(items)
        kept = [item for i, item in enumerate(items) if i not in ours]
        kept.insert(min(at, len(kept)), entry)
        holder[last] = kept
        return True

    def strip(self, doc: dict, agent: str) -> int:
        """Remove agentsh's entries (and the containers left empty on the way); how many."""
        chain = [doc]
        for key in self.path[:-1]:
            if not isinstance(chain[-1].get(key), dict):
                return 0
            chain.append(chain[-1][key])
        holder, last = chain[-1], self.path[-1]
        removed = 0
        if self.keyed:
            if _mentions_ours(holder.get(last), agent):
                del holder[last]
                removed = 1
        elif isinstance(holder.get(last), list):
            kept = []
            for item in holder[last]:
                if isinstance(item, dict) and isinstance(item.get("hooks"), list) and \
                        not is_ours(item.get("command"), agent):
                    inner = [h for h in item["hooks"] if not _mentions_ours(h, agent)]
                    removed += len(item["hooks"]) - len(inner)
                    if inner:
                        kept.append({**item, "hooks": inner} if len(inner) != len(item["hooks"])
                                    else item)
                elif _mentions_ours(item, agent):
                    removed += 1
                else:
                    kept.append(item)
            if removed:
                if kept:
                    holder[last] = kept
                else:
                    del holder[last]
        if removed:
            for parent, key in zip(reversed(chain[:-1]), reversed(self.path[:-1]), strict=True):
                if parent.get(key) == {}:
                    del parent[key]
        return removed

    def entries(self, file: Path, agent: str) -> list[Any]:
        """agentsh's entries in `file` (for doctor); [] when there are none or it is unreadable."""
        try:
            doc, _ = self.load(file)
        except SetupError:
            return []
        holder: Any = doc
        for key in self.path:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if self.keyed:
            return [holder] if _mentions_ours(holder, agent) else []
        return [item for item in holder or [] if _mentions_ours(item, agent)] \
            if isinstance(holder, list) else []

    # -- the lifecycle
    def install(self, file: Path, ctx: Ctx) -> str:
        doc, style = self.load(file)
        if not self.add(doc, ctx):
            return "already set up; nothing changed"
        files.write(file, files.dump_json(doc, style), ctx.journal)
        return "added the hook"

    def uninstall(self, file: Path, ctx: Ctx) -> str:
        if not file.exists():
            return "nothing to remove"
        doc, style = self.load(file)
        if not self.strip(doc, ctx.agent):
            return "no agentsh hook to remove"
        remaining = files.dump_json(doc, style)

        def unchanged(original: bytes | None) -> bool:
            before = json.loads(original) if original and original.strip() else {}
            expected = json.loads(json.dumps(before))
            self.add(expected, ctx)
            self.strip(expected, ctx.agent)
            return doc == expected

        return files.undo(file, remaining, ctx.journal, unchanged)


class JsonHooksMany(JsonHooks):
    """agentsh's entries under several keys of one JSON file (an agent whose shell and file tools
    are separate events: Cursor's `beforeShellExecution` and `preToolUse`, Windsurf's
    `pre_run_command` and `pre_write_code`): each part is a `JsonHooks`; the file is read and
    written once, as for one part."""

    def __init__(self, *parts: JsonHooks, scaffold: dict | None = None) -> None:
        super().__init__(parts[0].path, parts[0].entry, scaffold=scaffold)
        self.parts = parts

    def add(self, doc: dict, ctx: Ctx) -> bool:
        for key, value in self.scaffold.items():
            doc.setdefault(key, value)
        return any([part.add(doc, ctx) for part in self.parts])

    def strip(self, doc: dict, agent: str) -> int:
        return sum(part.strip(doc, agent) for part in self.parts)

    def entries(self, file: Path, agent: str) -> list[Any]:
        return [e for part in self.parts for e in part.entries(file, agent)]

    def missing(self, file: Path, agent: str) -> list[str]:
        """The keys with no agentsh entry in `file` (doctor: a hook from an older agentsh)."""
        return [".".join(part.path) for part in self.parts if not part.entries(file, agent)]


class OwnFiles:
    """Files that are agentsh's alone: `contents(ctx)` maps a name under the target (a file, or a
    directory when there are several) to its bytes; `mode` for executables."""

    def __init__(self, contents: Callable[[Ctx], dict[str, bytes]], mode: int | None = None,
                 folder: bool = False) -> None:
        self.contents, self.mode, self.folder = contents, mode, folder

    def _paths(self, target: Path, ctx: Ctx) -> dict[Path, bytes]:
        made = self.contents(ctx)
        if self.folder:
            return {target / name: data for name, data in made.items()}
        return {target: next(iter(made.values()))}

    @staticmethod
    def _is_ours(path: Path, agent: str) -> bool:
        try:
            head = path.read_bytes()[:4096].decode("utf-8", "replace")
        except OSError:
            return False
        return "agentsh" in head and (is_ours(head, agent) or "managed by agentsh" in head)

    def install(self, target: Path, ctx: Ctx) -> str:
        wanted = self._paths(target, ctx)
        for path in wanted:
            if path.exists() and not self._is_ours(path, ctx.agent):
                raise SetupError(f"{path} exists and is not agentsh's; move it away (or merge "
                                 "agentsh's hook into it by hand) and run setup again")
        changed = False
        for path, data in wanted.items():
            if path.exists() and path.read_bytes() == data:
                continue
            mode = self.mode if self.mode is not None else (0o644 if ctx.system else None)
            files.write(path, data, ctx.journal, mode=mode)
            changed = True
        return "wrote agentsh's file" if changed else "already set up; nothing changed"

    def uninstall(self, target: Path, ctx: Ctx) -> str:
        done = []
        created: set[str] = set()
        for path in self._paths(target, ctx):
            if path.exists() and self._is_ours(path, ctx.agent):
                record = ctx.journal.get(path)
                created.update(record["dirs"] if record else ())
                done.append(files.undo(path, None, ctx.journal, lambda original: original is None))
        cache = target / "__pycache__"
        if self.folder and done and cache.is_dir():  # Python's own cache of our plugin
            for item in cache.iterdir():
                item.unlink()
            cache.rmdir()
        files.remove_dirs(sorted(created, key=len, reverse=True))
        return done[0] if done else "no agentsh file to remove"

    def entries(self, target: Path, agent: str) -> list[Any]:
        paths = [p for p in (target.iterdir() if self.folder and target.is_dir() else [target])
                 if p.is_file()]
        return [p.read_text(errors="replace") for p in paths if self._is_ours(p, agent)]


class TomlBlock:
    """A marked block appended to a TOML file (`block(ctx)` gives its text)."""

    BEGIN = "# >>> agentsh hook (managed by agentsh: `agentsh setup {agent} --uninstall` removes it)"
    END = "# <<< agentsh hook"

    def __init__(self, block: Callable[[Ctx], str]) -> None:
        self.block = block

    def _without(self, text: str, agent: str) -> str:
        import re

        begin = re.escape(self.BEGIN.format(agent=agent))
        return re.sub(rf"\n?{begin}\n.*?{re.escape(self.END)}[^\n]*\n?", "", text, flags=re.S)

    def _with(self, text: str, ctx: Ctx) -> str:
        base = self._without(text, ctx.agent)
        sep = "" if not base or base.endswith("\n") else "\n"
        return f"{base}{sep}\n{self.BEGIN.format(agent=ctx.agent)}\n{self.block(ctx)}{self.END}\n"

    def install(self, file: Path, ctx: Ctx) -> str:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        new = self._with(text, ctx)
        if new == text:
            return "already set up; nothing changed"
        import tomli

        try:
            tomli.loads(new)
        except tomli.TOMLDecodeError as exc:
            raise SetupError(f"{file}: adding agentsh's hook would not be valid TOML ({exc}); "
                             "add it by hand (see docs/agents.md)") from None
        files.write(file, new.encode("utf-8"), ctx.journal)
        return "added the hook"

    def uninstall(self, file: Path, ctx: Ctx) -> str:
        if not file.exists():
            return "nothing to remove"
        text = file.read_text(encoding="utf-8")
        remaining = self._without(text, ctx.agent)
        if remaining == text:
            return "no agentsh hook to remove"

        def unchanged(original: bytes | None) -> bool:
            before = (original or b"").decode("utf-8")
            return remaining == self._without(self._with(before, ctx), ctx.agent)

        return files.undo(file, remaining.encode("utf-8"), ctx.journal, unchanged)

    def entries(self, file: Path, agent: str) -> list[Any]:
        text = file.read_text(errors="replace") if file.exists() else ""
        return [text] if self.BEGIN.format(agent=agent) in text else []


class Manual:
    """No file setup can choose for the person: print the snippet and where it goes."""

    def __init__(self, snippet: Callable[[Ctx], str]) -> None:
        self.snippet = snippet

    def install(self, file: Path, ctx: Ctx) -> str:
        ctx.out.write(self.snippet(ctx))
        return "printed the hook to add by hand (setup cannot pick the file)"

    def uninstall(self, file: Path, ctx: Ctx) -> str:
        return "remove the agentsh hook you added by hand"

    def entries(self, file: Path, agent: str) -> list[Any]:
        return []
