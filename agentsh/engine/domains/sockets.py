"""Socket clients, and whether a command may send text to a network service: the cheap test
the domain dispatcher (`engine/domains/__init__.py`) makes for every command before it imports
a domain module (`domains.net`, `domains.common`)."""

from __future__ import annotations

SOCKET_PROGRAMS = frozenset("nc ncat netcat nc.openbsd nc.traditional socat telnet openssl "
                            "gnutls-cli websocat pwncat cryptcat".split())


def sends_text(view) -> bool:
    """Might this command send text to a network service (a socket client, /dev/tcp, a
    descriptor above 2)? Cheap: no import."""
    if view.program in SOCKET_PROGRAMS or view.cmd.program in SOCKET_PROGRAMS:
        return True
    for red in view.cmd.redirects:
        target = red.target.text
        if target.startswith(("/dev/tcp/", "/dev/udp/")) or \
                red.op == ">&" and target.isdigit() and int(target) > 2:
            return True
    return False
