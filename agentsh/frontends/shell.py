"""The wrapper shell: check what a bash invocation would run, ask a person when a rule says so,
then exec the real bash with the same arguments, environment and file descriptors.

Code bash reads from a stream or a file is handed over as the exact bytes that were checked: a
script on standard input (`agentsh -s`, `cmd | agentsh`) goes to bash's stdin through a sealed
memory file. A script file (`agentsh SCRIPT`) run for an agent is read once and bash runs that
sealed copy as /dev/fd/N, so a file swapped or rewritten after the check runs nothing unchecked
(the price: $0 and BASH_SOURCE name /dev/fd/N). For a person, or with
`settings.scripts_by_path`, bash gets the path, once the file is found unchanged since the check
(docs/unwrapping.md says what window is left)."""

from __future__ import annotations

import os
import sys

from agentsh import locations
from agentsh.exitcodes import Exit
from agentsh.frontends import caller
from agentsh.frontends.invocation import Invocation, parse_invocation, starts_clean
from agentsh.gate.answer import Answer
from agentsh.lean import CHECK_YOUNG, resume_collection

MIB = 1 << 20
STDIN_CAP = 8 * MIB  # commands read from standard input to check them; beyond this, ask


def sealed_copy(data: bytes, name: str) -> int:
    """A read-only descriptor of an in-memory file holding `data` that nobody can change: the
    memory file is sealed against writes, growth and shrinking, and the writable descriptor is
    closed, so not even another process opening /proc/PID/fd/N can alter it. It is inherited
    by bash."""
    import fcntl

    fd = os.memfd_create(name, os.MFD_ALLOW_SEALING)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW |
                    fcntl.F_SEAL_WRITE | fcntl.F_SEAL_SEAL)
        readonly = os.open(f"/proc/self/fd/{fd}", os.O_RDONLY)
    finally:
        os.close(fd)
    os.set_inheritable(readonly, True)
    return readonly


def exec_bash(bash: str, argv0: str, inv: Invocation, env: dict[str, str],
              stdin_data: bytes | None = None, script_data: bytes | None = None,
              stdin_rest: bool = False) -> None:
    """Become bash. `stdin_data`: the bytes agentsh read from standard input to check them,
    which bash reads again (with `stdin_rest`, followed by whatever the caller still sends);
    `script_data`: the script's bytes as checked, which bash reads instead of the path."""
    args = list(inv.args)
    if stdin_data is not None and 0 not in caller.CLOSED:
        if stdin_rest:
            _replay_then_copy(stdin_data)
        else:
            fd = sealed_copy(stdin_data, "agentsh-stdin")
            os.dup2(fd, 0)
            os.close(fd)
    if script_data is not None:
        fd = sealed_copy(script_data, "agentsh-script")
        args[len(args) - len(inv.positional) - 1] = f"/dev/fd/{fd}"
    caller.restore_for_exec(env)  # the caller's locale, closed streams and signal dispositions
    os.execve(bash, [argv0, *args], env)


