"""Random bash text from a grammar, and bash itself as the oracle of which commands it runs.

`Generator(seed).text()` writes commands, pipelines, lists, compound commands, quotes,
expansions, here-documents, comments and line continuations, with every command word a made-up
name (`t12` succeeds, `f13` fails). `run_bash(text)` runs it in a sandboxed bash: no PATH, a
temporary folder, and a `command_not_found_handle` that logs each command's name and arguments,
so the log is every simple command bash ran. `check(text)` compares that with what agentsh's
parser reports: agentsh must parse the text, report every command bash ran with the same command
word, and the same arguments where it says its words are literal.

Used by tests/engine/test_parse_oracle.py (a bounded number of texts) and bench/parse_oracle.py
(a long run)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

BASH = "/bin/bash"
HANDLER = ("() { local n=$1 r=$1 a; shift; for a in \"$@\"; do r+=$'\\037'\"$a\"; done; "
           "printf '%s\\036' \"$r\" >> \"$ORACLE_LOG\"; case $n in f*) return 1;; esac; "
           "return 0; }")


class _Out:
    """Text being written, with the here-document bodies owed at the next newline."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending: list[str] = []

    def w(self, text: str) -> None:
        self.parts.append(text)

    def nl(self) -> None:
        self.parts.append("\n")
        self.parts.extend(self.pending)
        self.pending = []

    def text(self) -> str:
        return "".join(self.parts)


LITERAL_ARGS = ["a", "b1", "-v", "--opt=1", "'x y'", '"p q"', "$'a\\tb'", '"a\\"b"', "a\\ b",
                "'it'\\''s'", "x=1", "''", '""', "%d", "a:b", "q,r", "'#not'", "a#b",
                "'$(t0)'", "\\$\\(t0\\)", '"\\$x"', "'`t0`'", "-", "--", "a=b=c", "'!'", "'&&'"]
PATTERNS = ["a", "abc", "*", "[]]", "a[\"\\b\"]c", '["$e"]', "?b?", "x|y", "'a b'", "[!a-z]*",
            "\"$v\"", "esac_"]
EXTGLOB_PATTERNS = ["@(a|b)", "!(*.o)", "+(x)", "*(y|z)", "?(q)", "a@(b|c)d"]


def backquoted(code: str, in_dq: bool = False) -> str:
    """`code` written inside backquotes so that bash reads back exactly `code`."""
    code = code.replace("\\", "\\\\").replace("`", "\\`").replace("$", "\\$")
    if in_dq:
        code = code.replace('"', '\\"')
    return "`" + code + "`"


