#!/usr/bin/env python3
"""Differential compatibility harness: bash 5.2's own test suite under plain bash and agentsh.

    python3 bench/compat/run.py [--only NAME...] [--json FILE] [--markdown FILE] [-j N]

Each `run-NAME` script of the suite runs three times, from a fresh copy of `tests/`, with
THIS_SH set to plain bash (`bash`), to agentsh with the shipped policy (`shipped`) and to agentsh
with enforcement off (`permissive`). A test passes when its run script prints no diff, as in
bash's own `run-all`. See bench/compat/README.md for how to read the report."""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import analyse
import report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HELPERS = ("recho", "zecho", "printenv", "xcase")
SKIPPED = ("run-all", "run-minimal", "run-gprof")  # drivers, as in run-all itself
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
KEPT_VARS = ("USER", "LOGNAME")  # everything else is built from scratch: no agent markers
ENFORCE_OFF = "[settings]\nenforce = false\n"
MODES = ("bash", "shipped", "permissive")
JSON_TEXT = 4000  # characters of each output kept in the JSON file
# Locales the tests switch to (source, charmap, name), compiled into a private LOCPATH
LOCALES = (("en_US", "UTF-8", "en_US.UTF-8"), ("de_DE", "UTF-8", "de_DE.UTF-8"),
           ("zh_HK", "BIG5-HKSCS", "zh_HK.big5hkscs"), ("fr_FR", "ISO-8859-1", "fr_FR.ISO8859-1"),
           ("ru_RU", "CP1251", "ru_RU.CP1251"), ("ja_JP", "SHIFT_JIS", "ja_JP.SJIS"),
           ("zh_TW", "BIG5", "zh_TW.BIG5"))
# Files of bash's build directory that heredoc5.sub reads through here-documents of three sizes
BUILD_FILES = (("y.tab.c", 3000), ("config.h", 400), ("version.h", 30))


@dataclass(frozen=True)
class Mode:
    """One way of running the suite: the shell put in THIS_SH and the user rules file, if any."""

    name: str
    shell: str
    rules: str | None = None


@dataclass(frozen=True)
class Config:
    """What every test run needs to know."""

    suite: Path
    bindir: Path
    scratch: Path
    out: Path
    timeout: float
    locpath: Path | None


def default_suite() -> Path:
    """`../shared/bash-tests` next to the repository; for a worktree, next to a folder above."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "bash-tests"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "bash-tests"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options (see the module docstring and README.md)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", type=Path, default=default_suite(),
                    help="the bash test suite folder (holding tests/ and support/; default "
                    "../shared/bash-tests from the repository, or from a folder above it)")
    ap.add_argument("--agentsh", default=str(ROOT / ".venv" / "bin" / "agentsh"))
    ap.add_argument("--by-name", action="store_true",
                    help="run agentsh by its own name; by default THIS_SH is a `bash` shim (a "
                    "link named bash, as `agentsh setup shell` installs), so $0 and bash's "
                    "messages name the shell as the tests expect")
    ap.add_argument("--bash", default="/bin/bash")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these tests (case, run-case)")
    ap.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per test and mode")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="tests run in parallel")
    ap.add_argument("--no-locales", action="store_true",
                    help="do not compile the locales the tests use (into a private LOCPATH)")
    ap.add_argument("--no-locate", action="store_true",
                    help="do not narrow parse failures to the failing line (faster)")
    ap.add_argument("--json", type=Path, help="write the machine-readable results here")
    ap.add_argument("--markdown", type=Path, help="write the Markdown summary here")
    ap.add_argument("--out", type=Path, help="keep each test's diff, stderr and output here "
                    "(default: a new temporary folder)")
    ap.add_argument("--fail-under-shipped", type=int, metavar="N",
                    help="exit 1 if fewer than N tests pass under the shipped policy")
    ap.add_argument("--require-permissive-equal", action="store_true",
                    help="exit 1 if a test that passes with bash fails in permissive mode")
    return ap.parse_args(argv)


def base_env(home: Path, tmp: Path, bindir: Path) -> dict[str, str]:
    """A clean environment: temporary HOME, XDG folders and TMPDIR, the helpers first on PATH,
    nothing from the caller but the user name (so no agent markers and no AGENTSH_ settings)."""
    env = {k: os.environ[k] for k in KEPT_VARS if k in os.environ}
    env.update(PATH=f"{bindir}:{SYSTEM_PATH}", HOME=str(home), TMPDIR=str(tmp),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_STATE_HOME=str(home / ".local/state"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"), AGENTSH_SYSTEM_RULES=str(home / "no-system"))
    return env


def copy_tree(src: Path, dest: Path) -> None:
    """Copy a folder with its modes (`cp -a`: five times faster than shutil.copytree here)."""
    subprocess.run(["cp", "-a", str(src), str(dest)], check=True)


def make_home(home: Path, rules: str | None) -> None:
    """Create a temporary home; `rules` becomes the user's agentsh rules file."""
    (home / "run").mkdir(parents=True, mode=0o700)
    if rules is not None:
        (home / ".config" / "agentsh").mkdir(parents=True)
        (home / ".config" / "agentsh" / "rules.toml").write_text(rules)


