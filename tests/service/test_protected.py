"""Protected mode end to end (issue 11), as root with throwaway users and an install root under
/tmp: the service runs as one user, the agent as another, the approving person as a third.
Each attack of the issue is re-run as the agent user and must fail: the victim stays and the
audit log verifies. A destructive command runs only after a correct TOTP code; a wrong code, an
expired request and a dead service mean it does not run.

Nothing here touches the real /etc, /opt or /run: everything is under the test's own root
(`install.sh --root`), except the throwaway users, which are removed afterwards."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="protected mode tests need root "
                                "(they create throwaway users and a root-owned install)")


def wait_for(predicate, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


class Install:
    """A protected install under its own root, its service, and the users around it."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.root = Path(f"/tmp/agentsh-protected-{tag}")
        self.service_user = f"agsh-svc-{tag}"
        self.agent = f"agsh-agent-{tag}"
        self.person = f"agsh-person-{tag}"
        self.users: list[str] = []
        self.service: subprocess.Popen | None = None

    @property
    def agentsh(self) -> str:
        return str(self.root / "opt" / "agentsh" / "bin" / "agentsh")

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    def install(self, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ROOT / "install.sh"), "--system", "--protected", "--root", str(self.root),
             "--service-user", self.service_user, "--user", self.agent, *extra],
            capture_output=True, text=True, timeout=900, env={**os.environ, "PIP_QUIET": "1"})

    def add_user(self, name: str) -> None:
        home = self.home(name)
        subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--shell",
                        "/bin/bash", name], check=True)
        self.users.append(name)
        home.mkdir(parents=True)
        shutil.chown(home, name, name)
        home.chmod(0o700)

    def start_service(self) -> None:
        self.service = subprocess.Popen([self.agentsh, "serve"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        assert wait_for(lambda: self.path("run", "agentsh", "gate.sock").exists()), \
            "the service did not start"

    def stop_service(self) -> None:
        if self.service is not None:
            self.service.terminate()
            try:
                self.service.wait(10)
            except subprocess.TimeoutExpired:
                self.service.kill()
            self.service = None

    def env(self, user: str, **extra: str) -> dict[str, str]:
        home = str(self.home(user))
        return {"HOME": home, "USER": user, "LOGNAME": user, "PATH": "/usr/bin:/bin",
                "LC_ALL": "C.UTF-8", "TERM": "xterm", "XDG_RUNTIME_DIR": f"{home}/run", **extra}

    def as_user(self, user: str, args: list[str], *, agent: bool = True, cwd: Path | None = None,
                input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        """A command as `user`: the agent's way (no terminal, CLAUDECODE=1) by default."""
        env = self.env(user, **({"CLAUDECODE": "1"} if agent else {}))
        return subprocess.run(["runuser", "-u", user, "--", "env", "-i",
                               *[f"{k}={v}" for k, v in env.items()], *args],
                              cwd=cwd or self.home(user), capture_output=True, text=True,
                              timeout=timeout, input=input, start_new_session=True,
                              stdin=None if input is not None else subprocess.DEVNULL)

    def agent_sh(self, script: str, **kw) -> subprocess.CompletedProcess:
        """The agent running a shell command through agentsh (`agentsh -c`)."""
        return self.as_user(self.agent, [self.agentsh, "-c", script], **kw)

    def raw_sh(self, script: str) -> subprocess.CompletedProcess:
        """The agent going around agentsh (its own file tools, a program it wrote)."""
        return self.as_user(self.agent, ["bash", "-c", script])

    def enroll(self) -> str:
        result = subprocess.run([self.agentsh, "enroll", "--no-qr"], capture_output=True,
                                text=True, check=True)
        return re.search(r"secret=([A-Z2-7]+)", result.stdout).group(1)

    def console(self, user: str) -> pexpect.spawn:
        env = self.env(user)
        child = pexpect.spawn("runuser", ["-u", user, "--", "env", "-i",
                                          *[f"{k}={v}" for k, v in env.items()], self.agentsh,
                                          "approve"], timeout=30, encoding="utf-8",
                              dimensions=(50, 220))
        child.expect("waiting for requests")
        return child

    def set_system_rules(self, text: str) -> None:
        self.path("etc", "agentsh", "rules.toml").write_text(text)

    def cleanup(self) -> None:
        self.stop_service()
        for user in [*self.users, self.service_user]:
            subprocess.run(["userdel", user], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def prot():
    if not shutil.which("runuser") or not shutil.which("useradd"):
        pytest.skip("needs runuser and useradd")
    inst = Install()
    try:
        inst.root.mkdir(mode=0o755)
        # the kernel's Yama setting as the install finds it, under the install's root
        scope = inst.path("proc", "sys", "kernel", "yama", "ptrace_scope")
        scope.parent.mkdir(parents=True)
        scope.write_text("0\n")
        done = inst.install()
        assert done.returncode == 0, done.stdout + done.stderr
        inst.add_user(inst.agent)
        inst.add_user(inst.person)
        inst.start_service()
        yield inst
    finally:
        inst.cleanup()


@pytest.fixture
def victim(prot):
    path = prot.home(prot.agent) / "victim"
    path.mkdir(exist_ok=True)
    (path / "data").write_text("precious")
    shutil.chown(path, prot.agent, prot.agent)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def secret(prot) -> str:
    return prot.enroll()


def totp(secret: str, offset: int = 0) -> str:
    import pyotp

    return pyotp.TOTP(secret).at(time.time() + offset * 30)


def next_code(secret: str) -> str:
    """The current code: each test enrolls a fresh secret, so no step of it was used yet."""
    return totp(secret)


def background_agent(prot: Install, script: str) -> subprocess.Popen:
    env = prot.env(prot.agent, CLAUDECODE="1")
    return subprocess.Popen(["runuser", "-u", prot.agent, "--", "env", "-i",
                             *[f"{k}={v}" for k, v in env.items()], prot.agentsh, "-c", script],
                            cwd=prot.home(prot.agent), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


# ---------------------------------------------------------------------------- the plain path


def test_an_allowed_command_runs_and_only_the_service_logs_it(prot) -> None:
    result = prot.agent_sh("echo hello-from-the-agent")
    assert result.returncode == 0 and result.stdout == "hello-from-the-agent\n", result.stderr
    log = prot.path("var", "log", "agentsh", "audit.jsonl")
    last = json.loads(log.read_text().splitlines()[-1])
    assert last["cmd"] == "echo hello-from-the-agent" and last["agent"] == "agent"
    assert last["uid"] == int(subprocess.run(["id", "-u", prot.agent], capture_output=True,
                                             text=True).stdout)
    assert not (prot.home(prot.agent) / ".local" / "state" / "agentsh").exists()


def test_the_install_is_root_owned_and_the_service_runs_as_its_user(prot) -> None:
    for path in (prot.path("opt", "agentsh"), prot.path("etc", "agentsh", "rules.toml"),
                 prot.path("etc", "agentsh", "protected.conf"), Path(prot.agentsh)):
        st = path.stat()
        assert st.st_uid == 0 and not st.st_mode & 0o022, path
    owner = prot.path("run", "agentsh", "gate.sock").stat().st_uid
    assert owner == int(subprocess.run(["id", "-u", prot.service_user], capture_output=True,
                                       text=True).stdout)
    doctor = prot.as_user(prot.agent, [prot.agentsh, "doctor"], agent=False)
    assert "mode: protected" in doctor.stdout and "WRITABLE" not in doctor.stdout, doctor.stdout
    assert "ptrace: a process may attach only to its descendants" in doctor.stdout, doctor.stdout


def test_the_install_stops_the_agent_attaching_to_its_own_clients(prot) -> None:
    """The hook and wrapper clients run as the agent's user: with Yama's ptrace_scope at 0 a
    program the agent wrote could attach gdb to its own hook and forge the answer (red team
    s29). The install raises it to 1, now and across reboots."""
    assert prot.path("proc", "sys", "kernel", "yama", "ptrace_scope").read_text().strip() == "1"
    conf = prot.path("etc", "sysctl.d", "60-agentsh-ptrace.conf").read_text()
    assert "\nkernel.yama.ptrace_scope = 1\n" in conf


def test_a_dead_service_means_not_run_with_a_message_naming_the_fix(prot, victim) -> None:
    prot.stop_service()
    try:
        result = prot.agent_sh("rm -rf victim")
        assert result.returncode == 126 and victim.exists()
        assert "not reachable" in result.stderr and "systemctl start agentsh" in result.stderr
        allowed = prot.agent_sh("echo even-this")
        assert allowed.returncode == 126 and allowed.stdout == ""
    finally:
        prot.start_service()


def test_hooks_go_to_the_service(prot, victim) -> None:
    payload = json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash",
                          "tool_input": {"command": "rm -rf victim"},
                          "cwd": str(prot.home(prot.agent))})
    result = prot.as_user(prot.agent, [prot.agentsh, "hook", "claude-code"], input=payload)
    assert result.returncode == 2 and "FS001" in result.stderr + result.stdout
    ok = json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash",
                     "tool_input": {"command": "ls"}, "cwd": str(prot.home(prot.agent))})
    assert prot.as_user(prot.agent, [prot.agentsh, "hook", "claude-code"],
                        input=ok).returncode == 0


def test_a_script_the_service_cannot_read_is_read_through_the_client(prot, victim) -> None:
    script = prot.home(prot.agent) / "deploy.sh"
    script.write_text("echo deploying\nrm -rf victim\n")
    shutil.chown(script, prot.agent, prot.agent)
    result = prot.agent_sh("bash deploy.sh")
    assert result.returncode == 126 and "FS001" in result.stderr and victim.exists()


# ---------------------------------------------------------------------------- approvals


def test_a_destructive_command_runs_only_after_a_correct_code(prot, victim, secret) -> None:
    console = prot.console(prot.person)
    try:
        waiting = background_agent(prot, "rm -rf victim")
        console.expect("command: rm -rf victim")
        console.expect(r"\[a\] approve")
        console.send("a")
        console.expect("code from your authenticator app: ")
        console.send(next_code(secret) + "\r")
        console.expect("approved")
        out, err = waiting.communicate(timeout=30)
        assert waiting.returncode == 0, err
        assert not victim.exists()
    finally:
        console.terminate(force=True)
    entries = [json.loads(x) for x in
               prot.path("var", "log", "agentsh", "audit.jsonl").read_text().splitlines()]
    assert any(e.get("cmd") == "rm -rf victim" and e.get("outcome") == "approved" and
               e.get("approver_uid") for e in entries)


def test_the_service_remembers_what_the_agent_moved(prot, victim) -> None:
    """`mv victim build` is allowed (a move loses nothing); `rm -rf build` in the agent's next
    command is not build output any more: the service's own record says what `build` holds,
    and protected mode takes no snapshots, so it asks (no console: denied, data kept)."""
    project = prot.home(prot.agent) / "proj"
    project.mkdir(exist_ok=True)
    shutil.chown(project, prot.agent, prot.agent)
    try:
        moved = prot.agent_sh(f"mv {victim} build", cwd=project)
        assert moved.returncode == 0, moved.stderr
        for second in ("rm -rf build", "find . -name build -exec rm -rf {} +"):
            done = prot.agent_sh(second, cwd=project)
            assert done.returncode != 0 and "blocked" in done.stderr, (second, done.stderr)
            assert (project / "build" / "data").read_text() == "precious"
        # the record is the service's: nothing the agent's user could write or delete
        assert not list(prot.home(prot.agent).rglob("moves.json"))
    finally:
        shutil.rmtree(project, ignore_errors=True)


def test_a_wrong_code_does_not_approve(prot, victim, secret) -> None:
    console = prot.console(prot.person)
    try:
        waiting = background_agent(prot, "rm -rf victim")
        console.expect("command: rm -rf victim")
        console.expect(r"\[a\] approve")
        wrong = f"{(int(totp(secret)) + 500000) % 1000000:06d}"
        for _ in range(3):
            console.send("a")
            console.expect("code from your authenticator app: ")
            console.send(wrong + "\r")
            console.expect("wrong code")
        out, err = waiting.communicate(timeout=30)
        assert waiting.returncode == 126 and victim.exists()
        assert "wrong-code" in err
    finally:
        console.terminate(force=True)


def test_an_expired_request_is_denied(prot, victim, secret) -> None:
    rules = prot.path("etc", "agentsh", "rules.toml")
    before = rules.read_text()
    prot.set_system_rules(before + "\n[settings]\napprove_timeout = 3\n")
    console = prot.console(prot.person)
    try:
        started = time.monotonic()
        result = prot.agent_sh("rm -rf victim")
        assert result.returncode == 126 and victim.exists()
        assert "nobody answered in `agentsh approve`" in result.stderr, result.stderr
        assert time.monotonic() - started < 30
    finally:
        console.terminate(force=True)
        rules.write_text(before)


def approvers(prot) -> int:
    status = prot.as_user(prot.person, [prot.agentsh, "doctor"], agent=False).stdout
    found = re.search(r"(\d+) approver console", status)
    return int(found.group(1)) if found else -1


def test_no_console_means_no_approval(prot, victim, secret) -> None:
    assert wait_for(lambda: approvers(prot) == 0)
    result = prot.agent_sh("rm -rf victim")
    assert result.returncode == 126 and victim.exists()
    assert "no approver is open" in result.stderr, result.stderr


# ---------------------------------------------------------------------------- the attacks


@pytest.mark.parametrize("attack", [
    "echo x > {root}/var/cache/agentsh/planted.json",
    "cp /bin/true {root}/opt/agentsh/bin/agentsh",
    "echo 'raise SystemExit' >> {site}/agentsh/policy/cache.py",
    "echo '[settings]' >> {root}/etc/agentsh/rules.toml",
    "echo '{{}}' > {root}/var/lib/agentsh/trust.json",
    "rm -f {root}/etc/agentsh/protected.conf",
    "python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('{root}/run/agentsh/x.sock')\"",
    "ln -sf /dev/null {root}/var/log/agentsh/audit.jsonl",
    "head -n 1 {root}/var/log/agentsh/audit.jsonl > /tmp/t-$$ && mv /tmp/t-$$ "
    "{root}/var/log/agentsh/audit.jsonl",
    ": > {root}/var/log/agentsh/audit.jsonl",
], ids=["cache", "launcher", "code", "system-rules", "trust-store", "mode-marker", "fake-socket",
        "log-symlink", "log-truncate-mv", "log-truncate"])
def test_the_agents_user_cannot_change_what_decides_or_records(prot, attack) -> None:
    site = next(prot.path("opt", "agentsh", "venv", "lib").glob("python3*/site-packages"))
    result = prot.raw_sh(attack.format(root=prot.root, site=site))
    assert result.returncode != 0, f"the agent's user could: {attack}"
    verify = prot.as_user(prot.agent, [prot.agentsh, "log", "--verify"], agent=False)
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stdout


def test_agent_writable_layers_and_caches_only_tighten(prot, victim) -> None:
    """The agent plants a loosening user rules file, a project file, a trust store and caches
    that say everything is fine: protected mode reads none of them as loosening."""
    home = prot.home(prot.agent)
    planted = {
        ".config/agentsh/rules.toml": '[settings]\ndefault = "allow"\n[settings.severity]\n'
                                      'high = "allow"\n[[allow]]\nrule = "FS001"\n'
                                      'command = "^rm -rf victim$"\n'
                                      '[[rule]]\nid = "FS001"\nseverity = "low"\n',
        ".agentsh/rules.toml": '[[allow]]\nrule = "FS001"\ncommand = "^rm -rf victim$"\n',
        ".cache/agentsh/fast-00000000.index": "agentsh-fast-index 3\nprograms\n",
    }
    for rel, text in planted.items():
        path = home / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    import hashlib

    digest = hashlib.sha256(planted[".agentsh/rules.toml"].encode()).hexdigest()
    trust = home / ".local" / "share" / "agentsh" / "trust.json"
    trust.parent.mkdir(parents=True, exist_ok=True)
    trust.write_text(json.dumps({str(home / ".agentsh" / "rules.toml"): digest}))
    subprocess.run(["chown", "-R", f"{prot.agent}:{prot.agent}", str(home)], check=True)
    try:
        result = prot.agent_sh("rm -rf victim")
        assert result.returncode == 126 and victim.exists(), result.stderr
        tighter = home / ".config" / "agentsh" / "rules.toml"
        tighter.write_text('[[rule]]\nid = "USR001"\ndomain = "project"\nseverity = "high"\n'
                           'message = "no make deploy"\nprogram = ["make"]\n'
                           'args_any = ["^deploy$"]\n')
        assert prot.agent_sh("make deploy").returncode == 126  # tightening still applies
    finally:
        for rel in (".config", ".agentsh", ".cache", ".local"):
            shutil.rmtree(home / rel, ignore_errors=True)


def test_deleted_hook_settings_are_out_of_the_agents_reach(prot) -> None:
    setup = subprocess.run([prot.agentsh, "setup", "claude-code", "--system", "--root",
                            str(prot.root)], capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    managed = prot.path("etc", "claude-code", "managed-settings.json")
    assert managed.exists() and managed.stat().st_uid == 0
    for attack in (f"rm -f {managed}", f"echo '{{}}' > {managed}", f"mv {managed} /tmp/x"):
        assert prot.raw_sh(attack).returncode != 0, attack
    assert "agentsh" in managed.read_text()


def test_a_planted_socket_is_not_believed(prot, victim) -> None:
    """If the agent's user could put a socket where the service listens (here the test moves
    the folder to it), clients refuse it: the peer is not the service user."""
    run = prot.path("run", "agentsh")
    prot.stop_service()
    shutil.chown(run, prot.agent, prot.agent)
    fake = prot.home(prot.agent) / "fake.py"
    fake.write_text(
        "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\n"
        "s.listen(5)\nprint('ready', flush=True)\nwhile True:\n    c, _ = s.accept()\n"
        "    c.recv(1 << 20)\n"
        "    c.sendall(b'{\"type\": \"decision\", \"allow\": true, \"bash\": \"/bin/bash\"}\\n')\n")
    env = prot.env(prot.agent)
    server = subprocess.Popen(["runuser", "-u", prot.agent, "--", "env", "-i",
                               *[f"{k}={v}" for k, v in env.items()], "python3", str(fake),
                               str(run / "gate.sock")], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        result = prot.agent_sh("rm -rf victim")
        assert result.returncode == 126 and victim.exists()
        assert "not the agentsh service user" in result.stderr
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        (run / "gate.sock").unlink(missing_ok=True)
        shutil.chown(run, prot.service_user, prot.service_user)
        prot.start_service()


def test_an_approver_the_agent_starts_approves_nothing(prot, victim, secret) -> None:
    """The agent opens its own console (any user may) and answers with guessed codes."""
    console = prot.console(prot.agent)
    try:
        waiting = background_agent(prot, "rm -rf victim")
        console.expect("command: rm -rf victim")
        console.expect(r"\[a\] approve")
        for guess in ("000000", "123456", "999999"):
            console.send("a")
            console.expect("code from your authenticator app: ")
            console.send(guess + "\r")
            console.expect("wrong code|already used|locked")
        waiting.communicate(timeout=30)
        assert waiting.returncode == 126 and victim.exists()
    finally:
        console.terminate(force=True)


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_keys_sent_into_the_persons_pane_approve_nothing(prot, victim, secret) -> None:
    """Worst case: the person's console runs in a tmux server the agent's user can reach (the
    same user). The agent reads the pane (capture-pane) and types into it (send-keys): the code
    is never on screen, and a code the person typed is spent, so a replay approves nothing."""
    user = prot.agent
    sock = f"{prot.home(user)}/tmux.sock"
    env = prot.env(user)
    tmux = ["runuser", "-u", user, "--", "env", "-i",
            *[f"{k}={v}" for k, v in env.items()], "tmux", "-S", sock]
    subprocess.run([*tmux, "new", "-d", "-x", "200", "-y", "50", f"{prot.agentsh} approve"],
                   check=True)

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p", "-J"], capture_output=True,
                              text=True).stdout

    try:
        assert wait_for(lambda: "waiting for requests" in screen())
        first = background_agent(prot, "rm -rf victim/data")
        assert wait_for(lambda: "rm -rf victim/data" in screen())
        code = next_code(secret)
        subprocess.run([*tmux, "send-keys", "a"], check=True)  # the person approves
        assert wait_for(lambda: "code from your authenticator app" in screen())
        subprocess.run([*tmux, "send-keys", code, "Enter"], check=True)
        first.communicate(timeout=30)
        assert first.returncode == 0
        assert code not in screen()  # capture-pane shows no code
        second = background_agent(prot, "rm -rf victim")
        assert wait_for(lambda: "command: rm -rf victim\r" in screen() or
                        "command: rm -rf victim\n" in screen())
        subprocess.run([*tmux, "send-keys", "a"], check=True)  # the agent replays the code
        assert wait_for(lambda: screen().count("code from your authenticator app") >= 2)
        subprocess.run([*tmux, "send-keys", code, "Enter"], check=True)
        assert wait_for(lambda: "already used" in screen())
        subprocess.run([*tmux, "send-keys", "d"], check=True)
        second.communicate(timeout=30)
        assert second.returncode == 126 and victim.exists()
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def test_the_log_verifies_against_the_services_head(prot) -> None:
    prot.agent_sh("echo one-more")
    verify = prot.as_user(prot.person, [prot.agentsh, "log", "--verify"], agent=False)
    assert verify.returncode == 0 and "intact" in verify.stdout, verify.stdout
    shown = prot.as_user(prot.person, [prot.agentsh, "log"], agent=False)
    assert "echo one-more" in shown.stdout


def test_trust_needs_a_person_with_a_code(prot) -> None:
    project = prot.home(prot.agent) / "proj" / ".agentsh"
    project.mkdir(parents=True)
    (project / "rules.toml").write_text('[[rule]]\nid = "FS001"\nseverity = "low"\n')
    subprocess.run(["chown", "-R", f"{prot.agent}:{prot.agent}", str(project.parent)], check=True)
    result = prot.as_user(prot.agent, [prot.agentsh, "trust"], cwd=project.parent)
    assert result.returncode == 126 and "not trusted" in result.stderr
    assert not prot.path("var", "lib", "agentsh", "trust.json").exists() or \
        str(project) not in prot.path("var", "lib", "agentsh", "trust.json").read_text()


def test_reinstalling_changes_nothing_and_keeps_the_service_working(prot) -> None:
    conf = prot.path("etc", "agentsh", "protected.conf").read_text()
    again = prot.install()
    assert again.returncode == 0, again.stdout + again.stderr
    assert prot.path("etc", "agentsh", "protected.conf").read_text() == conf
    assert "created the system user" not in again.stdout
    assert prot.agent_sh("echo still-works").stdout == "still-works\n"


def test_uninstall_reverses_the_install(prot) -> None:
    """Last: removes the install (the module's fixture then only deletes the users)."""
    prot.stop_service()
    done = subprocess.run([str(ROOT / "install.sh"), "--uninstall", "--system", "--protected",
                           "--root", str(prot.root), "--service-user", prot.service_user],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for gone in (("opt", "agentsh"), ("etc", "agentsh", "protected.conf"),
                 ("var", "lib", "agentsh", "totp.json"), ("var", "lib", "agentsh", "audit-heads"),
                 ("var", "cache", "agentsh"), ("run", "agentsh")):
        assert not prot.path(*gone).exists(), (gone, done.stdout)
    assert prot.path("var", "log", "agentsh", "audit.jsonl").exists()  # the log is kept
    assert not prot.path("etc", "sysctl.d", "60-agentsh-ptrace.conf").exists()
    assert prot.path("proc", "sys", "kernel", "yama", "ptrace_scope").read_text().strip() == "0"
    assert subprocess.run(["id", "-u", prot.service_user], capture_output=True).returncode != 0
    with pytest.raises(OSError):
        socket.socket(socket.AF_UNIX).connect(str(prot.path("run", "agentsh", "gate.sock")))
