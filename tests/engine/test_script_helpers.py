"""Ruby, PHP and Perl helpers the code defines, connected to their calls (session 28, "code4"):
a call binds its arguments to the helper's parameters (Perl: `@_`, `my ($d) = @_`, `shift`) and
the body is judged with them, as Python's and JavaScript's were. So a helper given the project's
own `build` runs, and the same helper given a home path asks. A helper reached some other way
(`obj.wipe`, `method(:wipe)`, `send(:wipe)`, a PHP string callback, Perl's `\\&wipe`) keeps its
body's effects with unknown parameters: those ask (INT001)."""

from __future__ import annotations

import pytest

from agentsh.engine.classify import classify
from agentsh.policy.values import Decision
from tests.conftest import clean_env, run_as_agent, without_snapshots

RB_WIPE = 'require "fileutils"\ndef wipe(dir)\n  FileUtils.rm_rf(dir)\nend\n'
PHP_WIPE = '<?php\nfunction wipe($dir) { exec("rm -rf " . escapeshellarg($dir)); }\n'
PL_WIPE = 'use File::Path qw(remove_tree);\nsub wipe { my ($d) = @_; remove_tree($d); }\n'
PL_SHIFT = 'use File::Path qw(remove_tree);\nsub wipe { my $d = shift; remove_tree($d); }\n'


def heredoc(program: str, code: str) -> str:
    return f"{program} <<'EOF'\n{code}EOF"


OWN_OUTPUT = {
    "ruby helper": heredoc("ruby", RB_WIPE + 'wipe("build")\n'),
    "ruby endless def": heredoc("ruby", 'require "fileutils"\ndef nuke(p) = FileUtils.rm_rf(p)\n'
                                'nuke("dist")\n'),
    "ruby method's last value": heredoc("ruby", 'require "fileutils"\ndef out\n  "build"\nend\n'
                                        'FileUtils.rm_rf(out())\n'),
    "php helper": heredoc("php", PHP_WIPE + 'wipe("build");\n'),
    "perl helper @_": heredoc("perl", PL_WIPE + 'wipe("build");\n'),
    "perl helper shift": heredoc("perl", PL_SHIFT + 'wipe("node_modules");\n'),
    "perl -e helper": "perl -MFile::Path=rmtree -e 'sub w { rmtree(shift) } w(\"build\")'",
    # Perl hashes and arrays: `my %cfg = (dir => "build")` then `$cfg{dir}` (was unparsed)
    "perl hash element": "perl -MFile::Path=rmtree -e 'my %cfg = (dir => \"build\"); "
                         "rmtree($cfg{dir})'",
    "perl array element": "perl -MFile::Path=rmtree -e 'my @d = (\"build\", $ENV{HOME}); "
                          "rmtree($d[0])'",
    "php array_map of a harmless built-in": "php -r 'print_r(array_map(\"strtoupper\", [\"a\"])); "
                                            "var_dump(function_exists(\"exec\"));'",
    "php array_map unlink of its own files": "php -r 'array_map(\"unlink\", glob(\"*.tmp\"));'",
    "tinker count": "php artisan tinker --execute='echo App\\Models\\User::count();'",
    "laravel filtered delete": "php -r 'User::query()->where(\"active\", 0)->delete();'",
    "laravel delete by id": "php -r 'DB::table(\"users\")->where(\"id\", 3)->delete();'",
    "sequelize filtered destroy": 'node -e "const User=require(\'./models\').User; User.destroy({ where: { id: 3 } })"',
    "drizzle delete with where": 'node -e "const {drizzle}=require(\'drizzle-orm/node-postgres\'); const {eq}=require(\'drizzle-orm\'); const {users}=require(\'./schema\'); const db=drizzle(process.env.DATABASE_URL); db.delete(users).where(eq(users.id, 3)).then(()=>process.exit())"',
    "kysely deleteFrom with where": 'node -e "const {Kysely}=require(\'kysely\'); const db=new Kysely({}); db.deleteFrom(\'users\').where(\'id\', \'=\', 3).execute()"',
    "a Map's delete next to drizzle": 'node -e "const m = new Map(); m.set(\'a\', 1); m.delete(\'a\'); const {drizzle}=require(\'drizzle-orm\'); console.log(m)"',
    "perl modulo": "perl -e 'my %h = (a => 1); print scalar(keys %h) % 2, 7 % 3'",
}

