"""rules.toml as a language: validation messages a person can act on, layers in order, a project
file that may only tighten until trusted, a broken file that never loosens anything."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from agentsh.engine.classify import classify
from agentsh.engine.model import Context
from agentsh.policy import build as policy_mod
from agentsh.policy.schema import validate
from agentsh.policy.values import Decision
from tests.conftest import without_snapshots

ROOT = Path(__file__).resolve().parents[2]
CTX = Context(cwd="/srv/project", read_file=lambda p: None)  # `rm -rf ./x` in / is /x


def rules_check(agentsh_bin, env, path: Path):
    return subprocess.run([agentsh_bin, "rules", "check", str(path)], env=env,
                          capture_output=True, text=True)


def test_shipped_rules_validate_and_pass_their_examples(agentsh_bin, env) -> None:
    assert rules_check(agentsh_bin, env, ROOT / "rules.toml").returncode == 0
    tested = subprocess.run([agentsh_bin, "rules", "test", str(ROOT / "rules.toml")], env=env,
                            capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout
    assert " 0 failed" in tested.stdout


def test_installed_package_uses_the_top_level_rules_file(agentsh_bin, env, tmp_path) -> None:
    shown = subprocess.run([agentsh_bin, "rules", "show"], env=env, cwd=tmp_path,
                           capture_output=True, text=True).stdout
    builtin = Path(shown.splitlines()[0].split("builtin: ", 1)[1].split(" (")[0])
    assert builtin.read_bytes() == (ROOT / "rules.toml").read_bytes()


def test_syntax_errors_name_file_line_and_column(agentsh_bin, env, tmp_path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[settings]\ndefault = "allow"\ntimeout = = 3\n')
    result = rules_check(agentsh_bin, env, bad)
    assert result.returncode == 78
    assert result.stdout.startswith(f"{bad}:3:11: ")


@pytest.mark.parametrize("rule, message", [
    ({"severity": "hi"}, "rule GIT900: severity: expected one of low, medium, high, critical, got 'hi'"),
    ({"colour": "red"}, "rule GIT900: unknown key 'colour'"),
    ({"args_any": ["("]}, "rule GIT900: args_any: regex '(' does not compile"),
    ({"must_match": []}, "rule GIT900: must_match: at least one example is required"),
    ({"id": "git900"}, "id: expected two to six capital letters and three digits"),
    ({"program": "git"}, "rule GIT900: program: expected a list of strings, got str 'git'"),
])
def test_schema_errors_name_the_key_path(rule, message) -> None:
    base = {"id": "GIT900", "domain": "git", "severity": "high", "message": "m",
            "program": ["git"], "must_match": ["git x"], "must_not_match": ["ls"]}
    errors = validate({"rule": [{**base, **rule}]})
    assert any(message in e for e in errors), errors


def test_duplicate_ids_and_allow_everything_are_errors() -> None:
    rule = {"id": "FS900", "domain": "fs", "severity": "high", "message": "m", "program": ["rm"],
            "must_match": ["rm x"], "must_not_match": ["ls"]}
    errors = validate({"rule": [rule, rule], "allow": [{"rule": "FS", "command": ".*"}]})
    assert any("duplicate" in e for e in errors)
    assert any("matches every command" in e for e in errors)
    assert any("allow #1" in e for e in validate({"allow": [{"rule": "FS001"}]}))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def build(cwd: Path, home: Path, trust=None, **env):
    return policy_mod.build(str(cwd), {"HOME": str(home), **env}, system=home / "no-system",
                            trust=trust)[0]


def test_user_layer_can_loosen_with_a_scoped_allow(tmp_path) -> None:
    home = tmp_path / "home"
    write(home / ".config" / "agentsh" / "rules.toml",
          '[[allow]]\nrule = "FS001"\ncommand = "^rm -rf \\\\./scratch$"\nreason = "mine"\n')
    policy = build(tmp_path, home)
    assert classify("rm -rf ./scratch", policy, CTX).decision == Decision.ALLOW
    assert classify("rm -rf ./src", policy, CTX).decision == Decision.CONFIRM


def test_expired_allow_entries_do_not_apply(tmp_path) -> None:
    import datetime

    home = tmp_path / "home"
    write(home / ".config" / "agentsh" / "rules.toml",
          '[[allow]]\nrule = "FS001"\ncommand = "scratch"\nexpires = 2020-01-01\n')
    policy = build(tmp_path, home)
    verdict = classify("rm -rf ./scratch", policy, CTX, today=datetime.date(2026, 1, 1))
    assert verdict.decision == Decision.CONFIRM


def test_project_file_may_tighten_but_not_loosen_until_trusted(tmp_path) -> None:
    home = tmp_path / "home"
    project = tmp_path / "repo"
    path = write(project / ".agentsh" / "rules.toml", """