class Generator:
    def __init__(self, seed: int, extglob: bool = False) -> None:
        self.r = random.Random(seed)
        self.k = 0
        self.extglob = extglob

    # ------------------------------------------------------------------ helpers

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(items)

    def name(self, truth: bool | None = None) -> str:
        self.k += 1
        ok = truth if truth is not None else self.chance(0.75)
        return ("t" if ok else "f") + str(self.k)

    def command_word(self, truth: bool | None = None) -> str:
        name = self.name(truth)
        form = self.r.random()
        if form < 0.75:
            return name
        return self.pick([f"'{name}'", f'"{name}"', f"{name[0]}\\{name[1:]}", f"\\{name}",
                          f'{name[0]}"{name[1:]}"', f"$'{name}'"])

    # ------------------------------------------------------------------ programs

    def text(self) -> str:
        out = _Out()
        lines = self.r.randint(1, 4)
        for n in range(lines):
            self.and_or_list(out, 0)
            if self.chance(0.15):
                out.w(self.pick([" # note $(t0) `t0`", " #", "  # ; t0"]))
            last = n == lines - 1
            if last and out.pending and self.chance(0.3):
                # a here-document ended by the end of the text: bash warns and runs it
                out.w("\n")
                out.w("".join(body.rsplit("\n", 2)[0] + "\n" for body in out.pending[:1]))
                out.pending = []
                break
            if not last or out.pending or self.chance(0.5):
                out.nl()
        return out.text()

    def and_or_list(self, out: _Out, depth: int) -> None:
        for n in range(self.r.randint(1, 3 if depth < 2 else 1)):
            if n:
                sep = self.pick([" ; ", "; ", " && ", " || ", " &&", " ||", " & "])
                out.w(sep)
                if sep in (" &&", " ||"):
                    out.nl()
            self.pipeline(out, depth)

    def body(self, out: _Out, depth: int) -> None:
        """A compound command's list and its terminator."""
        if self.chance(0.3):
            out.nl()
            self.and_or_list(out, depth)
            out.nl()
        else:
            out.w(" ")
            self.and_or_list(out, depth)
            out.w(self.pick(["; ", ";", " ;"]))

    def pipeline(self, out: _Out, depth: int) -> None:
        if self.chance(0.08):
            out.w("! ")
        elif self.chance(0.03):
            out.w("time ")
        for n in range(self.r.choice([1, 1, 1, 2, 3] if depth < 2 else [1])):
            if n:
                out.w(self.pick([" | ", "|", " |& "]))
                if self.chance(0.1):
                    out.nl()
            self.command(out, depth)

    def command(self, out: _Out, depth: int) -> None:
        if depth >= 2 or self.chance(0.6):
            self.simple(out, depth)
            return
        kind = self.pick(["group", "subshell", "if", "while", "until", "for", "arith_for", "case",
                          "cond", "arith", "function", "if_cond"])
        getattr(self, "c_" + kind)(out, depth + 1)
        if kind not in ("function",) and self.chance(0.15):
            self.redirect(out, depth, compound=True)

    # ------------------------------------------------------------------ compound commands

    def c_group(self, out: _Out, depth: int) -> None:
        out.w("{")
        self.body(out, depth)
        out.w("}")

    def c_subshell(self, out: _Out, depth: int) -> None:
        out.w("(")
        self.body(out, depth)
        out.w(")")

    def c_if(self, out: _Out, depth: int) -> None:
        out.w("if")
        self.body(out, depth)
        out.w("then")
        self.body(out, depth)
        if self.chance(0.3):
            out.w("elif")
            self.body(out, depth)
            out.w("then")
            self.body(out, depth)
        if self.chance(0.4):
            out.w("else")
            self.body(out, depth)
        out.w("fi")

    def c_if_cond(self, out: _Out, depth: int) -> None:
        """`if [[ x ]] then ... fi`: no separator needed after `]]`, `)` or `}`."""
        out.w("if ")
        self.pick([self.c_cond, self.c_subshell, self.c_group])(out, depth)
        out.w(" then")
        self.body(out, depth)
        out.w("fi")

    def c_while(self, out: _Out, depth: int) -> None:
        out.w("while " + self.command_word(False) + "; do")
        self.body(out, depth)
        out.w("done")

    def c_until(self, out: _Out, depth: int) -> None:
        out.w("until " + self.command_word(True) + "; do")
        self.body(out, depth)
        out.w("done")

    def c_for(self, out: _Out, depth: int) -> None:
        if self.chance(0.2):
            out.w("for x; do")
        else:
            words = " ".join(self.arg(depth) for _ in range(self.r.randint(0, 3)))
            out.w(f"for x in {words}; do")
        self.body(out, depth)
        out.w(self.pick(["done"]))

    def c_arith_for(self, out: _Out, depth: int) -> None:
        self.k += 1
        i = f"i{self.k}"  # a variable of its own: a nested loop must not reset it
        out.w(self.pick([f"for (({i}=0; {i}<2; {i}++)); do", f"for (( ; {i}<1 ; {i}++ )); do",
                         f"for (({i}=0;{i}<1;{i}++))"]))
        if not out.parts[-1].endswith("do"):
            out.nl()
            out.w("do")
        self.body(out, depth)
        out.w("done")

    def c_case(self, out: _Out, depth: int) -> None:
        subject = self.pick(["abc", "']'", '"$v"', "x", "$(" + self.command_word() + ")"])
        out.w(f"case {subject} in")
        if self.chance(0.5):
            out.w(" ")
        else:
            out.nl()
        for _n in range(self.r.randint(1, 3)):
            pats = [self.pick(PATTERNS + (EXTGLOB_PATTERNS if self.extglob else []))
                    for _ in range(self.r.choice([1, 1, 2]))]
            lead = "(" if self.chance(0.3) else ""
            out.w(lead + "|".join(pats) + ")")
            if self.chance(0.8):
                out.w(" ")
                self.and_or_list(out, depth)
            out.w(self.pick([";;", " ;;", ";&", ";;&"]))
            if self.chance(0.2):
                out.nl()
            out.w(" ")
        out.w("esac")

    def c_cond(self, out: _Out, depth: int) -> None:
        inner = self.pick(["-n $v", "a == a*", "str", "$(CMD) == x", "a =~ ^(a|b)$",
                           "ab =~ ([^-]+)b|c", "x =~ $(CMD)(x)",
                           "! -e o1 && x < y", "-z \"$(CMD)\" || 1 -eq 1", "( a == b )",
                           "x == @(a|x)", "${v:-$(CMD)} != q"])
        out.w("[[ " + inner.replace("CMD", self.command_word()) + " ]]")

    def c_arith(self, out: _Out, depth: int) -> None:
        out.w(self.pick(["(( 1 + 2 ))", "(())", "(( x = 3 ))", "(( a[1] = 2 ))",
                         "(( y=4 ))", "((x=9 y=41))",
                         "(( z = $(" + self.command_word() + ") + 1 ))"]))

    def c_function(self, out: _Out, depth: int) -> None:
        self.k += 1
        name = f"fn{self.k}"
        out.w(self.pick([f"{name}()", f"{name} ()", f"function {name}", f"function {name}()"]))
        out.w(" {")
        self.body(out, depth)
        out.w("}; " + name)

    # ------------------------------------------------------------------ simple commands

    def simple(self, out: _Out, depth: int) -> None:
        pieces: list[str] = []
        for _ in range(self.r.choice([0, 0, 0, 1, 2])):
            pieces.append(self.assignment(depth))
        if pieces and self.chance(0.2):
            out.w(" ".join(pieces))
            return
        pieces.append(self.command_word())
        for _ in range(self.r.choice([0, 1, 1, 2, 3])):
            pieces.append(self.arg(depth))
        text = ""
        for n, piece in enumerate(pieces):
            if n:
                text += self.pick([" ", " ", " ", "  ", " \\\n"])
            text += piece
        out.w(text)
        for _ in range(self.r.choice([0, 0, 0, 1, 2])):
            self.redirect(out, depth)

    def assignment(self, depth: int) -> str:
        return self.pick(["v=1", "v=", f"v=$({self.small(depth)})", 'v="a b"', "a[1]=x",
                          "a[x y]=z", f"arr=(1 $({self.small(depth)}) \"x\")", "v+=q",
                          "arr=( [k]=1 [j]=2 )", "w=" + backquoted(self.small(depth))])

    def arg(self, depth: int) -> str:
        roll = self.r.random()
        if roll < 0.55 or depth >= 2:
            return self.pick(LITERAL_ARGS)
        cmd = self.small(depth)
        return self.pick([
            "$v", '"$v"', "${v:-d}", f"$({cmd})", f'"$({cmd})"', backquoted(cmd), "$((1+2))",
            f"$(( $({cmd}) + 1 ))", f"<({cmd})", f">({cmd})", f"${{v:-$({cmd})}}",
            f"\"${{v:-'$({self.name()} a)'}}\"", f"x$({cmd})y", "$()x", "ab$(  )cd", "${#:foo}",
            f"${{HOME:-`{self.command_word()} }}`}}", "$[1+1]", f'"{backquoted(cmd, True)}"',
            "$((  ))",
            f"$( {cmd} )", f"$(\n{cmd}\n)", "\"${foo:-a}\"", f"$(({cmd}); {self.command_word()})",
        ] + (EXTGLOB_PATTERNS if self.extglob else []))

    def small(self, depth: int) -> str:
        """A short list for inside a substitution."""
        out = _Out()
        n = self.r.choice([1, 1, 2])
        for i in range(n):
            if i:
                out.w(self.pick(["; ", " && ", " | "]))
            if depth < 2 and self.chance(0.25):
                self.command(out, depth + 2)
            else:
                words = [self.command_word()] + [self.pick(LITERAL_ARGS)
                                                 for _ in range(self.r.choice([0, 1]))]
                out.w(" ".join(words))
        if out.pending:  # a here-document inside a substitution ends inside it
            out.nl()
        return out.text()

    def redirect(self, out: _Out, depth: int, compound: bool = False) -> None:
        roll = self.r.random()
        if roll < 0.45:
            out.w(" " + self.pick([">o1", ">> o2", "2>/dev/null", "2>&1", ">&-", "<<<word",
                                   "<<< \"$v\"", "3>o3", "&>o4", ">|o5", "{fd}>o6", "<o1"]))
            return
        # a here-document: its body comes after the next newline
        delim = self.pick(["EOF", "E1", "END"])
        quoted = self.chance(0.35)
        strip = self.chance(0.2)
        op = "<<-" if strip else "<<"
        written = self.pick([f"'{delim}'", f'"{delim}"', f"\\{delim}"]) if quoted else delim
        if not quoted and delim == "EOF" and self.chance(0.2):
            written = "EO\\\nF"
        out.w(f" {op}{self.pick(['', ' '])}{written}")
        lines = []
        for _ in range(self.r.randint(0, 3)):
            line = self.pick(["hello", "x $v y", f"$({self.command_word()})", "a \\$b",
                              f"`{self.command_word()}`", "'quoted' \"dq\"", "#hash",
                              f"${{v:-$({self.command_word()})}}", "$((1+1))", "end\\",
                              f"{delim}x", f" {delim}"])
            lines.append(("\t" if strip and self.chance(0.5) else "") + line)
        if lines and lines[-1].endswith("\\"):
            lines[-1] += "\\"  # an escaped backslash, not a line continuation into the end
        end = ("\t" if strip else "") + delim
        out.pending.append("".join(line + "\n" for line in lines) + end + "\n")


