"""`agentsh rules show` lists the rules (id, severity, decision, layer, message) and the layers;
`agentsh rules check` checks the team files a file includes too."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def run(agentsh_bin, env, cwd, *args):
    return subprocess.run([agentsh_bin, "rules", *args], env=env, cwd=cwd, capture_output=True,
                          text=True)


def test_show_lists_rules_with_their_layer(agentsh_bin, env, home, tmp_path) -> None:
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text(
        '[[rule]]\nid = "GIT003"\nseverity = "critical"\ndecision = "deny"\n\n'
        '[[rule]]\nid = "TEAM001"\ndomain = "team"\nseverity = "high"\n'
        'message = "no deploys from laptops"\nprogram = ["deploy"]\n'
        'must_match = ["deploy prod"]\nmust_not_match = ["ls"]\n\n'
        '[[allow]]\nrule = "FS001"\ncommand = "^rm -rf scratch$"\nreason = "sandbox"\n')
    out = run(agentsh_bin, env, tmp_path, "show").stdout
    assert re.search(r"^1\. builtin: \S+rules\.toml$", out, re.M)
    assert re.search(r"^2\. user: \S+/\.config/agentsh/rules\.toml$", out, re.M)
    assert "adds 1 rules; changes 1; 1 allow entry" in out
    assert re.search(r"^  FS001\s+high\s+confirm\s+builtin\s+rm -r deletes.*"
                     r"\(recoverable: runs after a snapshot\)$", out, re.M)
    assert re.search(r"^  GIT003\s+critical\s+deny\s+user\s+force-push", out, re.M)
    assert re.search(r"^  TEAM001\s+high\s+confirm\s+user\s+no deploys from laptops", out, re.M)
    assert re.search(r"^  FS004\s+low\s+allow\s+builtin", out, re.M)
    assert "FS001 /^rm -rf scratch$/ (sandbox)  [user]" in out
    assert "settings.timeout" not in out.split("rules (", 1)[1]


def test_check_follows_includes(agentsh_bin, env, tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "base.toml").write_text('include = ["extra.toml"]\n')
    (team / "extra.toml").write_text('[[rule]]\nid = "TEAM001"\nseverity = "hi"\n')
    result = run(agentsh_bin, env, tmp_path, "check", str(team / "base.toml"))
    assert result.returncode == 78
    assert f"{team / 'base.toml'}: ok" in result.stdout
    assert f"{team / 'extra.toml'}: rule TEAM001: severity: expected one of" in result.stdout


def test_check_reports_a_missing_include(agentsh_bin, env, tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text('include = ["gone.toml"]\n')
    result = run(agentsh_bin, env, tmp_path, "check", str(tmp_path / "base.toml"))
    assert result.returncode == 78
    assert f"{tmp_path / 'gone.toml'}: cannot read" in result.stdout


def test_check_of_the_layers_in_effect_includes_team_files(agentsh_bin, env, home,
                                                           tmp_path) -> None:
    config = home / ".config" / "agentsh"
    config.mkdir(parents=True)
    (config / "rules.toml").write_text('include = ["team.toml"]\n')
    (config / "team.toml").write_text("[settings]\ntimeout = 'soon'\n")
    result = run(agentsh_bin, env, tmp_path, "check")
    assert result.returncode == 78
    assert "team.toml: settings: timeout: expected an integer" in result.stdout