[settings]
default = "confirm"
[[rule]]
id = "FS001"
severity = "low"
[[rule]]
id = "GIT013"
severity = "critical"
[[rule]]
id = "PROJ001"
domain = "project"
severity = "high"
message = "no make deploy here"
program = ["make"]
args_any = ["^deploy$"]
must_match = ["make deploy"]
must_not_match = ["make test"]
[[allow]]
rule = "FS002"
command = "^rm -rf build$"
""")
    policy = build(project, home)
    assert classify("make deploy", policy, CTX).decision == Decision.CONFIRM
    assert policy.rule("GIT013").severity.name == "CRITICAL"
    assert policy.rule("FS001").severity.name == "HIGH"  # lowering refused
    assert not policy.allows
    assert policy.settings.default == Decision.CONFIRM  # raising the default is tightening
    layer = policy.layers[-1]
    assert not layer.trusted and any("ignored until trusted" in c for c in layer.contributed)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    trusted = build(project, home, trust={str(path.resolve()): digest})
    assert trusted.rule("FS001").severity.name == "LOW" and trusted.allows
    path.write_text(path.read_text() + "\n# changed\n")
    assert not build(project, home, trust={str(path.resolve()): digest}).allows


def test_a_broken_file_never_loosens_anything(agentsh_bin, env, home, tmp_path) -> None:
    write(home / ".config" / "agentsh" / "rules.toml", "[settings\n")
    read_only = subprocess.run([agentsh_bin, "-c", "ls"], env=env, cwd=tmp_path,
                               capture_output=True, text=True, start_new_session=True,
                               stdin=subprocess.DEVNULL)
    assert read_only.returncode == 0
    assert "rules.toml:1:" in read_only.stderr
    writes = subprocess.run([agentsh_bin, "-c", "touch newfile"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, start_new_session=True,
                            stdin=subprocess.DEVNULL)
    assert writes.returncode == 126 and "CFG001" in writes.stderr
    assert not (tmp_path / "newfile").exists()


def test_system_file_must_be_root_owned_and_not_writable_by_others(tmp_path) -> None:
    home = tmp_path / "home"
    system = write(tmp_path / "etc" / "rules.toml", '[settings]\ndefault = "deny"\n')
    system.chmod(0o666)
    policy, _ = policy_mod.build(str(tmp_path), {"HOME": str(home)}, system=system)
    assert policy.settings.default == Decision.ALLOW
    assert any(layer.name == "system" and "skipped" in layer.error for layer in policy.layers)


def test_team_files_by_include_and_env(tmp_path) -> None:
    home = tmp_path / "home"
    team = write(tmp_path / "team.toml", '[[rule]]\nid = "FS004"\nseverity = "high"\n')
    write(home / ".config" / "agentsh" / "rules.toml", f'include = ["{team}"]\n')
    assert build(tmp_path, home).rule("FS004").severity.name == "HIGH"
    other = write(tmp_path / "other.toml", '[[rule]]\nid = "GIT013"\nseverity = "high"\n')
    policy = build(tmp_path, tmp_path / "empty-home", AGENTSH_RULES=str(other))
    assert policy.rule("GIT013").severity.name == "HIGH"


def test_analyzer_parameters_extend_without_code(tmp_path) -> None:
    home = tmp_path / "home"
    write(home / ".config" / "agentsh" / "rules.toml",
          '[analyzer.cloud.clis]\nmycloud = 2\n')
    policy = build(tmp_path, home)
    assert classify("mycloud bucket delete b1", policy, CTX).decision == Decision.CONFIRM


def test_environment_conditions(tmp_path) -> None:
    home = tmp_path / "home"
    write(home / ".config" / "agentsh" / "rules.toml", """
