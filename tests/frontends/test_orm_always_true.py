"""An ORM or query-builder delete whose only condition holds for every row deletes every row
(review-c, stop 29: docs/code-analysis.md). Stop 29 let "a condition anywhere" take a
delete-all back; an agent blocked on `User.objects.all().delete()` could write the condition
that leaves nothing out: `.filter(True)`, `.filter(**{})`, `.filter(Q())`, `sa.true()`,
`text("1=1")`, knex `.where({})` / `.whereRaw("1=1")` / `.del().where(true)`, ActiveRecord
`.where("1=1")` / `.where(nil)`. Those ask now; a real condition still runs. Judged as the agent
would meet them (`CLAUDECODE=1`, a temporary HOME), and one run through `agentsh -c`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_batch, agent_env

ALWAYS_TRUE = [
    "python3 -c 'from app.models import User; User.objects.filter(**{}).delete()'",
    "python3 -c 'from app.models import User; User.objects.filter(Q()).delete()'",
    "python3 -c 's.query(User).filter(True).delete()'",
    "python3 -c 'import sqlalchemy as sa; s.query(User).filter(sa.true()).delete()'",
    "python3 -c 'from sqlalchemy import text; s.query(User).filter(text(\"1=1\")).delete()'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").where({}).del()'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").whereRaw(\"1=1\").del()'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").del().where(true)'",
    "ruby -e 'User.where(\"1=1\").delete_all'",
    "ruby -e 'User.where(nil).delete_all'",
    "node -e 'const {PrismaClient}=require(\"@prisma/client\"); "
    "new PrismaClient().user.deleteMany({where: {}})'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").orWhere({}).del()'",
    "python3 -c 's.query(User).filter(1 == 1).delete()'",
    "python3 -c 's.execute(delete(User).where(True))'",
    "python3 -c 's.execute(users.delete().where(text(\"1=1\")))'",
]

CONDITIONS = [
    "python3 -c 'from app.models import User; User.objects.filter(id=1).delete()'",
    "python3 -c 's.query(User).filter(User.id == 1).delete()'",
    "python3 -c 'from app.models import User; User.objects.exclude(active=True).delete()'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").where(\"id\", 1).del()'",
    "node -e 'const k=require(\"knex\")(c); k(\"users\").where({id: 1}).del()'",
    "ruby -e 'User.where(id: 1).delete_all'",
    "ruby -e 'User.where(\"created_at < ?\", 1.day.ago).delete_all'",
    "node -e 'const {PrismaClient}=require(\"@prisma/client\"); "
    "new PrismaClient().user.deleteMany({where: {id: 1}})'",
    "python3 -c 's.execute(delete(User).where(User.id == 1))'",
]


@pytest.mark.parametrize("command", ALWAYS_TRUE, ids=range(len(ALWAYS_TRUE)))
def test_a_condition_that_holds_for_every_row_asks(agentsh_bin, tmp_path: Path,
                                                   agent_home: Path, command: str) -> None:
    env = agent_env(agent_home, snapshots=False)
    [verdict] = agent_batch(agentsh_bin, tmp_path, env, [command])
    assert verdict["decision"] != "allow", (command, verdict["findings"])


def test_a_real_condition_runs(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    env = agent_env(agent_home, snapshots=False)
    for command, verdict in zip(CONDITIONS, agent_batch(agentsh_bin, tmp_path, env, CONDITIONS),
                                strict=True):
        assert verdict["decision"] == "allow", (command, verdict["findings"])


def test_as_an_agent(agentsh_bin, tmp_path: Path, agent_home: Path) -> None:
    """The always-true filter is refused before anything of the line runs."""
    env = agent_env(agent_home, snapshots=False)
    work = tmp_path / "work"
    work.mkdir()
    line = "touch ran && " + ALWAYS_TRUE[2]
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert not (work / "ran").exists()
