"""Writing agents' configuration files so that uninstall can give them back byte for byte.

Before the first change to a file, its original bytes are kept in agentsh's own state directory
(never beside the file, so the agent's folders hold nothing of agentsh's), each backup under a
name no other can take (time, nanoseconds and a counter, created exclusively), together with the
folders setup had to create. Uninstall removes agentsh's entries; when what is left is what the
file held before (nothing else changed meanwhile), the original bytes are put back exactly (or
the file and the folders setup created are removed); otherwise the file keeps everyone else's
changes and the backup stays where uninstall says."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


class Journal:
    """What setup changed under one scope: path -> {"backup": file or None, "dirs": [...]}."""

    def __init__(self, state_dir: Path, system: bool = False) -> None:
        self.dir = state_dir
        self.file = state_dir / "journal.json"
        self.system = system
        try:
            self.records: dict[str, Any] = json.loads(self.file.read_text())
        except (OSError, ValueError):
            self.records = {}
        # the folders the journal itself had to create, removed again once it is empty
        self.own_dirs: list[str] = self.records.pop("", {}).get("dirs", [])

    def get(self, path: Path) -> dict | None:
        return self.records.get(str(path))

    def remember(self, path: Path) -> None:
        """Keep `path`'s original state, once, before agentsh first changes it."""
        if str(path) in self.records:
            return
        missing = []
        folder = path.parent
        while not folder.exists():
            missing.append(str(folder))
            folder = folder.parent
        backup = None
        if path.exists():
            backup = str(self._backup(path))
        self.records[str(path)] = {"backup": backup, "dirs": missing}
        self._save()

    def original(self, path: Path) -> bytes | None:
        record = self.get(path)
        if not record or record["backup"] is None:
            return None
        return Path(record["backup"]).read_bytes()

    def forget(self, path: Path, drop_backup: bool) -> None:
        record = self.records.pop(str(path), None)
        if record and drop_backup and record["backup"]:
            Path(record["backup"]).unlink(missing_ok=True)
        self._save()

    def _backup(self, path: Path) -> Path:
        self._ensure_dir()
        folder = self.dir / "backups"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(path).strip("/"))
        stamp = time.strftime("%Y%m%d%H%M%S") + f".{time.time_ns() % 10**9:09d}"
        for n in range(1000):
            candidate = folder / f"{stem}.{stamp}.{n}"
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "wb") as fh:
                fh.write(path.read_bytes())
            return candidate
        raise OSError(f"cannot find a free backup name for {path}")

    def _ensure_dir(self) -> None:
        folder = self.dir
        while not folder.exists():
            self.own_dirs.append(str(folder))
            folder = folder.parent
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _save(self) -> None:
        if not self.records:
            self.file.unlink(missing_ok=True)
            for folder in (self.dir / "backups", self.dir):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            remove_dirs(self.own_dirs)
            return
        self._ensure_dir()
        tmp = self.file.with_name(f".journal.{os.getpid()}")
        tmp.write_text(json.dumps({"": {"dirs": self.own_dirs}, **self.records}, indent=1) + "\n")
        os.replace(tmp, self.file)


def write(path: Path, data: bytes, journal: Journal, mode: int | None = None) -> None:
    """Write `data` to `path` atomically, after keeping its original state in the journal."""
    journal.remember(path)
    dir_mode = 0o755 if journal.system else 0o777
    for folder in reversed(journal.get(path)["dirs"]):
        Path(folder).mkdir(mode=dir_mode, exist_ok=True)
        if journal.system:
            os.chmod(folder, 0o755)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o7777 if path.exists() else (0o644 if journal.system
                                                                      else None)
    tmp = path.with_name(f".{path.name}.agentsh-{os.getpid()}")
    tmp.write_bytes(data)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)


def undo(path: Path, remaining: bytes | None, journal: Journal,
         unchanged: Callable[[bytes | None], bool]) -> str:
    """Take agentsh's part out of `path`: `remaining` is the file without it (None: the file was
    all agentsh's). When `unchanged(original)` says nothing else changed since setup, the original
    bytes come back exactly. Returns what was done, for the person."""
    record = journal.get(path)
    if record is not None:
        original = journal.original(path)
        if unchanged(original):
            if original is None:
                path.unlink(missing_ok=True)
                remove_dirs(record["dirs"])
            else:
                mode = path.stat().st_mode & 0o7777 if path.exists() else None
                tmp = path.with_name(f".{path.name}.agentsh-{os.getpid()}")
                tmp.write_bytes(original)
                if mode is not None:
                    os.chmod(tmp, mode)
                os.replace(tmp, path)
            journal.forget(path, drop_backup=True)
            return "restored as it was before setup" if original is not None else "removed"
    if remaining is None:
        path.unlink(missing_ok=True)
        if record is not None:
            remove_dirs(record["dirs"])
            journal.forget(path, drop_backup=True)
        return "removed"
    write(path, remaining, journal)
    where = f"; the file as it was before setup is kept in {record['backup']}" if record and \
        record["backup"] else ""
    return f"removed agentsh's entries (the file changed since setup, so the rest is kept){where}"


def remove_dirs(dirs: list[str]) -> None:
    for folder in dirs:  # deepest first
        try:
            Path(folder).rmdir()
        except FileNotFoundError:
            continue
        except OSError:
            break


# ------------------------------------------------------------------ JSON in the file's own style


def json_style(text: str) -> dict:
    """How a JSON file is laid out, so a rewrite looks like the person's own."""
    style: dict[str, Any] = {"indent": 2, "separators": (",", ": "), "newline": True}
    if not text.strip():
        return style
    style["newline"] = text.endswith("\n")
    body = text.strip()
    if "\n" not in body:
        style["indent"] = None
        style["separators"] = (", ", ": ") if re.search(r'"\s*:\s', body) else (",", ":")
        if not re.search(r",\s", body) and "," in body:
            style["separators"] = (",", style["separators"][1])
        return style
    found = re.search(r"\n([ \t]+)\S", body)
    if found:
        indent = found.group(1)
        style["indent"] = "\t" if indent.startswith("\t") else len(indent)
    return style


def dump_json(doc: Any, style: dict) -> bytes:
    text = json.dumps(doc, indent=style["indent"], separators=style["separators"],
                      ensure_ascii=False)
    return (text + ("\n" if style["newline"] else "")).encode("utf-8")
