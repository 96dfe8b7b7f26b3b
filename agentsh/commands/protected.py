"""Protected mode's commands: `agentsh serve` (the service), `agentsh enroll` (the approval
code's secret), and the mode's checks shown by `agentsh doctor`."""

from __future__ import annotations

import os
import socket
import sys

from agentsh import locations
from agentsh.exitcodes import Exit

NOT_PROTECTED = ("agentsh {name}: this agentsh is not a protected install; install one with "
                 "`sudo ./install.sh --system --protected` (docs/security.md)\n")


def serve(args: list[str]) -> int:
    root = locations.protected_root()
    if args:
        sys.stderr.write("usage: agentsh serve\n")
        return Exit.USAGE
    if not root:
        sys.stderr.write(NOT_PROTECTED.format(name="serve"))
        return Exit.USAGE
    from agentsh.service import server

    return server.main(root)


def enroll(args: list[str], out=None) -> int:
    """Make a new approval secret (replacing any old one), readable only by the service user,
    and show it once as an otpauth:// URI and a QR code for an authenticator app."""
    out = out or sys.stdout
    root = locations.protected_root()
    if not root:
        out.write(NOT_PROTECTED.format(name="enroll"))
        return Exit.USAGE
    if os.geteuid() != 0:
        out.write("agentsh enroll: run it with sudo (the secret is kept where only the agentsh "
                  "service can read it)\n")
        return Exit.USAGE
    import pwd

    from agentsh.service import totp

    paths = locations.Protected(root)
    user = paths.config().get("service_user", "agentsh")
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        out.write(f"agentsh enroll: no service user {user!r}: run the protected install first\n")
        return Exit.CONFIG
    label = next((a.split("=", 1)[1] for a in args if a.startswith("--label=")),
                 f"{os.environ.get('SUDO_USER') or 'agentsh'}@{socket.gethostname()}")
    secret = totp.new_secret()
    totp.write_secret(paths.totp, secret, label, entry.pw_uid, entry.pw_gid)
    try:
        os.unlink(os.path.join(paths.state, "totp-used"))
    except OSError:
        pass
    uri = totp.uri(secret, label)
    out.write("Scan this with your authenticator app (or enter the URI). It is shown only now;\n"
              "every approval in `agentsh approve` asks for the 6-digit code it shows.\n\n")
    if "--no-qr" not in args:
        out.write(totp.qr_text(uri))
    out.write(f"\n{uri}\n\nstored in {paths.totp} (readable only by {user})\n")
    return Exit.OK


def doctor_mode(out) -> int:
    """The mode line and, in protected mode, its checks; returns the number of gaps."""
    root = locations.protected_root()
    if not root:
        out.write("mode: user (the agent runs as you and could change agentsh's own files; "
                  "protected mode puts the gate under another user: docs/security.md)\n")
        return 0
    from agentsh.gate import remote

    paths = locations.Protected(root)
    out.write(f"mode: protected (install root {root})\n")
    gaps = 0
    checks = [(paths.conf, "protected.conf"), (paths.system_rules, "system rules"),
              (locations.PACKAGE_DIR, "agentsh's code"), (locations.builtin_rules(), "built-in rules")]
    for path, what in checks:
        problem = _root_owned(path)
        gaps += bool(problem)
        out.write(f"  {what}: {path}: {problem or 'root-owned, not writable by others'}\n")
    for path, what in ((paths.cache, "cache"), (paths.state, "service state"),
                       (paths.log_dir, "audit log folder")):
        writable = os.access(path, os.W_OK) and os.geteuid() != 0
        gaps += writable
        out.write(f"  {what}: {path}: {'WRITABLE by you: fix the install' if writable else 'ok'}\n")
    gap = ptrace_gap(locations.under(root, "proc", "sys", "kernel", "yama", "ptrace_scope"))
    gaps += bool(gap)
    out.write(f"  ptrace: {gap or 'a process may attach only to its descendants (Yama)'}\n")
    try:
        status = remote.call({"type": "status"}, timeout=5)
    except remote.Refused as exc:
        out.write(f"  service: {exc}\n")
        return gaps + 1
    out.write(f"  service: running as uid {status.get('uid')}, {status.get('approvers')} "
              f"approver console(s), {status.get('pending')} request(s) waiting\n")
    if not status.get("enrolled"):
        gaps += 1
        out.write("  approval code: not enrolled; run `sudo agentsh enroll`\n")
    else:
        out.write("  approval code: enrolled (TOTP)\n")
    return gaps


def ptrace_gap(scope_file: str) -> str:
    """Why a program of the agent's user could attach a debugger to its own agentsh hook or
    wrapper client (which run as that user) and change their answers; "" where Yama's
    `ptrace_scope` is 1 or more (a process may attach only to its descendants)."""
    fix = ("a program of the agent's user can attach a debugger to its own agentsh hook and "
           "change its answer: set kernel.yama.ptrace_scope to 1 (install.sh --protected does)")
    try:
        with open(scope_file, encoding="ascii") as fh:
            value = fh.read().strip()
    except OSError:
        return "no Yama ptrace restriction in this kernel: " + fix.split(": set")[0]
    return f"kernel.yama.ptrace_scope is {value}: {fix}" if value == "0" else ""


def _root_owned(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"cannot check ({exc.strerror})"
    if st.st_uid != 0:
        return "NOT owned by root"
    if st.st_mode & 0o022:
        return "writable by group or others"
    return ""
