"""Rows of the everyday set whose source module was never written (session 25's passes appended them
to everyday.jsonl directly): kept as data in archived-everyday.jsonl so a rebuild keeps them."""

import json
from pathlib import Path

from common import add

for line in (Path(__file__).resolve().parent / "archived-everyday.jsonl").read_text().splitlines():
    row = json.loads(line)
    add(row["class"], row["why"], row["cmd"])
