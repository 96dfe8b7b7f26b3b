"""A budget of work for one check (issue 16): the safety net under the walkers' own bounds.

Every walker that can be made to work in proportion to more than the text's length (the
dataflow pass, the summaries of what code assigns, the unwrapper, the rules applied to each
command found, code and SQL analysis) `charge`s a step as it goes. `classify` arms a budget
for the check it runs; past it, `charge` raises `OverWork`, which `classify` turns into an ask
that says why (never an allow, never a traceback). Outside a check nothing is armed and
`charge` does nothing.

The budget is a number of steps, of seconds of the wall clock (what an agent waiting for its
command, or a hook with a timeout, sees; a hook that times out may be taken as an allow) and
of MiB the process's peak memory grows by; the clock and the memory are read once per `CHUNK`
steps, so that charging costs a decrement. The budget belongs to the thread that armed it:
the approval service checks one command per connection thread."""

from __future__ import annotations

from _thread import get_ident  # (builtin: `contextvars` and `threading` cost a load each)

MAX_SECONDS = 10.0  # for one check; everyday commands take milliseconds
MAX_MIB = 256  # of memory the process may grow by during one check (a 256 KiB script of
# 2,600 `for` loops over known lists grew by 1.2 GB: each command's state keeps the variables)
MAX_STEPS = 1_000_000  # steps for one check, whatever the clock says (a 256 KiB script of
# simple commands takes about 60,000; a step is one command or node, tens of microseconds)
CHUNK = 128  # steps between two readings of the clock (a step may take milliseconds)


class OverWork(BaseException):
    """The check went past its budget. A BaseException so that no walker's own `except
    Exception` (which reads a failure as "unknown here" and goes on) swallows it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Budget:
    __slots__ = ("left", "steps", "total", "seconds", "until", "clock", "mib", "memory")

    def __init__(self, steps: int, seconds: float, clock, mib: float = MAX_MIB,
                 memory=None) -> None:
        self.steps, self.total, self.seconds, self.clock = steps, steps, seconds, clock
        self.until = clock() + seconds
        self.left = min(CHUNK, steps)
        self.mib = mib
        # (peak memory now in MiB, reader): read first at the first refill, so that the few
        # steps of an everyday command import nothing for it
        self.memory = memory

    def refill(self) -> None:
        """The chunk is spent: over the budget, or another chunk."""
        self.steps -= CHUNK
        if self.steps <= 0:
            raise OverWork(f"agentsh stopped checking it after {self.total:,} steps of work, "
                           "its limit")
        if self.clock() > self.until:
            raise OverWork(f"agentsh stopped checking it after {self.seconds:g} s of work, "
                           "its limit")
        if self.memory is None:
            self.memory = (_peak_mib(), _peak_mib)
        elif self.memory[1]() - self.memory[0] > self.mib:
            raise OverWork(f"agentsh stopped checking it after using {self.mib:g} MiB of "
                           "memory, its limit")
        self.left = min(CHUNK, self.steps)


_ARMED: dict[int, Budget] = {}  # thread -> its budget


def charge(steps: int = 1) -> None:
    """Count `steps` of work against the armed budget (none armed: nothing)."""
    budget = _ARMED.get(get_ident())
    if budget is not None:
        budget.left -= steps
        if budget.left <= 0:
            budget.refill()


class armed:  # noqa: N801 (used as `with work.armed():`)
    """Arms a budget for the `with` block; a block inside an armed one shares the outer
    budget (a nested check is part of the same work)."""

    __slots__ = ("budget", "thread")

    def __init__(self, steps: int | None = None, seconds: float | None = None,
                 clock=None, mib: float | None = None, memory=None) -> None:
        self.thread = get_ident()
        self.budget = None if self.thread in _ARMED else Budget(
            MAX_STEPS if steps is None else steps, MAX_SECONDS if seconds is None else seconds,
            clock or _monotonic, MAX_MIB if mib is None else mib, memory)

    def __enter__(self) -> armed:
        if self.budget is not None:
            _ARMED[self.thread] = self.budget
        return self

    def __exit__(self, *exc) -> None:
        if self.budget is not None:
            _ARMED.pop(self.thread, None)


def _peak_mib() -> float:
    """The process's peak resident memory so far, in MiB."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes there


def _monotonic() -> float:
    import time

    return time.monotonic()