def _replay_then_copy(data: bytes) -> None:
    """Standard input for bash when agentsh stopped reading at its cap: a pipe fed by a
    detached process that writes what was read, then copies the rest."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child forks the copier and exits, so bash never sees it as its child
        try:
            if os.fork() == 0:
                os.close(read_end)
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view):]
                while chunk := os.read(0, 1 << 16):
                    os.write(write_end, chunk)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    os.close(write_end)
    os.dup2(read_end, 0)
    os.close(read_end)


def run(argv: list[str]) -> int:
    argv0 = argv[0]
    inv = parse_invocation(argv0, argv[1:])
    if inv.version or inv.help:
        return _version_or_help(argv0, inv)
    env = dict(os.environ)
    cwd = _cwd()
    if locations.protected_root():
        return _run_protected(argv0, inv, env, cwd)
    from agentsh.engine import runtime

    policy = runtime.load_policy(cwd, env)
    for error in policy.errors:
        sys.stderr.write(f"agentsh: rules error: {error}\n")
    runtime.seed_watched(policy, cwd, env)  # the fast path's index: the set, already built
    stdin_data = script_data = None
    over_cap = False
    if inv.command is not None:
        text = inv.command
        positional = inv.positional
    elif inv.script is not None:
        script_data, text = _load_script(inv.script, cwd, runtime)
        positional = inv.positional
    elif os.isatty(0) and not inv.positional:
        return _interactive(argv0, inv, env, policy)
    else:
        stdin_data, over_cap = read_capped(0, STDIN_CAP)
        text = stdin_data.decode("utf-8", "replace")
        positional = inv.positional
    # imported after the interactive shell's branch: it starts bash before it needs the engine
    from agentsh.engine.classify import classify, unreadable
    from agentsh.gate import audit
    from agentsh.gate.decide import answer_for, with_grants

    route = _hook_route(env)
    agent = locations.actor_of(env)
    session = None
    if agent == "agent":  # what the agent's earlier commands moved (docs/undo.md)
        from agentsh.gate.moves import Session

        session = Session(env, hook_session=route[1], agent=route[0]) if route else Session(env)
    # the launcher's own path (/proc/self/exe, already real): a `$THIS_SH x.sub` that starts
    # it again with this environment and directory is this gate, checking x.sub itself
    # bash runs in this process (execve): its `$$` is this process's ID
    ctx = runtime.make_context(cwd, env, positional, complete_env=starts_clean(inv, env),
                               session=session, gate=locations.SELF, pid=os.getpid())
    resume_collection(CHECK_YOUNG)  # start-up is over: what checking makes is collected
    if over_cap:  # the log and the message get the start of it, not all 8 MiB
        verdict = unreadable(text[:400] + " ...", f"standard input is more than "
                             f"{STDIN_CAP // MIB} MiB; agentsh reads at most that much to check "
                             "it", policy)
    else:
        from agentsh.gate.decide import checked

        verdict = checked(text, policy, ctx, classify)
    verdict = with_grants(verdict, policy, ctx, env)
    log = audit.log_path(policy.settings.audit_log, env)
    interrupted = False
    rewritten = None
    try:
        # a -c line may be rewritten so that bash takes a snapshot right before a deletion
        # bash runs in this process (execve): its `$$` is this process's ID
        answer = answer_for(verdict, policy.settings, env, cwd, ctx=ctx,
                            rewrite=inv.command is not None and inv.command_at >= 0,
                            pid=os.getpid())
        if answer.late:
            rewritten, answer, verdict = _rewrite(text, verdict, answer, policy, env, cwd, log,
                                                  ctx)
    except KeyboardInterrupt:  # Ctrl-C while a person was being asked: not approved, and logged
        answer, interrupted = Answer(False, "approver", "interrupted"), True
    from agentsh.gate.decide import escalated, snapshot_fields, snapshot_note

    verdict = escalated(verdict, answer)  # an overwrite whose copy failed was asked about
    audit.record(log, verdict, cwd=cwd, channel=answer.channel, outcome=answer.reason,
                 agent=route[0] if route else agent, approver_pid=answer.approver_pid,
                 syslog=policy.settings.syslog,
                 extra={**(allowed_entries(verdict) or {}), **snapshot_fields(answer),
                        **({"snapshot_at": "deletion"} if rewritten is not None else {}),
                        **({"route": "hook", **({"session": route[1]} if route[1] else {})}
                           if route else {})}
                 or None)
    if answer.snapshot is not None:
        sys.stderr.write(snapshot_note(answer))
    if not answer.approved:
        from agentsh.gate.messages import audience_of, blocked_message

        sys.stderr.write(blocked_message(verdict, answer, audience=audience_of(answer, agent),
                                         timeout=policy.settings.approve_timeout))
        return Exit.INTERRUPTED if interrupted else Exit.BLOCKED
    if session is not None:
        session.remember(verdict, answer, cwd)
    try:
        bash = locations.real_bash(policy.settings.bash, env)
    except FileNotFoundError as exc:
        sys.stderr.write(f"agentsh: {exc}\n")
        return Exit.BLOCKED
    if script_data is not None and (agent != "agent" or policy.settings.scripts_by_path):
        if _load_script(inv.script, cwd, runtime)[0] != script_data:
            sys.stderr.write(f"agentsh: {inv.script} changed after it was checked; not run.\n")
            return Exit.BLOCKED
        script_data = None  # bash reads the path itself: $0 is the script's own name
    if rewritten is not None:
        args = list(inv.args)
        args[inv.command_at] = rewritten
        inv = inv._replace(args=tuple(args))
    exec_bash(bash, argv0, inv, env, stdin_data, script_data, stdin_rest=over_cap)
    return Exit.INTERNAL  # not reached


def _hook_route(env: dict[str, str]) -> tuple[str, str] | None:
    """(agent, session) when an agent's hook routed this line here (frontends/hook_route.py),
    else None. The mark is taken out of the environment bash gets; it only labels the audit
    record and the session, and makes the line judged as an agent's (never less strict)."""
    value = env.pop("AGENTSH_HOOK_ROUTE", None)
    if value is None:
        return None
    from agentsh.frontends.hook_route import read_label

    route = read_label(value)
    if locations.actor_of(env) != "agent":
        env["AGENTSH_ACTOR_AGENT"] = "1"
    return route


def _rewrite(text: str, verdict, answer: Answer, policy, env: dict[str, str], cwd: str,
             log: str, ctx):
    """(the line to hand bash, the answer, the verdict) for a line whose deletions bash
    snapshots itself (engine/snapline.py). When the rewrite cannot be made soundly, those plans
    are no plans: a person decides, as without the rewrite."""
    from agentsh.gate import snapline

    try:
        rewritten = snapline.prepare(text, answer.late, policy.settings, env, cwd, log)
    except Exception:  # fail closed: no rewrite, and so no plan
        rewritten = None
    if rewritten is not None:
        return rewritten, answer, verdict
    from agentsh.engine import recovery
    from agentsh.gate.decide import answer_for

    verdict = recovery.without_late(verdict)
    return None, answer_for(verdict, policy.settings, env, cwd, ctx=ctx, pid=os.getpid()), verdict


