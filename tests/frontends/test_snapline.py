"""The line rewrite (docs/undo.md, "The line rewrite"), run as an agent runs it: `agentsh -c`
with no terminal, CLAUDECODE=1, a temporary HOME and project, real bash.

A deletion after something that may wait or move data into it (`sleep`, a program agentsh does
not know) used to ask; now bash takes the snapshot right before it, the line runs, and `agentsh
undo` brings the target back, with what arrived after the check. Every attack on the call ends
in a snapshot taken or a person asked (blocked here: nobody is there), never in an unsaved
deletion."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import assert_blocked, clean_env, run_as_agent

# the chain forms of bench/precision/heldout-like-3.jsonl (programs that are not installed here
# fail, as `;` lets them)
CHAINS = [
    ("sleep", "sleep 0.1 && rm -rf _site .jekyll-cache", ["_site", ".jekyll-cache"]),
    ("psql", "psql postgresql://postgres:postgres@localhost:5432/app_dev -c '\\d users'; "
             "rm -rf output/run_001 output/run_002", ["output/run_001", "output/run_002"]),
    ("docker-compose", "docker compose run --rm api alembic upgrade head; "
                       "rm -rf .agent-tmp tmp_agent_work", [".agent-tmp", "tmp_agent_work"]),
    ("unknown-tool", "mytool --flag; rm -rf ./__agent_scratch__", ["__agent_scratch__"]),
]


@pytest.fixture
def rig(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "proj"
    work.mkdir()
    env = {**clean_env(home), "CLAUDECODE": "1"}
    return home, work, env


def _fill(work: Path, names) -> None:
    for name in names:
        (work / name).mkdir(parents=True)
        (work / name / "keep.txt").write_text(f"data of {name}\n")


def _undo(agentsh_bin: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    plain = {k: v for k, v in env.items() if k != "CLAUDECODE"}
    return subprocess.run([agentsh_bin, "undo"], cwd=work, env=plain, capture_output=True,
                          text=True, timeout=60)


def _audit(home: Path) -> list[dict]:
    log = home / ".local" / "state" / "agentsh" / "audit.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("command, names", [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_a_chain_runs_and_undo_brings_the_target_back(agentsh_bin, rig, command, names) -> None:
    home, work, env = rig
    _fill(work, names)
    done = run_as_agent(agentsh_bin, command, work, env, text=True)
    assert "blocked" not in done.stderr, done.stderr
    assert "agentsh: saved" in done.stderr and "to undo it: agentsh undo" in done.stderr
    assert not any((work / n).exists() for n in names)
    entries = _audit(home)
    # the line's own entry, then the call's, with the undo id
    assert entries[-2]["cmd"] == entries[-1]["cmd"] and entries[-2]["snapshot_at"] == "deletion"
    assert entries[-1]["hash"] and entries[-1]["prev"] == entries[-2]["hash"]  # one chain
    assert entries[-1]["channel"] == "snapshot at the deletion" and entries[-1]["undo"]
    undone = _undo(agentsh_bin, work, env)
    assert undone.returncode == 0, undone.stderr
    for name in names:
        assert (work / name / "keep.txt").read_text() == f"data of {name}\n"


def test_a_frontend_that_cannot_rewrite_still_asks(agentsh_bin, rig) -> None:
    """An agent's hook cannot change the command it answers about (Claude Code's is left for
    later, docs/undo.md): the plan is no plan there, and a person decides as before."""
    home, work, env = rig
    _fill(work, ["_site"])
    payload = json.dumps({"tool_name": "Bash", "tool_input": {
        "command": "sleep 0.1 && rm -rf _site"}, "cwd": str(work), "session_id": "s1"})
    done = subprocess.run([agentsh_bin, "hook", "claude-code"], input=payload, cwd=work, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert (work / "_site" / "keep.txt").exists()


def test_check_reports_the_snapshot_taken_at_the_deletion(agentsh_bin, rig) -> None:
    home, work, env = rig
    done = subprocess.run([agentsh_bin, "check", "--json", "sleep 5 && rm -rf _site"], cwd=work,
                          env=env, capture_output=True, text=True, timeout=60)
    out = json.loads(done.stdout)
    assert out["decision"] == "allow" and out["decision_without_snapshot"] == "confirm"
    assert [f.get("snapshot_at") for f in out["findings"]] == ["deletion"]


def test_data_a_background_job_moves_in_after_the_check_is_in_the_snapshot(agentsh_bin,
                                                                          rig) -> None:
    """The race docs/undo.md described: a job an earlier command left running moves the
    person's thesis into the target once the line has started (after the check and after any
    snapshot taken then). The snapshot bash takes at the deletion holds it."""
    home, work, env = rig
    _fill(work, ["src"])
    thesis = home / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("years of work\n")
    job = subprocess.Popen(
        ["bash", "-c", "until [ -e go ]; do sleep 0.02; done; mv ../home/thesis src/"],
        cwd=work, start_new_session=True)
    try:
        done = run_as_agent(agentsh_bin, "touch go; sleep 1; rm -rf src", work, env, text=True)
    finally:
        try:
            job.wait(timeout=30)
        finally:  # a job never released must not outlive the test (it polls forever)
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
                job.wait()
    assert done.returncode == 0 and "agentsh: saved" in done.stderr, done.stderr
    assert not thesis.exists() and not (work / "src").exists()
    assert _undo(agentsh_bin, work, env).returncode == 0
    assert (work / "src" / "thesis" / "chapter1.tex").read_text() == "years of work\n"


# forms whose status and output must be bash's own (stdout and status compared)
SAME_AS_BASH = [
    ("negated", "sleep 0 && ! rm -rf d; echo status=$?"),
    ("and-or", "sleep 0 && rm -rf d && echo gone || echo kept"),
    ("set-e-failing", "set -e; sleep 0; rm -r missing_dir; echo not-reached"),
    ("set-e", "set -e; sleep 0; rm -rf d; echo after"),
    ("time", "sleep 0; time rm -rf d; echo status=$?"),
    ("exec", "sleep 0; exec rm -rf d; echo not-reached"),
    ("redirections", "sleep 0; rm -rf d missing >out.txt 2>&1; echo status=$?; cat out.txt"),
    ("failing-status", "sleep 0; rm -r missing_dir 2>/dev/null; echo status=$?"),
    ("assignment-prefix", "sleep 0 && LC_ALL=C rm -rf d && echo ok"),
    ("loop", "sleep 0; for i in 1 2; do rm -rf d; echo round $i $?; done"),
    ("subshell", "(sleep 0; rm -rf d; echo in $?); echo out $?"),
    ("if", "sleep 0; if rm -rf d; then echo yes; else echo no; fi"),
    ("wrapper", "sleep 0; timeout 5 rm -rf d; echo status=$?"),
    ("command-substitution", "sleep 0; x=$(rm -rf d; echo done); echo $x"),
    ("exit-after", "sleep 0; rm -rf d || exit 3; builtin echo ok; exit 4"),
]


@pytest.mark.parametrize("command", [c[1] for c in SAME_AS_BASH], ids=[c[0] for c in SAME_AS_BASH])
def test_a_wrapped_command_behaves_as_in_bash(agentsh_bin, rig, tmp_path, command) -> None:
    home, work, env = rig
    _fill(work, ["d"])
    plain = tmp_path / "plain"
    plain.mkdir()
    _fill(plain, ["d"])
    want = subprocess.run(["bash", "-c", command], cwd=plain, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    got = run_as_agent(agentsh_bin, command, work, env, text=True)
    assert "blocked" not in got.stderr, got.stderr
    assert (got.returncode, got.stdout) == (want.returncode, want.stdout), got.stderr
    assert (work / "d").exists() == (plain / "d").exists()


def test_a_pipeline_is_not_rewritten(agentsh_bin, rig) -> None:
    """What runs alongside the deletion in a pipeline could move data in while it runs: no
    rewrite, a person decides (as before)."""
    home, work, env = rig
    _fill(work, ["d"])
    assert_blocked(run_as_agent(agentsh_bin, "sleep 0; rm -rf d | cat", work, env))
    assert (work / "d" / "keep.txt").exists()


# lines that could make the call not be the call: never rewritten, a person decides
NOT_REWRITTEN = [
    ("function-command", "command() { :; }; sleep 0; rm -rf d"),
    ("function-exit", "exit() { :; }; sleep 0; rm -rf d"),
    ("function-path", "function /usr/bin/python3 { :; }; sleep 0; rm -rf d"),
    ("function-keyword", "function command { :; }; sleep 0; rm -rf d"),
    ("eval", "eval 'command() { :; }'; sleep 0; rm -rf d"),
    ("source", "source ./env.sh; sleep 0; rm -rf d"),
    ("alias", "shopt -s expand_aliases; alias command=true; sleep 0; rm -rf d"),
    ("enable", "enable -n command; sleep 0; rm -rf d"),
    ("trap-debug", "trap 'mv ../home/thesis d/' DEBUG; sleep 0; rm -rf d"),
    ("run-time-name", "X=eval; $X 'command() { :; }'; sleep 0; rm -rf d"),
    ("mapfile-callback", "mapfile -C 'command() { :; }' -c 1 x < /dev/null; sleep 0; rm -rf d"),
    ("background", "sleep 0.2 & rm -rf d"),
    ("nested-shell", "sleep 0; bash -c 'rm -rf d'"),
    ("last-argument", "sleep 0 d; rm -rf \"$_\""),
    ("ps4", "PS4='$(mv ../home/thesis d/)'; set -x; sleep 0; rm -rf d"),
]


@pytest.mark.parametrize("command", [c[1] for c in NOT_REWRITTEN],
                         ids=[c[0] for c in NOT_REWRITTEN])
def test_a_line_that_could_redefine_the_call_asks(agentsh_bin, rig, command) -> None:
    home, work, env = rig
    _fill(work, ["d"])
    (work / "env.sh").write_text("command() { :; }\n")
    assert_blocked(run_as_agent(agentsh_bin, command, work, env))
    assert (work / "d" / "keep.txt").exists()


def test_exported_functions_and_bash_env_are_not_trusted(agentsh_bin, rig) -> None:
    home, work, env = rig
    _fill(work, ["d"])
    for extra in ({"BASH_FUNC_command%%": "() { :; }"}, {"BASH_FUNC_exit%%": "() { :; }"},
                  {"PS4": "$(mv ../home/thesis d/)", "SHELLOPTS": "xtrace"}):
        done = run_as_agent(agentsh_bin, "sleep 0; rm -rf d", work, {**env, **extra})
        assert_blocked(done)
        assert (work / "d" / "keep.txt").exists()


# lines whose tricks the call does not depend on: the snapshot is taken, undo works
SNAPSHOT_TAKEN = [
    ("path-changed", "PATH=/nonexistent:$PATH; sleep 0; rm -rf d"),
    ("path-exported", "export PATH=.:/nonexistent:$PATH; sleep 0; rm -rf d"),
    ("unset", "unset -f command exit; unset HOME CDPATH; sleep 0; rm -rf d"),
    ("function-named-like-a-program", "python3() { :; }; sleep 0; rm -rf d"),
    ("pythonpath", "export PYTHONPATH=./evil PYTHONSTARTUP=./evil/x.py; sleep 0; rm -rf d"),
]


@pytest.mark.parametrize("command", [c[1] for c in SNAPSHOT_TAKEN],
                         ids=[c[0] for c in SNAPSHOT_TAKEN])
def test_a_line_that_changes_the_environment_still_gets_its_snapshot(agentsh_bin, rig,
                                                                    command) -> None:
    home, work, env = rig
    _fill(work, ["d"])
    evil = work / "evil" / "agentsh"
    evil.mkdir(parents=True)
    (evil / "__init__.py").write_text("raise SystemExit(0)\n")
    done = run_as_agent(agentsh_bin, command, work, env, text=True)
    assert done.returncode == 0 and "agentsh: saved" in done.stderr, done.stderr
    assert not (work / "d").exists()
    assert _undo(agentsh_bin, work, env).returncode == 0
    assert (work / "d" / "keep.txt").exists()


def test_a_cd_before_the_deletion_saves_where_it_deletes(agentsh_bin, rig) -> None:
    home, work, env = rig
    _fill(work / "sub", ["d"])
    _fill(work, ["d"])
    done = run_as_agent(agentsh_bin, "sleep 0; cd sub && sleep 0 && rm -rf d", work, env,
                        text=True)
    assert done.returncode == 0 and "agentsh: saved" in done.stderr, done.stderr
    assert not (work / "sub" / "d").exists() and (work / "d" / "keep.txt").exists()
    assert _undo(agentsh_bin, work, env).returncode == 0
    assert (work / "sub" / "d" / "keep.txt").exists()


def _records(home: Path) -> Path:
    return home / "run" / "agentsh" / "snapline"


def _tamper(folder: Path, change, stop: threading.Event) -> None:
    seen: set[str] = set()
    while not stop.is_set():
        for path in folder.glob("*.json") if folder.is_dir() else ():
            if path.name not in seen:
                try:
                    change(path)
                except (OSError, ValueError):
                    continue  # try again
                seen.add(path.name)
        time.sleep(0.005)


def _edit(path: Path) -> None:
    record = json.loads(path.read_text())
    for plan in record["plans"]:
        plan["snaps"] = []
    path.write_text(json.dumps(record))


def _swap(path: Path) -> None:
    os.unlink(path)
    os.symlink("/dev/null", path)


@pytest.mark.parametrize("change", [_edit, _swap, os.unlink], ids=["edited", "symlink", "removed"])
def test_a_record_changed_while_the_line_runs_stops_the_deletion(agentsh_bin, rig,
                                                                 change) -> None:
    """A job of the agent's changes the plan record after the check (an empty plan, a link,
    nothing): the call refuses, bash exits 126 before the deletion, with the reason."""
    home, work, env = rig
    _fill(work, ["d"])
    stop = threading.Event()
    watcher = threading.Thread(target=_tamper, args=(_records(home), change, stop), daemon=True)
    watcher.start()
    try:
        done = run_as_agent(agentsh_bin, "sleep 0.5; rm -rf d; echo not-reached", work, env,
                            text=True)
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert done.returncode == 126 and "not-reached" not in done.stdout, done.stderr
    assert "agentsh: not run: the snapshot before" in done.stderr
    assert (work / "d" / "keep.txt").exists()


def test_a_killed_call_stops_the_deletion(agentsh_bin, rig) -> None:
    """The call is killed (by a job of the agent's, by its pid) before it finishes: bash sees a
    failed call and ends before the deletion."""
    home, work, env = rig
    _fill(work, ["d"])
    proc = subprocess.Popen([agentsh_bin, "-c", "sleep 0.2; rm -rf d; echo not-reached"],
                            cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    killed = False
    while proc.poll() is None and time.monotonic() < deadline and not killed:
        for pid in _descendants(proc.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if pid != proc.pid and b"\0-IS\0-c\0" in cmdline and \
                    b"agentsh.gate.snapline" in cmdline:
                os.kill(pid, signal.SIGKILL)
                killed = True
        time.sleep(0.002)
    out, err = proc.communicate(timeout=60)
    assert killed
    assert proc.returncode == 126 and "not-reached" not in out, err
    assert (work / "d" / "keep.txt").exists()


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def test_a_replayed_or_forged_call_only_refuses_or_snapshots(agentsh_bin, rig) -> None:
    """Run by hand, the call finds its record gone (removed with its shell), another shell's, or
    a forged one whose digest it is given: it refuses or takes a snapshot; it never deletes."""
    home, work, env = rig
    _fill(work, ["d"])
    done = run_as_agent(agentsh_bin, "sleep 0; rm -rf d", work, env, text=True)
    assert done.returncode == 0
    from agentsh.gate import snapline

    # a forged record for this shell is not this shell's: refused
    record = {"version": 1, "created": time.time(), "pid": 1, "start": "", "text": "x",
              "cwd": str(work), "log": str(home / "log.jsonl"), "syslog": False,
              "snapshots": {}, "plans": [{"command": "rm -rf d", "snaps": []}]}
    folder = _records(home)
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(record).encode()
    (folder / "1-1-forged.json").write_bytes(data)
    os.chmod(folder / "1-1-forged.json", 0o600)
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    with pytest.raises(snapline.Refused, match="another shell"):
        snapline.load({**env}, "1-1-forged", digest)
    with pytest.raises(snapline.Refused, match="changed"):
        snapline.load({**env}, "1-1-forged", "0" * 64)
    with pytest.raises(snapline.Refused, match="name"):
        snapline.load({**env}, "../1-1-forged", digest)


def test_a_snapshot_that_cannot_be_taken_at_the_deletion_asks_a_person(agentsh_bin, rig,
                                                                       tmp_path) -> None:
    """Too many files for `max_files` when bash reaches the deletion: a person decides, as when
    a snapshot before the line fails; nobody is there, so it is blocked, and what ran before
    it ran."""
    home, work, env = rig
    _fill(work, ["d"])
    for n in range(5):
        (work / "d" / f"f{n}").write_text("x")
    team = tmp_path / "team.toml"
    team.write_text("[settings.snapshots]\nmax_files = 2\n")
    done = run_as_agent(agentsh_bin, "echo before; sleep 0; rm -rf d; echo not-reached", work,
                        {**env, "AGENTSH_RULES": str(team)}, text=True)
    assert done.returncode == 126 and done.stdout == "before\n", done.stderr
    assert "no snapshot could stand in for a person here" in done.stderr
    assert "blocked" in done.stderr
    assert (work / "d" / "keep.txt").exists()
    entry = _audit(home)[-1]
    assert entry["snapshot_at"] == "deletion" and entry["outcome"] == "no-channel"