def build_helpers(suite: Path, bindir: Path) -> None:
    """Compile recho, zecho, printenv and xcase from the suite's support/ into `bindir`."""
    bindir.mkdir(parents=True, exist_ok=True)
    support = suite / "support"
    for name in HELPERS:
        built = subprocess.run(["cc", f"-I{support / 'inc'}", "-o", str(bindir / name),
                                str(support / f"{name}.c")], capture_output=True, text=True,
                               check=False)
        if built.returncode != 0:
            raise SystemExit(f"compat: cannot build {name}:\n{built.stderr}")


def build_locales(dest: Path, bindir: Path) -> list[str]:
    """Compile the locales the tests use into `dest` (read through LOCPATH: the system is not
    changed) and put a `locale` in `bindir` whose `-a` lists them too; the names that were
    built, none without localedef."""
    if shutil.which("localedef") is None:
        return []
    dest.mkdir(parents=True, exist_ok=True)
    jobs = [(name, subprocess.Popen(["localedef", "-i", src, "-f", charmap, str(dest / name)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            for src, charmap, name in LOCALES]
    for _, proc in jobs:
        proc.wait()
    built = [name for name, _ in jobs if (dest / name / "LC_CTYPE").exists()]
    real = shutil.which("locale")
    if built and real:  # tests ask `locale -a`, which does not look in LOCPATH
        shim = bindir / "locale"
        shim.write_text(f'#!/bin/sh\nif [ "$1" = -a ]; then {real} -a; ls "$LOCPATH"; '
                        f'else exec {real} "$@"; fi\n')
        shim.chmod(0o755)
    return built


def fake_build_dir(folder: Path) -> None:
    """Stand-ins for the build files heredoc5.sub reads from BUILD_DIR (sizes above 64 KiB,
    between 4 KiB and 64 KiB, and between 512 bytes and 4 KiB)."""
    for name, lines in BUILD_FILES:
        (folder / name).write_text("".join(f"/* {name} stand-in line {i} */\n"
                                           for i in range(lines)))


def list_tests(suite: Path, only: list[str] | None) -> list[str]:
    """The suite's test names (`case` for run-case), or the requested subset."""
    names = sorted(p.name[4:] for p in (suite / "tests").glob("run-*") if p.name not in SKIPPED)
    if not only:
        return names
    wanted = [n[4:] if n.startswith("run-") else n for n in only]
    missing = [n for n in wanted if n not in names]
    if missing:
        raise SystemExit(f"compat: no such test: {', '.join(missing)}")
    return wanted


def agentsh_call(agentsh: str, args: list[str], home: Path) -> subprocess.CompletedProcess:
    """Run an agentsh subcommand with a clean temporary home."""
    env = base_env(home, home, Path("/nonexistent"))
    return subprocess.run([agentsh, *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, start_new_session=True, timeout=120,
                          check=False)


def shipped_rules_file(agentsh: str, home: Path) -> Path | None:
    """The built-in rules.toml, as `agentsh rules show` names it (or the repository's copy)."""
    shown = agentsh_call(agentsh, ["rules", "show"], home).stdout
    for line in shown.splitlines():
        _, sep, path = line.partition("builtin: ")
        if sep and Path(path.strip()).is_file():
            return Path(path.strip())
    return ROOT / "rules.toml" if (ROOT / "rules.toml").is_file() else None


def disable_all_rules(shipped: Path | None) -> str:
    """A user rules file that allows by default, allows every severity and disables every rule
    of the shipped policy (the fallback while `enforce = false` is not accepted)."""
    severities = "".join(f'{s} = "allow"\n' for s in ("low", "medium", "high", "critical"))
    ids = analyse.rule_ids(shipped.read_text()) if shipped else []
    rules = "".join(f'\n[[rule]]\nid = "{rid}"\nenabled = false\n' for rid in ids)
    return f'[settings]\ndefault = "allow"\n\n[settings.severity]\n{severities}{rules}'


def choose_permissive(agentsh: str, scratch: Path) -> dict:
    """Pick the permissive method: `enforce = false` if agentsh accepts it, else disabling every
    shipped rule. Probes whether a command the shipped policy blocks then runs."""
    home = Path(tempfile.mkdtemp(prefix="probe-", dir=scratch))
    make_home(home, None)
    candidate = home / "enforce.toml"
    candidate.write_text(ENFORCE_OFF)
    check = agentsh_call(agentsh, ["rules", "check", str(candidate)], home)
    if check.returncode == 0:
        method, rules, note = "enforce = false", ENFORCE_OFF, ""
    else:
        method = "disable every shipped rule (fallback)"
        rules = disable_all_rules(shipped_rules_file(agentsh, home))
        said = (check.stdout + check.stderr).strip().splitlines() or ["(no message)"]
        note = "`enforce = false` is not accepted yet: " + said[-1].replace(f"{candidate}: ", "")
    probe_home = home / "probe"
    make_home(probe_home, rules)
    probe = "x=true; $x"  # the command word is a variable: the shipped policy asks
    ran = subprocess.run([agentsh, "-c", probe], env=base_env(probe_home, probe_home, home),
                         capture_output=True, text=True, start_new_session=True, check=False)
    lint = (home / "method.toml")
    lint.write_text(rules)
    valid = agentsh_call(agentsh, ["rules", "check", str(lint)], home).returncode == 0
    return {"method": method, "rules": rules, "note": note, "rules_valid": valid,
            "probe": probe, "probe_exit": ran.returncode,
            "probe_blocked": ran.returncode == analyse.BLOCKED_EXIT}


def run_mode(name: str, mode: Mode, cfg: Config, attempt: int = 1) -> dict:
    """Run one test's run script in one mode from a fresh copy of tests/; return its result."""
    work = Path(tempfile.mkdtemp(prefix=f"{name}.{mode.name}.", dir=cfg.scratch))
    tests, home, tmp = work / "tests", work / "home", work / "tmp"
    copy_tree(cfg.suite / "tests", tests)
    make_home(home, mode.rules)
    tmp.mkdir()
    fake_build_dir(work)
    env = base_env(home, tmp, cfg.bindir)
    if cfg.locpath is not None:
        env["LOCPATH"] = str(cfg.locpath)
    tstout = tmp / f"bashtst-{secrets.randbelow(10**6)}"
    env.update(THIS_SH=mode.shell, BUILD_DIR=str(work), BASH_TSTOUT=str(tstout))
    start = time.monotonic()
    proc = subprocess.Popen(["/bin/sh", f"run-{name}"], cwd=tests, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=cfg.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc.pid)
        out, err = proc.communicate()
    _kill_group(proc.pid)  # background jobs a test left behind
    seconds = time.monotonic() - start
    result = {
        "test": name, "mode": mode.name, "rc": proc.returncode, "timed_out": timed_out,
        "seconds": round(seconds, 2),
        "diff": out.decode("utf-8", "replace"),
        "stderr": analyse.strip_warnings(err.decode("utf-8", "replace")),
        "output": tstout.read_text("utf-8", "replace") if tstout.exists() else "",
        "audit": analyse.read_audit(home / ".local/state/agentsh/audit.jsonl"),
    }
    result["passed"] = not timed_out and proc.returncode == 0 and not result["diff"]
    result["attempt"] = attempt
    _keep(cfg.out, result)
    shutil.rmtree(work, ignore_errors=True)
    return result


def _kill_group(pgid: int) -> None:
    """Kill a test's process group; it may be gone already."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _keep(out: Path, result: dict) -> None:
    """Write a run's diff, stderr and output files into `out` (only the non-empty ones)."""
    again = "" if result["attempt"] == 1 else f".{result['attempt']}"
    for key in ("diff", "stderr", "output"):
        if result[key]:
            (out / f"{result['test']}.{result['mode']}{again}.{key}").write_text(result[key])


def run_test(name: str, modes: list[Mode], cfg: Config) -> list[dict]:
    """All modes of one test, one after another (some tests use fixed /tmp paths). A failure
    that may be a race is run once more: bash failing where agentsh passes, or agentsh failing
    with nothing blocked where bash passes. A second pass marks the test `flaky`."""
    results = [run_mode(name, mode, cfg) for mode in modes]
    bash_passed = any(r["mode"] == "bash" and r["passed"] for r in results)
    for i, (mode, first) in enumerate(zip(modes, results, strict=False)):
        if first["passed"]:
            continue
        if mode.name == "bash":
            suspicious = any(r["passed"] for r in results)
        else:
            suspicious = bash_passed and not first["audit"]["blocked"]
        if suspicious:
            second = run_mode(name, mode, cfg, attempt=2)
            results[i] = {**second, "flaky": True} if second["passed"] else first
    return results


def run_all(names: list[str], modes: list[Mode], cfg: Config, jobs: int) -> list[dict]:
    """Run the tests on a small thread pool, printing one line per finished test."""
    results: list[dict] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(run_test, n, modes, cfg): n for n in names}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            rows = future.result()
            results += rows
            marks = " ".join(f"{r['mode']}={'ok' if r['passed'] else 'FAIL'}" for r in rows)
            print(f"[{done}/{len(names)}] {futures[future]}: {marks}", file=sys.stderr, flush=True)
    order = {m.name: i for i, m in enumerate(modes)}
    return sorted(results, key=lambda r: (r["test"], order[r["mode"]]))


def trimmed(run: dict) -> dict:
    """A run for the JSON file: long texts cut (the whole of each is in the outputs folder)."""
    def cut(text: str) -> str:
        return text if len(text) <= JSON_TEXT else text[:JSON_TEXT] + "\n[... cut]"

    audit = {**run["audit"], "blocked": [{**e, "cmd": cut(e["cmd"])}
                                         for e in run["audit"]["blocked"]]}
    return {**run, "stderr": cut(run["stderr"]), "output": cut(run["output"]),
            "diff": cut(run["diff"]), "audit": audit}


def exit_status(summary: dict, args: argparse.Namespace) -> int:
    """0 unless a CI threshold was asked for and missed."""
    counts = summary["counts"]
    if args.fail_under_shipped is not None and counts.get("shipped", 0) < args.fail_under_shipped:
        print(f"compat: shipped passes {counts.get('shipped', 0)} < {args.fail_under_shipped}",
              file=sys.stderr)
        return 1
    if args.require_permissive_equal and summary["permissive_regressions"]:
        print("compat: permissive differs from bash on: "
              + ", ".join(summary["permissive_regressions"]), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Prepare the suite, run every test in every mode, analyse and report."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    suite = args.suite.resolve()
    if not (suite / "tests").is_dir() or not (suite / "support").is_dir():
        raise SystemExit(f"compat: {suite} does not hold tests/ and support/")
    if shutil.which("cc") is None:
        raise SystemExit("compat: cc is needed to build the suite's helper programs")
    agentsh = str(Path(args.agentsh).absolute())
    if any(m != "bash" for m in args.modes) and not os.access(agentsh, os.X_OK):
        raise SystemExit(f"compat: {agentsh} is not executable (run ./install.sh --dev)")
    scratch = Path(tempfile.mkdtemp(prefix="agentsh-compat-"))
    out = (args.out or scratch / "out").resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        copy = scratch / "suite"
        copy_tree(suite, copy)
        build_helpers(copy, scratch / "bin")
        locales = [] if args.no_locales else build_locales(scratch / "locales", scratch / "bin")
        permissive = choose_permissive(agentsh, scratch) if "permissive" in args.modes else None
        shell = agentsh
        if not args.by_name:  # the way agentsh stands in for bash: a shim named bash
            (scratch / "shim").mkdir()
            (scratch / "shim" / "bash").symlink_to(agentsh)
            shell = str(scratch / "shim" / "bash")
        shells = {"bash": args.bash, "shipped": shell, "permissive": shell}
        modes = [Mode(m, shells[m], permissive["rules"] if m == "permissive" else None)
                 for m in args.modes]
        cfg = Config(copy, scratch / "bin", scratch, out, args.timeout,
                     scratch / "locales" if locales else None)
        names = list_tests(copy, args.only)
        started = time.monotonic()
        results = run_all(names, modes, cfg, args.jobs)
        finder = analyse.ParseLocator(agentsh, args.bash, scratch) \
            if any(m != "bash" for m in args.modes) and not args.no_locate else None
        summary = analyse.summarise(results, [m.name for m in modes], copy / "tests", finder,
                                    Path(shell).name)
        summary.update(permissive=permissive, suite=str(suite), agentsh=agentsh, bash=args.bash,
                       outputs=str(out), seconds=round(time.monotonic() - started, 1),
                       timeout=args.timeout, jobs=args.jobs, locales=locales)
    finally:
        shutil.rmtree(scratch / "suite", ignore_errors=True)
        for leftover in scratch.iterdir():
            if leftover != out:
                shutil.rmtree(leftover, ignore_errors=True)
        if out.parent != scratch:
            scratch.rmdir()
    if args.json:
        runs = [trimmed(r) for r in results]
        args.json.write_text(json.dumps({"summary": summary, "runs": runs}, indent=1) + "\n")
    if args.markdown:
        args.markdown.write_text(report.markdown(summary))
    print(report.markdown(summary, brief=args.markdown is not None))
    return exit_status(summary, args)


if __name__ == "__main__":
    sys.exit(main())