def _load_script(script: str, cwd: str, runtime) -> tuple[bytes | None, str]:
    """(the script's bytes, the text to check). The file is read once; the bytes checked are the
    bytes bash gets. A stream, a device, or a file too big or binary to check is unknown code
    (`source SCRIPT`), and then bash is handed the path: a person decides on it as unknown."""
    unknown = f"source {_quote(script)}"
    if runtime.is_stream_path(script):
        return None, unknown
    path = runtime.full_path(script, cwd)
    if "/" not in script and not os.path.exists(path):
        path = _on_path(script) or path  # bash looks a script name up on PATH too
    data = runtime.read_regular(path, runtime.SCRIPT_CAP)
    if data is None:
        # missing: bash says so itself; anything else is not a file agentsh reads
        return None, unknown if os.path.exists(path) else ""
    if len(data) > runtime.SCRIPT_CAP or b"\x00" in data[:4096]:
        return None, unknown
    return data, data.decode("utf-8", "replace")


def read_capped(fd: int, cap: int) -> tuple[bytes, bool]:
    """Up to `cap` bytes of `fd` (to its end), and whether there was more: `agentsh < /dev/zero`
    and `yes | agentsh` must not read without bound."""
    chunks: list[bytes] = []
    size = 0
    while size <= cap:
        try:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
        except OSError:  # closed, or not readable: bash reads nothing either
            break
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    return data[:cap], size > cap


def _run_protected(argv0: str, inv: Invocation, env: dict[str, str], cwd: str) -> int:
    """Protected mode: the service decides (one connection, one round trip when nothing needs
    a person); nothing here reads a policy, cache or log the agent's user could write."""
    from agentsh.gate import remote

    stdin_data = None
    if inv.command is not None:
        text = inv.command
    elif inv.script is not None:
        text = remote.read_for_check(inv.script, cwd)
        if text is None:
            text = f"source {_quote(inv.script)}"  # unreadable, too big or binary: unknown code
    elif os.isatty(0) and not inv.positional:
        return _interactive(argv0, inv, env, None)
    else:
        stdin_data, over_cap = read_capped(0, STDIN_CAP)
        if over_cap:
            sys.stderr.write(f"agentsh: not run: standard input is more than {STDIN_CAP // MIB} "
                             "MiB; agentsh reads at most that much to check it\n")
            return Exit.BLOCKED
        text = stdin_data.decode("utf-8", "surrogateescape")
    answer = remote.check(text, cwd, env, actor=locations.actor_of(env), route="shell",
                          positional=inv.positional)
    if not answer["allow"]:
        sys.stderr.write(answer["message"])
        return Exit.BLOCKED
    env.pop("AGENTSH_BASH", None)  # the agent's user may set it; protected mode ignores it
    try:
        bash = locations.real_bash(answer.get("bash") or "/bin/bash", env)
    except FileNotFoundError as exc:
        sys.stderr.write(f"agentsh: {exc}\n")
        return Exit.BLOCKED
    exec_bash(bash, argv0, inv, env, stdin_data)
    return Exit.INTERNAL  # not reached


def allowed_entries(verdict) -> dict | None:
    """For the audit log: the findings an allow entry or an earlier approval let through."""
    if not verdict.suppressed:
        return None
    return {"allowed": [{"rule": f.rule, "by": f.allowed_by} for f in verdict.suppressed]}


def _interactive(argv0: str, inv: Invocation, env: dict[str, str], policy) -> int:
    resume_collection()  # a long-lived process
    try:
        from agentsh.frontends import interactive
    except ImportError:
        sys.stderr.write("agentsh: the interactive shell is not available in this version; "
                         "use `agentsh -c COMMAND`. (No unguarded bash was started.)\n")
        return Exit.USAGE
    return interactive.run(argv0, inv, env, policy)


def _on_path(name: str) -> str | None:
    for directory in os.environ.get("PATH", "").split(":"):
        candidate = os.path.join(directory or ".", name)
        if os.path.isfile(candidate):
            return candidate
    return None


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return os.environ.get("PWD", "/")


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _version_or_help(argv0: str, inv: Invocation) -> int:
    """`--version` and `--help`. Called as `bash` or `sh` (the shims), it is bash's own output,
    byte for byte, since scripts parse `bash --version`; called as agentsh, agentsh's."""
    env = dict(os.environ)
    if os.path.basename(argv0.lstrip("-")) in ("bash", "sh"):
        try:
            bash = locations.real_bash("/bin/bash", env)
        except FileNotFoundError as exc:
            sys.stderr.write(f"agentsh: {exc}\n")
            return Exit.BLOCKED
        exec_bash(bash, argv0, inv, env)  # nothing runs: bash prints and exits
    if inv.help:
        from agentsh.usage import usage

        sys.stdout.write(usage())
        return 0
    from agentsh import __version__

    sys.stdout.write(f"agentsh {__version__}\n")
    try:
        import subprocess

        bash = locations.real_bash("/bin/bash", env)
        first = subprocess.run([bash, "--version"], capture_output=True, text=True,
                               check=False).stdout.splitlines()
        if first:
            sys.stdout.write(f"a command firewall in front of {bash}: {first[0]}\n")
    except (OSError, FileNotFoundError):
        pass
    return 0
