"""The README a new user meets: a quick start at the top (install, setup, the approver, a blocked
command) in at most 12 lines, then usage, then configuration; the details live in docs/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def sections() -> list[str]:
    return re.findall(r"^## (.+)$", README, re.M)


def test_the_quick_start_comes_first_and_is_short() -> None:
    assert sections()[:3] == ["Quick start", "Usage", "Configuration"]
    body = README.split("## Quick start\n", 1)[1].split("\n## ", 1)[0].strip("\n")
    assert len(body.splitlines()) <= 12, body
    for step in ("./install.sh", "agentsh setup ", "agentsh approve", "agentsh -c"):
        assert step in body, step


def test_the_test_command_is_the_one_ci_runs() -> None:
    assert "\n./install.sh --dev && .venv/bin/python -m pytest\n" in README


def test_the_docs_it_links_exist() -> None:
    for name in ("approval", "design", "benchmarks"):
        assert f"(docs/{name}.md)" in README
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
