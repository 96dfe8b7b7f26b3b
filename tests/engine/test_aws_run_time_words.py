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


# Red-team s30 review: operations named as reads that write a local file (the OUTFILE word of
# `aws s3api get-object`, `lambda invoke`...) or run something (`test-invoke-method`)
@pytest.mark.parametrize("text", [
    'aws s3api get-object --bucket b --key k "$OUT"',
    'aws s3api get-object --bucket "$B" --key "$K" "$OUT"',
    'aws glacier get-job-output --account-id - --vault-name v --job-id "$J" "$OUT"',
    'aws apigateway test-invoke-method --rest-api-id "$ID" --resource-id r --http-method DELETE',
    'aws stepfunctions test-state --definition "$D" --role-arn r',
    # review-g: more operations with an OUTFILE word, and a read word only begun (`lsx`)
    'aws omics get-read-set --id 1 --sequence-store-id 2 --part-number 1 "$OUT"',
    'aws omics get-reference --id 1 --reference-store-id 2 --part-number 1 "$OUT"',
    'aws medical-imaging get-image-frame --datastore-id d --image-set-id i '
    '--image-frame-information f "$OUT"',
    'aws codeguruprofiler get-profile --profiling-group-name g "$OUT"',
    'aws kinesis-video-archived-media get-media-for-fragment-list --fragments f "$OUT"',
    'aws s3 lsfoo "$X"',
    'aws dynamodb scanner-delete "$X"',
])
def test_a_read_named_operation_that_writes_or_runs_keeps_the_wildcard(text, builtin_policy,
                                                                        ctx) -> None:
    verdict = classify(text, builtin_policy, ctx)
    assert verdict.decision != Decision.ALLOW, text


def _agent(tmp_path):
    """A home with a .bashrc, and a stand-in `aws` that writes its last word, as
    `aws s3api get-object ... OUTFILE` writes the object there."""
    import os

    from tests.conftest import clean_env

    home, work, bin_dir = tmp_path / "home", tmp_path / "work", tmp_path / "bin"
    for d in (home, work, bin_dir):
        d.mkdir()
    (home / ".bashrc").write_text("# rc\n")
    (bin_dir / "aws").write_text('#!/bin/sh\nfor last; do :; done\necho evil > "$last"\n')
    (bin_dir / "aws").chmod(0o755)
    env = {**clean_env(home), "CLAUDECODE": "1"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return home, work, env


@pytest.mark.parametrize("line", [
    "aws s3api get-object --bucket b --key k ~/.bashrc",
    "aws --debug s3api get-object --bucket=b --key k \"$HOME/.bashrc\"",
    "aws lambda invoke --function-name f --payload '{}' ~/.bashrc",
    "OUT=$(cat name.txt); aws s3api get-object --bucket b --key k \"$OUT\"",
])
def test_an_aws_outfile_over_a_protected_file_is_refused(tmp_path, agentsh_bin, line) -> None:
    from tests.conftest import assert_blocked, run_as_agent

    home, work, env = _agent(tmp_path)
    (work / "name.txt").write_text(str(home / ".bashrc"))
    assert_blocked(run_as_agent(agentsh_bin, line, work, env, text=True))
    assert (home / ".bashrc").read_text() == "# rc\n"


def test_an_aws_outfile_in_the_project_runs(tmp_path, agentsh_bin) -> None:
    from tests.conftest import run_as_agent

    _, work, env = _agent(tmp_path)
    done = run_as_agent(agentsh_bin, "aws s3api get-object --bucket b --key k out.bin", work,
                        env, text=True)
    assert done.returncode == 0, done.stderr[-600:]
    assert (work / "out.bin").read_text() == "evil\n"
