"""aws with words only known at run time (code7's note, session 30): a read-only call with a
variable option value asked UNK140 (`aws dynamodb describe-table --table-name "$T"`: tried as
`rm`, `--skip-final-snapshot`, a JSON document), though aws's command is exactly `aws SERVICE
OPERATION` and nothing after a read-only operation can make it destroy anything. Judged from the
text alone, as `agentsh check` does; each relaxation has a twin that still asks."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import NULL_FILES
from agentsh.engine.runtime import make_context
from agentsh.policy.values import Decision


@pytest.fixture
def ctx():
    made = make_context("/home/user/project", {"HOME": "/home/user"})
    return made._replace(files=NULL_FILES, read_file=lambda path: None)


@pytest.mark.parametrize("text", [
    'aws dynamodb describe-table --table-name "$T"',
    'aws ec2 describe-instances --instance-ids "$I"',
    'aws logs tail "$G" --follow',
    'aws rds describe-db-instances --db-instance-identifier "$(cat id)"',
    'aws --region "$AWS_REGION" ec2 describe-instances',
    'aws sts get-caller-identity --query "$Q"',
    'aws s3 ls "$U"',
    'aws dynamodb describe-table --table-name rm',  # an option's value, not a verb
])
def test_a_read_only_aws_call_with_run_time_words_runs(text, builtin_policy, ctx) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, [(f.rule, f.message) for f in verdict.findings]


@pytest.mark.parametrize("text, rule", [
    ('aws s3api "$VERB" --bucket b', "UNK140"),  # the operation itself is unknown
    ('aws dynamodb "$OP" --table-name x', "UNK140"),
    ('aws --region "$R" "$S" describe-x', "UNK140"),
    ('aws rds modify-db-instance --db-instance-identifier x --backup-retention-period "$N"',
     "UNK140"),  # a write whose value may switch a safeguard off
    ('aws --region "$R" ec2 terminate-instances --instance-ids i-1', "CLOUD001"),
    ('aws rds delete-db-instance --db-instance-identifier x --skip-final-snapshot', "CLOUD008"),
])
def test_an_unknown_operation_or_a_write_still_asks(text, rule, builtin_policy, ctx) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW
    assert rule in {f.rule for f in verdict.findings}
