"""Interpreter one-liners: file-tree deletion and shell-outs in `python -c`, `node -e`, ...

Shell-out command strings that are literal are handed back to the unwrapper and parsed again as
shell, so `python -c "import os; os.system('rm -rf /')"` is the `rm -rf /` it runs."""

from __future__ import annotations

import re

from agentsh.engine.domains.common import stdin_text
from agentsh.engine.model import Command, Fact

CODE_OPTIONS = {
    "python": ("-c",), "node": ("-e", "--eval", "-p", "--print"), "nodejs": ("-e", "--eval"),
    "perl": ("-e", "-E"), "ruby": ("-e",), "php": ("-r",), "bun": ("-e", "--eval"),
    "deno": (), "lua": ("-e",),
}
DELETE_CALLS = re.compile(
    r"\b(?:shutil\.rmtree|os\.(?:remove|unlink|rmdir|removedirs)|"
    r"(?:Path\([^)]*\)|\w+)\.(?:unlink|rmdir)\s*\(|"
    r"fs(?:\.promises)?\.(?:rmSync|rm|unlinkSync|unlink|rmdirSync|rmdir)|fsp?\.(?:rm|unlink)|"
    r"FileUtils\.(?:rm_rf|rm_r|rm|remove_dir|remove_entry)|File\.delete|Dir\.delete|"
    r"rmtree|unlink\s*[(\s]|remove_tree|Deno\.remove|Bun\.\w*delete)|"
    r"\.(?:rmSync|rmdirSync|unlinkSync)\s*\(")
SHELL_CALLS = re.compile(
    r"\b(?:os\.system|os\.popen|subprocess\.\w+|commands\.getoutput|"
    r"child_process\.\w+|exec(?:Sync)?|spawn(?:Sync)?|execFile(?:Sync)?|"
    r"system|popen|shell_exec|passthru|proc_open|Deno\.Command|Bun\.spawn\w*|"
    r"IO\.popen|Open3\.\w+|%x)\s*[(\[{]?\s*")
STRING = re.compile(r"""(?s)('''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`)""")
BACKTICKS = re.compile(r"`([^`]+)`|%x\(([^)]*)\)|%x\{([^}]*)\}|qx[(\[{/]([^)\]}/]*)[)\]}/]")


def _base(program: str) -> str:
    if program.lower().endswith(".exe"):
        program = program[:-4]
    return program.rstrip("0123456789.")


def code_of(cmd: Command, view=None) -> list[str]:
    """The program text an interpreter command runs: `-c CODE`, `-e CODE`, or a literal stdin."""
    base = _base(cmd.program)
    if base not in CODE_OPTIONS:
        return []
    words = cmd.words
    out = []
    opts = CODE_OPTIONS[base]
    for i, w in enumerate(words[1:], start=1):
        text = w.text
        for opt in opts:
            if text == opt and i + 1 < len(words):
                out.append(words[i + 1].text)
            elif len(opt) == 2 and text.startswith(opt) and len(text) > 2 and not \
                    text.startswith("--"):
                out.append(text[2:])
        if base == "deno" and text == "eval" and i + 1 < len(words):
            out.append(words[i + 1].text)
        if not text.startswith("-"):
            break
    reads_stdin = len(words) == 1 or (len(words) > 1 and words[1].text == "-")
    if reads_stdin and cmd.stdin is not None and cmd.stdin.text is not None:
        out.append(cmd.stdin.text)
    return out


def _strings(fragment: str) -> list[str]:
    return [s[3:-3] if s.startswith(("'''", '"""')) else s[1:-1]
            for s in STRING.findall(fragment)]


def shellouts(cmd: Command) -> list[str]:
    """Literal shell commands an interpreter one-liner hands to a shell."""
    out = []
    for code in code_of(cmd):
        for m in SHELL_CALLS.finditer(code):
            tail = code[m.end():]
            if tail.startswith("["):
                inner = tail[1 : tail.find("]")] if "]" in tail else tail
                parts = _strings(inner)
                if parts:
                    out.append(" ".join(_quote(p) for p in parts))
                continue
            strings = STRING.match(tail)
            if strings:
                value = strings.group(1)
                out.append(value[3:-3] if value.startswith(("'''", '"""')) else value[1:-1])
        if _base(cmd.program) in ("perl", "ruby", "php"):
            for m in BACKTICKS.finditer(code):
                out.append(next(g for g in m.groups() if g is not None))
    return out


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)


def analyze(view, params: dict) -> list[Fact]:
    cmd = view.cmd
    base = _base(cmd.program)
    if base not in CODE_OPTIONS:
        return []
    facts = []
    codes = code_of(cmd)
    has, text = stdin_text(cmd, view.ctx)
    if not codes and has and text is None and (len(cmd.words) == 1 or cmd.words[1].text == "-"):
        facts.append(Fact("interp.unknown", f"{cmd.program} runs code from standard input"))
    for code in codes:
        m = DELETE_CALLS.search(code)
        if m:
            facts.append(Fact("interp.delete", f"{m.group(0).rstrip('( ')} in {cmd.program} code"))
        for m in SHELL_CALLS.finditer(code):
            tail = code[m.end():]
            if not (STRING.match(tail) or tail.startswith("[")):
                facts.append(Fact("interp.dynamic_shellout",
                                  f"{m.group(0).strip('([{ ')} with a command built at run time"))
                break
    return facts
