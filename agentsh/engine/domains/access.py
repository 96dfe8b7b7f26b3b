"""Access to this machine given by its own account tools (CRED008, CRED014).

An account's password removed, set from standard input or unlocked (`passwd -d`, `chpasswd`,
`usermod -p`), a second root (`useradd -o -u 0`), a user put in a group that is root in all but
name (`usermod -aG sudo|wheel|docker`, `gpasswd -a`, `adduser dev sudo`), the user database or
sudoers edited with whatever editor the environment names (`EDITOR='tee -a' visudo`, `vipw`,
`sudoedit`, `sudo -e`), libuser's `lusermod`, `lgroupmod`: `access.account` (CRED008). A program
given capabilities that make a root (`setcap cap_setuid+ep`, `filecap F setuid`): `access.setuid`
(CRED014; the setuid bit by `chmod` and `install` is matched as data, CRED009 and CRED013).
The groups and capabilities are data (`[analyzer.access]`: `groups`, `capabilities`).
A domain of its own, so a `sudo` line imports this small module, not the credentials analyzer.
A value only known at run time where a group or uid goes counts as one
that grants (fail closed). Reading (`passwd -S`, `chage -l`, `visudo -c`, `getent`) is none."""

from __future__ import annotations

import re

from agentsh.engine.model import Fact

ACCOUNT_TOOLS = frozenset(("passwd", "chpasswd", "newusers", "usermod", "useradd", "adduser",
                           "addgroup", "gpasswd", "groupmems", "groupmod", "groupadd", "chage",
                           "visudo", "vipw", "vigr", "sudoedit", "sudo",
                           "luseradd", "lusermod", "lgroupmod"))  # (the last three: libuser's)
SETUID_TOOLS = frozenset(("setcap", "filecap"))
HELP = frozenset(("-h", "--help", "-V", "--version"))

# the short options that take a value, and the long ones, per program
VALUES = {
    "passwd": ("nxwiR", {"--mindays", "--maxdays", "--warndays", "--inactive", "--root",
                         "--repository", "--prefix"}),
    "usermod": ("cdefgGlpsuRPZvVwW", {"--comment", "--home", "--expiredate", "--inactive",
                                       "--gid", "--groups", "--login", "--password", "--shell",
                                       "--uid", "--root", "--prefix", "--selinux-user"}),
    "useradd": ("bcdefgGkKpsuRPZ", {"--base-dir", "--comment", "--home-dir", "--expiredate",
                                     "--inactive", "--gid", "--groups", "--skel", "--key",
                                     "--password", "--shell", "--uid", "--root", "--prefix",
                                     "--selinux-user"}),
    "adduser": ("hgsGuk", {"--home", "--shell", "--uid", "--gid", "--ingroup", "--gecos",
                           "--conf", "--firstuid", "--lastuid", "--comment"}),
    "addgroup": ("g", {"--gid", "--conf"}),
    "luseradd": ("cdgksuPpi", {"--gecos", "--directory", "--gid", "--skeleton", "--shell",
                               "--uid", "--plainpassword", "--password", "--commonname"}),
    "lusermod": ("cdgsuPpli", {"--gecos", "--directory", "--gid", "--shell", "--uid",
                               "--plainpassword", "--password", "--login", "--commonname"}),
    "lgroupmod": ("gnPpMmAa", {"--gid", "--name", "--plainpassword", "--password",
                                "--member-add", "--member-remove", "--admin-add",
                                "--admin-remove"}),
    "groupmod": ("gnpRP", {"--gid", "--new-name", "--password", "--root", "--prefix"}),
    "groupadd": ("gKpRP", {"--gid", "--key", "--password", "--root", "--prefix"}),
    # sudo's own options, read up to the command it runs (`sudo -u root -e FILE`)
    "sudo": ("ugphCDrtUTR", {"--user", "--group", "--host", "--prompt", "--close-from", "--chdir",
                             "--role", "--type", "--other-user", "--command-timeout", "--chroot"}),
    "gpasswd": ("aAdMQ", {"--add", "--administrators", "--delete", "--members", "--root"}),
    "groupmems": ("adgR", {"--add", "--delete", "--group", "--root"}),
    "setcap": ("n", set()),
}
ROOT_ID = re.compile(r"^0+$")


