"""The interactive shell: a login shell people keep, with agentsh's gate at its prompt.

A real interactive bash runs on a pseudo-terminal agentsh owns, so it has job control (Ctrl-Z,
`fg`, `bg`, `jobs`), its own history and bash-completion, and reads the person's start-up files
itself. agentsh relays the terminal while commands run and takes over only at the prompt, where
it reads the line with its own editor, checks it exactly like `agentsh -c`, and hands it to bash
or keeps it back. Without a pseudo-terminal it falls back to a non-interactive bash behind the
same editor and gate, and says so once.

Modules: `session` (the loop and the gate), `child` (bash on the pseudo-terminal, its private
sockets, the wrapper each line runs in), `rc.bash` (the start-up file and prompt hooks inside
bash), `output` (the terminal output and the hooks' marks in it), `reader` (the line editor),
`completion` (bash's programmable completion, and agentsh's own), `gate` (who decides a line:
this process, or protected mode's service), `syntax` (bash's reading of a
line: whole, broken, or several), `marks` (editor shell integration, OSC 633/133), `pipe` (the
fallback)."""

from __future__ import annotations

import sys

from agentsh.exitcodes import Exit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from agentsh.frontends.invocation import Invocation
    from agentsh.policy.values import Policy


def run(argv0: str, inv: Invocation, env: dict[str, str], policy: Policy | None) -> int:
    """`policy` is None in protected mode: the service decides each line (and logs it)."""
    from agentsh import locations
    from agentsh.frontends.interactive.gate import for_policy

    gate = for_policy(policy, env)
    try:
        bash = locations.real_bash(gate.policy.settings.bash, env)
    except FileNotFoundError as exc:
        sys.stderr.write(f"agentsh: {exc}\n")
        return Exit.BLOCKED
    env["SHELL"] = locations.self_path(argv0)
    reason = None
    if env.get("AGENTSH_INTERACTIVE") == "pipe":
        reason = "AGENTSH_INTERACTIVE=pipe"
    else:
        from agentsh.frontends.interactive.session import Session

        try:
            session = Session(argv0, inv, env, gate, bash)
        except OSError as exc:  # no /dev/ptmx, no sockets: the mode without a pseudo-terminal
            reason = exc.strerror or type(exc).__name__
        else:
            return session.run()
    sys.stderr.write(f"agentsh: no pseudo-terminal for bash ({reason}): running it "
                     "without job control (Ctrl-Z, fg and bg do nothing)\n")
    from agentsh.frontends.interactive import pipe

    return pipe.run(argv0, inv, env, gate, bash)

