"""Source files of languages agentsh does not analyze (`[analyzer.code] compiled`: Go, Rust,
Java, Kotlin, C#, Swift ...) named on the command line that builds or runs them (`go run
wipe.go`, `java Wipe.java`, `rustc wipe.rs && ./wipe`): written in an earlier command, the
source is on disk when this one is checked, so it is read for what reaches remote data: SQL in
its string literals that drops, truncates or deletes every row (read as the SQL rules read
`psql -c`), an HTTP DELETE, or an SDK call whose name starts with a destroy verb
(`DeleteVolume(`, `deleteBucket(`, `drop_database(`). Local code (file deletions, commands
run) is left to INT020, which asks when the same line wrote the source."""

from __future__ import annotations

from agentsh.engine.domains.common import read
from agentsh.engine.lazyre import later
from agentsh.engine.model import Fact

MAX_SOURCE = 400_000
STRINGS = later(r'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`|r#"(.*?)"#|"""(.*?)"""', )
# a client sending DELETE (not a server routing one: `r.Delete("/x", h)`, CORS method lists)
HTTP_DELETE = later(r'NewRequest(?:WithContext)?\(\s*(?:\w+\s*,\s*)?(?:http\.MethodDelete|"DELETE")|'
                    r'\.DELETE\(\s*\)|\bnew\s+HttpDelete\(|\.delete\(\s*"https?://|'
                    r'Request::delete\(|\.method\(\s*(?:Method::DELETE|"DELETE")|'
                    r'HttpRequestMessage\(\s*HttpMethod\.Delete|\.DeleteAsync\(\s*"https?://')
# an SDK call destroying a remote resource: a destroy verb and the kind of resource it names
REMOTE_KINDS = (r"(?:Bucket|Buckets|Object|Objects|Volume|Volumes|Database|Databases|DB\w*|Table|"
                r"Tables|Cluster|Clusters|Instance|Instances|Snapshot|Snapshots|Backup|Backups|"
                r"Collection|Collections|Index|Indices|Indexes|Namespace|Keyspace|Project|Stack|"
                r"Topic|Queue|Branch|Repository|Repo|Blob|Blobs|Container|Disk|Disks|Service|"
                r"Deployment|Secret|Vault|RecoveryPoint|All)")
SDK_DESTROY = later(r'\.(?:Delete|Drop|Destroy|Purge|Truncate|Terminate|Empty)' + REMOTE_KINDS +
                    r'\w*\s*\(|\.(?:delete|drop|destroy|purge|truncate|terminate|empty)(?:_' +
                    REMOTE_KINDS.lower().replace("db\\w*", "db\\w*") + r'|' + REMOTE_KINDS +
                    r')\w*\s*\(')
DESTROYING_SQL = frozenset(("sql.drop", "sql.drop_database", "sql.truncate", "sql.delete_all",
                            "sql.update_all", "sql.delete_all_but", "sql.update_all_but"))


def source_facts(view, entry: dict) -> list[Fact]:
    """`interp.compiled_harm` for the first source file named on the command line whose code
    reaches remote data destructively (see the module docstring)."""
    extensions = tuple(entry.get("extensions", ()))
    written = getattr(view.ctx.files, "written_code", None)
    planted = dict(written()) if written is not None else {}
    for word in view.cmd.words[1:]:
        if not (word.literal and extensions and word.text.endswith(extensions)):
            continue
        text = read(word.text, view.ctx)
        if text is None:  # written earlier on this line (`printf ... > w.go && go run w.go`)
            text = next((t for p, t in planted.items() if p == word.text or
                         p.endswith("/" + word.text.lstrip("./"))), None)
        if text is None or len(text) > MAX_SOURCE:
            continue
        found = remote_harm(text)
        if found:
            return [Fact("interp.compiled_harm", f"{view.program} builds {word.text}, which "
                         f"{found}", word.text)]
    return []


def remote_harm(text: str) -> str:
    """What in this source destroys remote data ('' when nothing is seen)."""
    from agentsh.engine.domains.sql import statement_facts

    for m in STRINGS.finditer(text):
        literal = next((g for g in m.groups() if g), "")
        if " " in literal.strip():  # a statement, not a word (`"DELETE"` in a method list)
            hit = next((f for f in statement_facts(literal) if f.label in DESTROYING_SQL), None)
            if hit:
                return f"sends SQL that destroys ({hit.detail} {hit.target}".rstrip() + ")"
    m = HTTP_DELETE.search(text)
    if m:
        return f"sends an HTTP DELETE ({m.group(0).strip()})"
    m = SDK_DESTROY.search(text)
    if m:
        return f"calls {m.group(0).lstrip('.').rstrip('( ')}"
    return ""