[[rule]]
id = "ENV001"
domain = "cloud"
severity = "high"
message = "kubectl against production"
program = ["kubectl"]
env = { KUBE_CONTEXT = "prod" }
must_match = ["KUBE_CONTEXT=prod kubectl apply -f x"]
must_not_match = ["kubectl apply -f x"]
""")
    policy = build(tmp_path, home)
    assert classify("KUBE_CONTEXT=prod-eu kubectl apply -f x", policy, CTX).decision == \
        Decision.CONFIRM
    prod = Context(cwd="/", env=(("KUBE_CONTEXT", "prod"),), read_file=lambda p: None)
    assert classify("kubectl apply -f x", policy, prod).decision == Decision.CONFIRM
    assert classify("kubectl apply -f x", policy, CTX).decision == Decision.ALLOW


def test_trust_needs_a_person(agentsh_bin, env, tmp_path) -> None:
    write(tmp_path / ".agentsh" / "rules.toml", "")
    result = subprocess.run([agentsh_bin, "trust"], env=env, cwd=tmp_path, capture_output=True,
                            text=True, start_new_session=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 126 and "not trusted" in result.stderr


def test_compiled_policy_is_cached(agentsh_bin, env, home, tmp_path) -> None:
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)
    caches = list((home / ".cache" / "agentsh").glob("policy-*.jsonl"))
    assert len(caches) == 1
    write(home / ".config" / "agentsh" / "rules.toml", '[settings]\ntimeout = 5\n')
    subprocess.run([agentsh_bin, "-c", "true"], env=env, cwd=tmp_path, check=True)
    assert len(list((home / ".cache" / "agentsh").glob("policy-*.jsonl"))) == 2


def test_observe_mode_runs_and_logs_but_only_from_a_trusted_layer(agentsh_bin, env, home,
                                                                   tmp_path) -> None:
    """`settings.enforce = false` (a rollout and measuring mode) from the user layer: the
    command runs and the log says what would have happened. A project file cannot set it."""
    project = tmp_path / "proj"
    (project / "victim").mkdir(parents=True)
    write(project / ".agentsh" / "rules.toml", "[settings]\nenforce = false\n")
    agent = {**without_snapshots(env, home), "CLAUDECODE": "1"}  # so rm -rf asks
    blocked = subprocess.run([agentsh_bin, "-c", "rm -rf ./victim"], env=agent, cwd=project,
                             capture_output=True, text=True, start_new_session=True)
    assert blocked.returncode == 126 and (project / "victim").exists()
    write(home / ".config" / "agentsh" / "rules.toml", "[settings]\nenforce = false\n")
    ran = subprocess.run([agentsh_bin, "-c", "rm -rf ./victim"], env=agent, cwd=project,
                         capture_output=True, text=True, start_new_session=True)
    assert ran.returncode == 0 and not (project / "victim").exists()
    log = (home / ".local" / "state" / "agentsh" / "audit.jsonl").read_text()
    assert '"outcome": "observed (confirm)"' in log
    doctor = subprocess.run([agentsh_bin, "doctor"], env=env, cwd=tmp_path, capture_output=True,
                            text=True)
    assert "enforcement is OFF" in doctor.stdout
