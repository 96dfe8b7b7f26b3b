"""Rows of the destructive set whose source module was never written (session 25's passes appended them
to destructive.jsonl directly): kept as data in archived-destructive.jsonl so a rebuild keeps them."""

import json
from pathlib import Path

from common import add

for line in (Path(__file__).resolve().parent / "archived-destructive.jsonl").read_text().splitlines():
    row = json.loads(line)
    add(row["class"], row["why"], row["cmd"])