def analyze(view, params: dict) -> list[Fact]:
    program = view.program
    if program not in ACCOUNT_TOOLS and program not in SETUID_TOOLS:
        return []
    words = [w.text for w in view.cmd.words[1:]]
    if any(w in HELP for w in words):
        return []
    dynamic = any(not w.literal for w in view.cmd.words[1:])
    if program in SETUID_TOOLS:
        hit = _setuid(program, words, params)
        return [Fact("access.setuid", hit, hit)] if hit else []
    stdin = view.cmd.stdin
    given = stdin is not None and not (stdin.kind == "file" and stdin.path == "/dev/null")
    hit = _account(program, words, params, dynamic, given)
    return [Fact("access.account", hit, hit)] if hit else []


def read(program: str, words: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(options as (name, value or None), positional words), short options in clusters read
    as the program reads them (`-aG sudo`, `-u0`)."""
    shorts, longs = VALUES.get(program, ("", set()))
    opts: list[tuple[str, str | None]] = []
    pos: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            pos.extend(words[i + 1:])
            break
        if w.startswith("--"):
            name, eq, value = w.partition("=")
            if not eq and name in longs and i + 1 < len(words):
                i += 1
                value, eq = words[i], "="
            opts.append((name, value if eq else None))
        elif w.startswith("-") and len(w) > 1:
            for j, c in enumerate(w[1:], 1):
                if c in shorts:
                    value = w[j + 1:]
                    if not value and i + 1 < len(words):
                        i += 1
                        value = words[i]
                    opts.append(("-" + c, value))
                    break
                opts.append(("-" + c, None))
        else:
            pos.append(w)
            if program == "sudo":  # the rest is the command sudo runs
                break
        i += 1
    return opts, pos


def _granting(groups: str, params: dict, dynamic: bool, numbers: bool = False) -> str:
    """The first group in a comma list that grants root or its equal, or ''. A group by number
    is gid 0, or with `numbers` any (`usermod -aG 27`: sudo's gid on Debian, wheel's is 10)."""
    known = set(params.get("groups", ()))
    for group in groups.split(","):
        group = group.strip()
        if group in known or ROOT_ID.match(group) or "$" in group or "`" in group or (
                numbers and group.isdigit()) or (dynamic and not group):
            return group or "a group known only at run time"
    return ""


def _account(program: str, words: list[str], params: dict, dynamic: bool, stdin: bool) -> str:
    opts, pos = read(program, words)
    names = {n for n, _ in opts}

    def value(*keys: str) -> list[str]:
        return [v for n, v in opts if n in keys and v is not None]

    if program in ("chpasswd", "newusers"):
        return f"{program} sets account passwords from what it reads"
    if program == "passwd":
        given = names & {"-d", "--delete", "-u", "--unlock", "--stdin"}
        if given:
            return f"passwd {sorted(given)[0]} lets the account in without its password or " \
                "with one from its input"
        return "passwd sets the password from what it reads" if stdin and not names & {
            "-S", "--status", "-l", "--lock", "-e", "--expire"} else ""
    if program in ("vipw", "vigr"):
        return f"{program} edits the user database with the editor the environment names"
    if program == "visudo":
        if names & {"-c", "--check"}:
            return ""
        return "visudo edits sudoers with the editor the environment names (EDITOR, SUDO_EDITOR)"
    if program == "sudoedit" or program == "sudo" and names & {"-e", "--edit"}:
        return "the file is edited as root with the editor the environment names"
    if program == "chage":
        return "" if names & {"-l", "--list"} else \
            "chage changes when an account's password or the account expires"
    if program in ("luseradd", "lusermod"):
        if names & {"-P", "--plainpassword", "-p", "--password", "-U", "--unlock"}:
            return f"{program} sets or unlocks an account's password"
        if any(ROOT_ID.match(v) or "$" in v for v in value("-u", "--uid")):
            return f"{program} gives the account uid 0: a second root"
        group = _granting(",".join(value("-g", "--gid")), params, dynamic) \
            if value("-g", "--gid") else ""
        return f"{program} puts the account in group {group}, which is root in all but name" \
            if group else ""
    if program == "lgroupmod":
        adds = value("-M", "--member-add", "-A", "--admin-add")
        hit = _granting(pos[-1], params, dynamic) if adds and pos else ""
        if not hit and any(ROOT_ID.match(g) for g in value("-g", "--gid")):
            hit = "0"
        return f"lgroupmod adds a member to group {hit}, which is root in all but name" \
            if hit else ""
    if program in ("usermod", "useradd"):
        if names & {"-p", "--password"}:
            return f"{program} sets an account's password"
        if names & {"-U", "--unlock"} and program == "usermod":
            return "usermod -U unlocks the account's password"
        if names & {"-o", "--non-unique"}:
            return f"{program} -o gives an account another's uid (root's with -u 0)"
        uid = value("-u", "--uid")
        if any(ROOT_ID.match(u) or "$" in u for u in uid):
            return f"{program} gives the account uid 0: a second root"
        primary, others = value("-g", "--gid"), value("-G", "--groups")
        group = primary and _granting(",".join(primary), params, dynamic) or \
            others and _granting(",".join(others), params, dynamic, numbers=True)
        if group:
            return f"{program} puts the account in group {group}, which is root in all but name"
        if program == "usermod" and any(v in ("", "-1") for v in value("-e", "--expiredate")):
            return "usermod -e '' makes an expired account usable again"
        return ""
    if program in ("adduser", "addgroup"):
        uid = value("-u", "--uid", "--gid")
        if any(ROOT_ID.match(u) or "$" in u for u in uid):
            return f"{program} makes an account or group with id 0: a second root"
        groups = value("-G", "--ingroup") + (pos[1:2] if len(pos) >= 2 else [])
        group = _granting(",".join(groups), params, dynamic) if groups else ""
        return f"{program} puts the account in group {group}, which is root in all but name" \
            if group else ""
    if program in ("groupmod", "groupadd"):
        if names & {"-o", "--non-unique"} or any(ROOT_ID.match(g) or "$" in g
                                                 for g in value("-g", "--gid")):
            return f"{program} gives a group gid 0 (or another's): its members are in root's group"
        return ""
    if program in ("gpasswd", "groupmems"):
        adds = names & {"-a", "--add", "-M", "--members", "-A", "--administrators"}
        if not adds:
            return ""
        group = ",".join(value("-g", "--group")) if program == "groupmems" else \
            (pos[-1] if pos else "")
        hit = _granting(group, params, dynamic) if group else ""
        return f"{program} adds a member to group {hit}, which is root in all but name" \
            if hit else ""
    return ""


def _setuid(program: str, words: list[str], params: dict) -> str:
    opts, pos = read(program, words)
    caps = set(params.get("capabilities", ()))
    if program == "filecap":  # `filecap FILE setuid sys_admin` (libcap-ng): names without `cap_`
        named = {"cap_" + w.lower() for w in pos[1:]}
        hit = sorted(named & caps) or (["every capability"] if {"cap_all", "cap_full"} & named
                                       or any("$" in w for w in pos[1:]) else [])
        return f"filecap gives {', '.join(hit)}: the program can become root" if hit else ""
    if any(n in ("-r", "-v") for n, _ in opts):  # removes them, or only compares
        return ""
    for clause in pos[0::2]:
        text = clause.lower()
        if not re.search(r"[+=]", text):
            continue
        named = set(re.findall(r"cap_[a-z_]+|\ball\b", text))
        if re.match(r"^\s*[=+]", text) or named & (caps | {"all"}) or "$" in text:
            hit = sorted(named & caps) or ["every capability"]
            return f"setcap gives {', '.join(hit)}: the program can become root"
    return ""
