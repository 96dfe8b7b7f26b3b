#!/usr/bin/env python3
"""Bounded work on big and adversarial input (issue 16): how agentsh's time and memory grow.

    .venv/bin/python bench/bounded.py [--sizes 8,32,128] [--only SHAPE,...] [--inproc]
                                      [--timeout S]

Each shape is a generator of text of about N KiB (up to the 256 KiB parse limit): assignments,
variables each read many times, functions calling each other, deep `$( $( ) )` and `{ { } }`,
heredocs, long `&&` chains, `cd`, loops, a huge `case`, a huge array, one long word, globs, a
script run by name (`bash big.sh`) and a chain of sourced files, Python and JavaScript given to
`-c`, SQL with thousands of statements, and the hook route with a big payload. Everything the
shapes run is harmless (`true`, `echo`, `cd` into folders made for it), so agentsh may run them.

For each shape and size it measures, in a fresh temporary folder with its own HOME, wall time
and peak resident memory of:
- `agentsh check --batch` (the text as one JSON line on standard input: an argument holds at
  most 128 KiB);
- `agentsh` reading the text as a script on standard input, as an agent (`CLAUDECODE=1`, no
  terminal), up to and including bash running it, beside `bash` alone on the same input;
- for the hook shape, `agentsh hook claude-code` with the payload.
`--inproc` times `classify` in this process instead (faster; no memory figure). The ratio
between sizes shows the growth order: x4 the size should be about x4 the time."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENTSH = ROOT / ".venv" / "bin" / "agentsh"


def _fill(unit: Callable[[int], str], size: int, head: str = "", tail: str = "") -> str:
    """`head`, then unit(0), unit(1)... while under `size` characters, then `tail`."""
    parts, total, i = [head], len(head) + len(tail), 0
    while True:
        piece = unit(i)
        if total + len(piece) > size:
            break
        parts.append(piece)
        total += len(piece)
        i += 1
    return "".join(parts) + tail


def _nested(open_: str, close: str, size: int, core: str = "true") -> str:
    depth = max(1, (size - len(core)) // (len(open_) + len(close)))
    return open_ * depth + core + close * depth


# shape -> (text of about `size` characters, files it needs beside it: name -> text)
Shape = Callable[[int], tuple[str, dict[str, str]]]


def _plain(make: Callable[[int], str]) -> Shape:
    return lambda size: (make(size), {})


def _script(size: int) -> tuple[str, dict[str, str]]:
    return "bash big.sh", {"big.sh": _fill(lambda i: f"v{i}=x; echo \"$v{i}\" >/dev/null\n", size)}


def _sourced(size: int) -> tuple[str, dict[str, str]]:
    files = {}
    count = 16
    each = max(64, size // count)
    for i in range(count):
        nxt = f". ./s{i + 1}.sh\n" if i + 1 < count else ""
        files[f"s{i}.sh"] = _fill(lambda j, i=i: f"f{i}_{j}() {{ true; }}\nf{i}_{j}\n", each,
                                  tail=nxt)
    return ". ./s0.sh", files


def _python(size: int) -> str:
    body = _fill(lambda i: f"x{i} = {i}\nif x{i} > 3:\n    print(x{i} + 1)\n", size - 40)
    return "python3 - <<'PY'\n" + body + "PY\n"


def _js(size: int) -> str:
    body = _fill(lambda i: f"let a{i} = {i}; if (a{i} > 1) {{ console.log(a{i}); }}\n",
                 size - 40)
    return "node <<'JS'\n" + body + "JS\n"


def _sql(size: int) -> str:
    body = _fill(lambda i: f"SELECT {i} FROM t WHERE id = {i};\n", size - 60)
    return "sqlite3 /tmp/agentsh-bounded.db <<'SQL'\n" + body + "SQL\n"


SHAPES: dict[str, Shape] = {
    # the known hole: 100 KB of these took 100-157 s
    "assignments": _plain(lambda n: _fill(lambda i: f"r{i}=x; n{i}=$((n{i}+1))\n", n)),
    "reused-vars": _plain(lambda n: _fill(lambda i: f"a{i % 50}=v{i}; echo $a{i % 50} "
                                          f"${{a{(i + 7) % 50}}} \"$a{(i + 3) % 50}\"\n", n)),
    "functions": _plain(lambda n: _fill(lambda i: f"f{i}() {{ f{i - 1 if i else 0} \"$@\"; "
                                        f"echo {i}; }}\n", n - 8, tail="f1 x\n")),
    "deep-subst": _plain(lambda n: "echo " + _nested("$(echo ", ")", n)),
    "deep-group": _plain(lambda n: _nested("{ ", "; }", n)),
    "deep-subshell": _plain(lambda n: _nested("(", ")", n)),
    "heredocs": _plain(lambda n: _fill(lambda i: f"cat <<EOF{i} >/dev/null\nline {i} $HOME\n"
                                       f"EOF{i}\n", n)),
    "and-chain": _plain(lambda n: "true" + _fill(lambda i: f" && echo {i}", n - 4)),
    "pipeline": _plain(lambda n: "echo a" + _fill(lambda i: " | grep -v zz", n - 6)),
    "cd": _plain(lambda n: "mkdir -p d && " + _fill(lambda i: "cd d && cd .. && ", n - 20,
                                                     tail="true")),
    "loops": _plain(lambda n: _fill(lambda i: f"for x in a b c; do y{i}=$x; echo \"$y{i}\"; "
                                    f"done\n", n)),
    "nested-loops": _plain(lambda n: _nested("for x in a b; do ", "; done", n, "echo $x")),
    "case": _plain(lambda n: "case $1 in\n" + _fill(lambda i: f"  p{i}) echo {i} ;;\n", n - 20)
                   + "esac\n"),
    "array": _plain(lambda n: "a=(" + _fill(lambda i: f" e{i}", n - 30) + ")\necho \"${a[@]}\""
                    " >/dev/null\n"),
    "long-word": _plain(lambda n: "echo " + "x" * (n - 15) + " >/dev/null"),
    "globs": _plain(lambda n: "ls -d" + _fill(lambda i: f" *{i}*", n - 30) + " 2>/dev/null; "
                    "true"),
    "script-file": _script,
    "sourced-chain": _sourced,
    "python-heredoc": _plain(_python),
    "node-heredoc": _plain(_js),
    "sql": _plain(_sql),
}


def hook_payload(command: str, cwd: str) -> bytes:
    return json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash", "session_id": "b",
                       "tool_input": {"command": command}, "cwd": cwd}).encode()


def measure(argv: list[str], data: bytes, env: dict[str, str], cwd: str, timeout: float
            ) -> tuple[float | None, float, int | None]:
    """`argv` reading `data` on standard input: (seconds or None past `timeout`, peak resident
    MiB of the process and its waited-for children, exit status)."""
    with tempfile.TemporaryFile() as fh:
        fh.write(data)
        fh.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=fh, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, 9)
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return None, usage.ru_maxrss / 1024, None
            time.sleep(0.01)


def _cell(seconds: float | None, mib: float, timeout: float) -> str:
    return f"> {timeout:.0f} s" if seconds is None else f"{seconds:.2f} s, {mib:.0f} MiB"


def run_process(shape: str, size: int, timeout: float) -> list[str]:
    text, files = SHAPES[shape](size)
    with tempfile.TemporaryDirectory(prefix="agentsh-bounded-") as tmp:
        home = Path(tmp) / "home"
        work = Path(tmp) / "work"
        home.mkdir()
        work.mkdir()
        for name, body in files.items():
            (work / name).write_text(body)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "LC_ALL": "C.UTF-8"}
        agent = {**env, "CLAUDECODE": "1"}
        subprocess.run([str(AGENTSH), "-c", "true"], env=env, cwd=work,
                       stdin=subprocess.DEVNULL, capture_output=True)  # the policy cache
        line = json.dumps({"cmd": text, "cwd": str(work)}).encode() + b"\n"
        check = measure([str(AGENTSH), "check", "--batch", "--here"], line, env, str(work),
                        timeout)
        ran = measure([str(AGENTSH)], text.encode(), agent, str(work), timeout)
        bash = measure(["bash"], text.encode(), env, str(work), timeout)
        hook = measure([str(AGENTSH), "hook", "claude-code"], hook_payload(text, str(work)),
                       agent, str(work), timeout)
    return [shape, f"{len(text.encode()) + sum(len(b) for b in files.values()):,}",
            _cell(*check[:2], timeout), _cell(*ran[:2], timeout) + f" (exit {ran[2]})",
            _cell(*bash[:2], timeout), _cell(*hook[:2], timeout)]


def run_inproc(shape: str, size: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from agentsh.engine import runtime
    from agentsh.engine.classify import classify

    text, files = SHAPES[shape](size)
    with tempfile.TemporaryDirectory(prefix="agentsh-bounded-") as tmp:
        for name, body in files.items():
            Path(tmp, name).write_text(body)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp}
        policy = runtime.load_policy(tmp, env)
        ctx = runtime.make_context(tmp, env)
        start = time.perf_counter()
        verdict = classify(text, policy, ctx)
        seconds = time.perf_counter() - start
    top = verdict.top.rule if verdict.top else ""
    return [shape, f"{len(text):,}", f"{seconds:.3f} s", f"{verdict.decision.name.lower()} {top}"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8,32,128", help="KiB, comma-separated")
    ap.add_argument("--only", default="", help="shapes, comma-separated (default: all)")
    ap.add_argument("--inproc", action="store_true", help="time classify in this process")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per process")
    a = ap.parse_args()
    shapes = [s for s in a.only.split(",") if s] or list(SHAPES)
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shape {', '.join(unknown)}; known: {', '.join(SHAPES)}")
    sizes = [int(k) * 1024 for k in a.sizes.split(",")]
    if a.inproc:
        print("| shape | characters | classify | verdict |\n|---|---|---|---|")
    else:
        print("| shape | bytes | `agentsh check` | `agentsh < script` (agent) | `bash < script` "
              "| hook |\n|---|---|---|---|---|---|")
    for shape in shapes:
        for size in sizes:
            cells = run_inproc(shape, size) if a.inproc else run_process(shape, size, a.timeout)
            print("| " + " | ".join(cells) + " |", flush=True)
    print(f"\nLoad average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