# ---------------------------------------------------------------------------- the oracle


def bash_accepts(text: str, extglob: bool = False) -> bool:
    args = [BASH, "--norc", "--noprofile"] + (["-O", "extglob"] if extglob else []) + \
        ["-n", "-c", text]
    done = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=10, check=False)
    # `[[ -n ]]`: bash -n reports the error and still exits 0
    errors = [line for line in done.stderr.decode("utf-8", "replace").splitlines()
              if "warning:" not in line]
    return done.returncode == 0 and not errors


def run_bash(text: str, extglob: bool = False, timeout: float = 5.0) -> list[tuple[str, ...]]:
    """The simple commands bash runs for `text`, in order: (name, arguments...)."""
    tmp = tempfile.mkdtemp(prefix="agentsh-oracle-")
    try:
        work = Path(tmp)
        (work / "bin").mkdir()
        (work / "cwd").mkdir()
        log = work / "log"
        log.write_bytes(b"")
        env = {"PATH": str(work / "bin"), "HOME": str(work / "cwd"), "ORACLE_LOG": str(log),
               "LC_ALL": "C", "BASH_FUNC_command_not_found_handle%%": HANDLER}
        args = [BASH, "--norc", "--noprofile"] + (["-O", "extglob"] if extglob else []) + \
            ["-c", text]
        proc = subprocess.Popen(args, cwd=work / "cwd", env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        try:  # background jobs too: what they logged so far counts, the rest is dropped
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        data = log.read_bytes().decode("utf-8", "surrogateescape")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [tuple(record.split("\x1f")) for record in data.split("\x1e") if record]


def compare(text: str, ran: list[tuple[str, ...]], parsed) -> list[str]:
    """What agentsh got wrong about `text`, given the commands bash ran: [] when nothing."""
    if not parsed.ok:
        return [f"agentsh cannot parse it: {parsed.error}"]
    problems = []
    for argv in dict.fromkeys(ran):
        same_name = [c for c in parsed.commands if c.words and c.words[0].literal and
                     c.words[0].text == argv[0]]
        if not same_name:
            problems.append(f"bash ran {argv!r}; agentsh reports no command named {argv[0]!r}")
            continue
        if any(c.argv == argv for c in same_name):
            continue
        if all(not all(w.literal for w in c.words) for c in same_name):
            continue  # agentsh knows some of its words are only known at run time
        problems.append(f"bash ran {argv!r}; agentsh reports "
                        f"{[c.argv for c in same_name]!r}")
    return problems


def check(text: str, parse, extglob: bool = False) -> list[str] | None:
    """None when bash rejects the text; else what agentsh got wrong ([] when nothing)."""
    if not bash_accepts(text, extglob):
        return None
    return compare(text, run_bash(text, extglob), parse(text))


def shrink(text: str, fails) -> str:
    """A shorter text that still `fails` (drops whole lines, then words)."""
    lines = text.split("\n")
    changed = True
    while changed:
        changed = False
        for i in range(len(lines)):
            trial = "\n".join(lines[:i] + lines[i + 1 :])
            if trial.strip() and fails(trial):
                lines = trial.split("\n")
                changed = True
                break
    return "\n".join(lines)


def parallel_map(func, items, workers: int | None = None):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers or max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(func, items))
