"""Java, Kotlin, jshell and C# written in the line and run (session 30, engineer "code7").
INT020/INT021 asked whenever the code held a word that could do harm in other languages, and
`System` (Java's `System.out.println`, C#'s `using System;`), `HttpClient`, `https://`,
`executeQuery`, `GetStringAsync` (`\\w+Sync`) are in nearly every JVM/.NET program: a hello
world asked. The `jvm` idioms of `[analyzer.code]` take the harmless ones out first; what
deletes, runs a process, sends another method than GET or runs SQL built from a value still
asks. `dotnet script x.csx` (and `dotnet-script`, `csi`) ran its C# unread: it is read now.
Run as a blocked agent would (`agentsh -c`, no terminal, CLAUDECODE=1, snapshots off). On main
the six Java/jshell/Kotlin RUNS commands were refused (the C# ones ran, unread), and seven BLOCKED
ones ran: the `dotnet script` ones and Java reflection (`Class.forName(...).getMethod`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_blocked, run_as_agent
from tests.frontends.conftest import agent_env


def java(body: str, imports: str = "", name: str = "Task") -> str:
    return (f"cat > {name}.java <<'EOF'\n{imports}\npublic class {name} {{\n"
            f"    public static void main(String[] a) throws Exception {{\n{body}\n    }}\n}}\n"
            f"EOF\njava {name}.java")


def csx(body: str, run: str = "dotnet script task.csx") -> str:
    return f"cat > task.csx <<'EOF'\n{body}\nEOF\n{run}"


def kts(body: str) -> str:
    return f"cat > task.main.kts <<'EOF'\n{body}\nEOF\nkotlin task.main.kts"


RUNS = {
    "java-hello": java('        System.out.println("hello " + System.getProperty("user.name"));'),
    "java-list-files": java('        try (var s = Files.list(Paths.get(System.getProperty("user.home")))) '
                            '{ System.out.println(s.count()); }', "import java.nio.file.*;"),
    "java-http-get": java('        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/v1/items")).GET().build();\n'
                          '        try { System.out.println(HttpClient.newHttpClient().send(req, '
                          'HttpResponse.BodyHandlers.ofString()).body()); } catch (Exception e) '
                          '{ System.err.println(e); }',
                          "import java.net.URI;\nimport java.net.http.*;"),
    "java-select": java('        System.out.println("SELECT count(*) FROM t".length());\n'
                        '        java.sql.Connection c = null;\n'
                        '        if (c != null) c.createStatement().executeQuery("SELECT count(*) FROM events");'),
    "jshell-list": "jshell -q <<'EOF'\nSystem.out.println(System.getenv(\"HOME\"));\n/exit\nEOF",
    "kotlin-list": kts('import java.io.File\nFile(System.getProperty("user.home")).listFiles()?.forEach { println(it.name) }'),
    "csharp-list": csx('using System;\nusing System.IO;\nforeach (var d in Directory.GetDirectories('
                       'Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))) Console.WriteLine(d);'),
    "csharp-http-get": csx('using System.Net.Http;\nvar http = new HttpClient();\n'
                           'Console.WriteLine(await http.GetStringAsync("https://api.example.com/v1/items"));'),
    "csharp-select": csx('#r "nuget: Npgsql, 8.0.3"\nusing Npgsql;\nusing var c = new NpgsqlConnection('
                         'Environment.GetEnvironmentVariable("PG"));\nc.Open();\n'
                         'Console.WriteLine(new NpgsqlCommand("SELECT count(*) FROM pg_tables", c).ExecuteScalar());'),
}
BLOCKED = {
    "java-walk-delete": java('        Path p = Paths.get(System.getProperty("user.home"), "data");\n'
                             '        try (var s = Files.walk(p)) { s.sorted(java.util.Comparator.reverseOrder())'
                             '.forEach(x -> x.toFile().delete()); }', "import java.nio.file.*;"),
    "java-method-variable": java('        String m = a.length > 0 ? a[0] : "DEL" + "ETE";\n'
                                 '        var req = HttpRequest.newBuilder(URI.create("https://api.example.com/v1/db/prod"))'
                                 '.method(m, HttpRequest.BodyPublishers.noBody()).build();\n'
                                 '        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());',
                                 "import java.net.URI;\nimport java.net.http.*;"),
    "java-http-delete": java('        var req = HttpRequest.newBuilder(URI.create("https://api.example.com/v1/db/prod")).DELETE().build();\n'
                             '        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());',
                             "import java.net.URI;\nimport java.net.http.*;"),
    "java-query-from-value": java('        var c = java.sql.DriverManager.getConnection(System.getenv("JDBC"));\n'
                                  '        c.createStatement().executeQuery(System.getenv("SQL"));'),
    "java-prepared-from-value": java('        var c = java.sql.DriverManager.getConnection(System.getenv("JDBC"));\n'
                                     '        c.prepareStatement(a[0]).executeQuery();'),
    "java-process": java('        new ProcessBuilder("rm", "-rf", System.getProperty("user.home") + "/data").start().waitFor();'),
    "java-runtime": java('        Runtime.getRuntime().exec(new String[]{"sh", "-c", "x"});'),
    "java-reflection": java('        Class.forName("java.lang.Run" + "time").getMethod("getRuntime").invoke(null);'),
    "jshell-delete": "jshell -q <<'EOF'\nnew java.io.File(System.getProperty(\"user.home\"), \"data\").delete();\n/exit\nEOF",
    "kotlin-delete": kts('import java.io.File\nFile(System.getProperty("user.home"), "data").deleteRecursively()'),
    "csharp-delete": csx('using System.IO;\nDirectory.Delete(Path.Combine(Environment.GetFolderPath('
                         'Environment.SpecialFolder.UserProfile), "data"), true);'),
    "csharp-delete-dotnet-script-tool": csx('using System.IO;\nDirectory.Delete("/home/u/data", true);',
                                            run="dotnet-script task.csx"),
    "csharp-process": csx('using System.Diagnostics;\nProcess.Start("rm", "-rf /home/u/data");'),
    "csharp-process-qualified": csx('System.Diagnostics.Process.Start("bash", "-c x");'),
    "csharp-send": csx('using System.Net.Http;\nvar http = new HttpClient();\n'
                       'await http.SendAsync(new HttpRequestMessage(new HttpMethod(args[0]), "https://api.example.com/v1/x"));'),
    "csharp-command-from-value": csx('using Npgsql;\nusing var c = new NpgsqlConnection("x");\n'
                                     'new NpgsqlCommand(args[0], c).ExecuteScalar();'),
    "csharp-drop": csx('using Npgsql;\nusing var c = new NpgsqlConnection("x");\n'
                       'new NpgsqlCommand("DROP SCHEMA public CASCADE", c).ExecuteNonQuery();'),
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
def test_everyday_jvm_and_dotnet_code_runs(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    done = run_as_agent(agentsh_bin, command, proj, env, timeout=120)
    assert done.returncode != 126 and b"blocked" not in done.stderr, done.stderr[-600:]


@pytest.mark.parametrize("command", BLOCKED.values(), ids=list(BLOCKED))
def test_jvm_and_dotnet_code_that_could_destroy_is_refused(agentsh_bin, proj, command) -> None:
    proj, env, home = proj
    assert_blocked(run_as_agent(agentsh_bin, command, proj, env, timeout=120))
    assert (home / "data" / "keep.txt").exists()