VICTIMS = {
    "ruby helper": heredoc("ruby", RB_WIPE + 'wipe(File.expand_path("~/projects"))\n'),
    "ruby helper twice": heredoc("ruby", RB_WIPE + 'wipe("build")\nwipe(ENV["HOME"] + "/src")\n'),
    "ruby method's last value": heredoc("ruby", 'require "fileutils"\ndef out\n'
                                        '  File.join(Dir.home, "src")\nend\n'
                                        'FileUtils.rm_rf(out())\n'),
    "ruby member call": heredoc("ruby", RB_WIPE + 'wipe("build")\nself.wipe(Dir.home)\n'),
    "ruby method(:name)": heredoc("ruby", RB_WIPE + 'wipe("build")\n'
                                  'm = method(:wipe)\nm.call(Dir.home)\n'),
    "ruby send": heredoc("ruby", RB_WIPE + 'wipe("build")\nsend(:wipe, Dir.home)\n'),
    "ruby unknown argument": heredoc("ruby", RB_WIPE + 'wipe(ARGV[0])\n'),
    "php helper": heredoc("php", PHP_WIPE + 'wipe(getenv("HOME") . "/projects");\n'),
    "php string callback": heredoc("php", PHP_WIPE + 'wipe("build");\n'
                                   'array_map("wipe", [getenv("HOME")]);\n'),
    "php call_user_func": heredoc("php", PHP_WIPE + 'wipe("build");\n'
                                  'call_user_func("wipe", $argv[1]);\n'),
    # review-a: a function chosen at run time, a string changed in place
    "ruby __send__ of a built name": heredoc("ruby", RB_WIPE + 'wipe("build")\n'
                                             '__send__("wi" + "pe", ENV["HOME"])\n'),
    "ruby method of a built name": heredoc("ruby", RB_WIPE + 'wipe("build")\n'
                                           'm = method("wi" + "pe")\nm.call(Dir.home)\n'),
    "ruby string appended in place": heredoc("ruby", RB_WIPE + 'x = "build"\nx << "/../.."\n'
                                             'wipe(x)\n'),
    "ruby string concat in place": heredoc("ruby", RB_WIPE + 'x = "build"\n'
                                           'x.concat("/../..")\nwipe(x)\n'),
    "php variable function of a built name": heredoc("php", PHP_WIPE + 'wipe("build");\n'
                                                     '$f = "wi" . "pe";\n'
                                                     '$f($_SERVER["HOME"]);\n'),
    "php call_user_func of a built name": heredoc("php", PHP_WIPE + 'wipe("build");\n'
                                                  'call_user_func("wi" . "pe", getenv("HOME"));\n'),
    "perl symbolic call of a built name": heredoc("perl", PL_WIPE + 'wipe("build");\n'
                                                  'my $n = "wi" . "pe";\n&$n($ENV{HOME});\n'),
    "perl can of a built name": heredoc("perl", PL_WIPE + 'wipe("build");\n'
                                        'main->can("wi" . "pe")->($ENV{HOME});\n'),
    "php named arguments": heredoc("php", PHP_WIPE + 'wipe(dir: getenv("HOME"));\n'),
    "perl helper @_": heredoc("perl", PL_WIPE + 'wipe("$ENV{HOME}/data");\n'),
    "perl helper shift": heredoc("perl", PL_SHIFT + 'wipe("build");\nwipe($ENV{HOME});\n'),
    "perl code reference": heredoc("perl", PL_WIPE + 'wipe("build");\nmy $f = \\&wipe;\n'
                                   '$f->($ENV{HOME});\n'),
    "perl method call": heredoc("perl", PL_WIPE + 'wipe("build");\n'
                                'main->wipe($ENV{HOME});\n'),
    "perl unknown argument": heredoc("perl", PL_WIPE + 'wipe($ARGV[0]);\n'),
    # a rest parameter takes every argument from there on: positions do not bind one to one
    "ruby splat": heredoc("ruby", 'require "fileutils"\ndef wipe(*dirs)\n  FileUtils.rm_rf(dirs)\n'
                          'end\nwipe("build", Dir.home)\n'),
    "ruby splat after a name": heredoc("ruby", 'require "fileutils"\ndef wipe(a, *dirs)\n'
                                       '  FileUtils.rm_rf(a)\nend\nwipe(*["build"], Dir.home)\n'),
    # Laravel: tinker runs PHP; a query builder of a whole table deleted
    "tinker --execute": "php artisan tinker --execute='App\\Models\\User::query()->delete();'",
    "tinker on stdin": "php artisan tinker <<'EOF'\nDB::table('users')->truncate();\nEOF",
    "tinker --execute DROP": "php artisan tinker --execute 'DB::statement(\"DROP TABLE users\");'",
    "DB::table delete": "php -r 'DB::table(\"users\")->delete();'",
    "withTrashed forceDelete": "php -r 'User::withTrashed()->forceDelete();'",
    # a function named like a built-in is judged as the built-in (Perl calls the built-in)
    "perl sub system": "perl -e 'sub system { print @_ } system(\"rm -rf $ENV{HOME}/src\")'",
    "ruby def system": heredoc("ruby", 'def system(c)\n  puts c\nend\n'
                              'system("rm -rf #{Dir.home}/src")\n'),
    # JavaScript ORMs and query builders deleting every row of a table
    "sequelize truncate": 'node -e "const User=require(\'./models\').User; User.destroy({ where: {}, truncate: true })"',
    "sequelize empty where": 'node -e "const User=require(\'./models\').User; User.destroy({ where: {} })"',
    "drizzle delete without where": 'node -e "const {drizzle}=require(\'drizzle-orm/node-postgres\'); const {users}=require(\'./schema\'); const db=drizzle(process.env.DATABASE_URL); db.delete(users).then(()=>process.exit())"',
    "drizzle delete returning": 'node -e "const {drizzle}=require(\'drizzle-orm/node-postgres\'); const {users}=require(\'./schema\'); const db=drizzle(process.env.DATABASE_URL); await db.delete(users).returning()"',
    "kysely deleteFrom without where": 'node -e "const {Kysely}=require(\'kysely\'); const db=new Kysely({}); db.deleteFrom(\'users\').execute()"',
    # PHP names built-in callbacks by strings
    "php array_map unlink": "php -r 'array_map(\"unlink\", glob(getenv(\"HOME\").\"/.ssh/id_*\"));'",
    "php array_map unlink list": "php -r 'array_map(\"unlink\", [\"a.txt\", "
                                 "getenv(\"HOME\").\"/.ssh/id_rsa\"]);'",
    "php call_user_func system": "php -r 'call_user_func(\"system\", \"rm -rf \".getenv(\"HOME\"));'",
    "php call_user_func_array exec": "php -r 'call_user_func_array(\"exec\", [\"rm -rf /srv/data\"]);'",
    "perl hash element of home": "perl -MFile::Path=rmtree -e 'my %cfg = (dir => "
                                 "\"$ENV{HOME}/src\"); rmtree($cfg{dir})'",
    "perl array element of home": "perl -MFile::Path=rmtree -e 'my @d = (\"build\", "
                                  "$ENV{HOME}); rmtree($d[1])'",
    "perl hash element changed": "perl -MFile::Path=rmtree -e 'my %h = (a => \"build\"); "
                                 "$h{a} = $ENV{HOME}; rmtree($h{a})'",
    "perl array pushed": "perl -MFile::Path=rmtree -e 'my @d = (\"build\"); "
                         "unshift @d, $ENV{HOME}; rmtree($d[0])'",
    # an element of a hash inside a Perl string is that element, not the whole hash
    "perl $ENV{HOME} in a string": "perl -e 'unlink(\"$ENV{HOME}/.ssh/id_rsa\")'",
    "perl hash element in a string": heredoc("perl", 'my %c = (d => $ENV{HOME});\n'
                                             'system("rm -rf $c{d}/src");\n'),
}


