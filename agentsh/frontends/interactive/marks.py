"""Shell-integration sequences for editor terminals: VS Code's and Cursor's OSC 633 (prompt
start and end, the command line with the session's nonce, command start, end with the exit
status, the working directory), or OSC 133 when `AGENTSH_OSC133=1`.

agentsh emits them itself, around its own prompt and the commands it hands to bash, so they are
exact whatever bash's start-up files do; the same sequences coming out of the commands are
dropped (see `output`)."""

from __future__ import annotations


class Marks:
    """Shell-integration sequences: VS Code's and Cursor's OSC 633, or OSC 133 when enabled."""

    def __init__(self, env: dict[str, str], out) -> None:
        self.out = out
        self.vscode = env.get("TERM_PROGRAM") == "vscode"
        self.osc133 = not self.vscode and env.get("AGENTSH_OSC133") == "1"
        self.nonce = env.pop("VSCODE_NONCE", "")
        self.holding = False
        self.held = ""

    @property
    def active(self) -> bool:
        return self.vscode or self.osc133

    def hold(self) -> None:
        """Keep the next marks (a command's end, the directory) for the editor's first drawing
        of the prompt, which writes them with it (`take`); any other mark emitted meanwhile
        writes them first."""
        self.holding = True

    def take(self) -> str:
        """The marks held back, for the caller to write first."""
        held, self.held, self.holding = self.held, "", False
        return held

    def flush(self) -> None:
        held = self.take()
        if held:
            self.out.write(held)
            self.out.flush()

    def _emit(self, body: str, now: bool = False) -> None:
        if self.holding and not now:
            self.held += body
            return
        self.out.write(self.take() + body)
        self.out.flush()

    def prompt_start(self) -> str:
        return "\x1b]633;A\x07" if self.vscode else "\x1b]133;A\x07" if self.osc133 else ""

    def prompt_end(self) -> str:
        return "\x1b]633;B\x07" if self.vscode else "\x1b]133;B\x07" if self.osc133 else ""

    def command(self, line: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;E;{escape_633(line)};{self.nonce}\x07\x1b]633;C\x07", now=True)
        elif self.osc133:
            self._emit("\x1b]133;C\x07", now=True)

    def done(self, status: int, cwd: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;D;{status}\x07\x1b]633;P;Cwd={escape_633(cwd)}\x07")
        elif self.osc133:
            self._emit(f"\x1b]133;D;{status}\x07")

    def cwd(self, cwd: str) -> None:
        if self.vscode:
            self._emit(f"\x1b]633;P;Cwd={escape_633(cwd)}\x07")


def escape_633(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == ";" or ord(ch) <= 0x20:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)
