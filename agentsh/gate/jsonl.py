"""A small JSON writer for audit entries, shared by the fast path and the full path so both
write byte-identical lines (the hash chain is computed over the text). Imports nothing."""

# Substrings that may mean a secret is in a command line: only then does the audit log run its
# redaction regexes, and only without them may the fast path log a command unredacted.
SECRET_HINTS = ("token", "secret", "passw", "key", "auth", "cred", "://", "-u", "--user", "ghp_",
                "github_pat", "glpat", "xox", "sk-", "akia", "aiza", "npm_", "eyj", "bearer",
                "cookie", "-p")


def may_hold_secret(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in SECRET_HINTS)


def sha256():
    """The sha256 constructor: the builtin module, so no OpenSSL load before every command."""
    try:
        from _sha256 import sha256 as constructor
    except ImportError:
        from hashlib import sha256 as constructor
    return constructor

_ESCAPES = {i: f"\\u{i:04x}" for i in range(32)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r",
                 ord("\t"): "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def _text(value: str) -> str:
    out = value.translate(_ESCAPES)
    if not out.isascii():
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:
            # lone surrogates are bytes that were not UTF-8 (a command holding `\xff`): stored
            # escaped, so every line is valid UTF-8 and reads back as the same text
            out = "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) < 0xE000 else c for c in out)
    return out


def dumps(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + _text(value) + '"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{dumps(str(k))}: {dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    return dumps(str(value))


HASH_KEY = ', "hash": "'


def seal(body: dict, sha256) -> str:
    """The entry's line: its JSON text, then the sha256 of that text as the last field."""
    text = dumps(body)
    digest = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f'{text[:-1]}{HASH_KEY}{digest}"}}'


def unseal(line: str) -> tuple[str, str] | None:
    """(the text that was hashed, the recorded hash), or None for a line without a seal."""
    head, sep, tail = line.rpartition(HASH_KEY)
    if not sep or not tail.endswith('"}') or len(tail) != 66:
        return None
    return head + "}", tail[:64]


def last_hash(tail: str) -> str | None:
    line = tail.rstrip("\n").rsplit("\n", 1)[-1]
    sealed = unseal(line)
    return sealed[1] if sealed else None