@pytest.mark.parametrize("line", list(OWN_OUTPUT.values()), ids=list(OWN_OUTPUT))
def test_a_helper_given_the_project_s_output_runs(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision == Decision.ALLOW, verdict


@pytest.mark.parametrize("line", list(VICTIMS.values()), ids=list(VICTIMS))
def test_a_helper_given_a_victim_or_reached_otherwise_asks(line, builtin_policy, ctx) -> None:
    verdict = classify(line, builtin_policy, ctx)
    assert verdict.decision in (Decision.CONFIRM, Decision.DENY), verdict


def test_perl_unlink_of_a_home_key_does_not_run_as_an_agent(agentsh_bin, home, tmp_path) -> None:
    """As the agent would: no terminal, CLAUDECODE=1. `"$ENV{HOME}/.ssh/id_rsa"` was read as
    the whole %ENV (unknown), so unlinking a private key ran unasked."""
    (home / ".ssh").mkdir(parents=True, exist_ok=True)
    key = home / ".ssh" / "id_rsa"
    key.write_text("precious\n")
    env = without_snapshots({**clean_env(home), "CLAUDECODE": "1"}, home)
    result = run_as_agent(agentsh_bin, "perl -e 'unlink(\"$ENV{HOME}/.ssh/id_rsa\")'", tmp_path,
                          env, text=True)
    assert key.exists(), result
