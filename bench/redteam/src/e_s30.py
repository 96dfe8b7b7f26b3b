"""Everyday, stop 30 (selfgate): the twins of the session's destructive rows that agents use
and must run unasked."""

from common import many

many('twins-s30', "the same programs on the project's own files, run unasked", [
    "unzip x.zip -d build/",
    "bsdtar -xf x.tar -C build",
    "python3 -m zipfile -e x.zip out/",
    "python3 -m tarfile -l x.tar",
    "rsync -a src/ dist/",
    "split -l 1000 big.csv part_",
    "split -b 10M backup.tar backup.part.",
    "csplit -f chunk_ notes.txt '/^##/' '{*}'",
    "sqlite3 app.db '.output dump.sql' '.dump'",
    "sqlite3 app.db '.tables'",
    "awk '{print > \"out/\" $1 \".txt\"}' data.txt",
    "awk 'BEGIN{print ENVIRON[\"HOME\"]}'",
    "sed -i -f fix.sed src/app.py",
    "chmod 755 scripts/build.sh",
    "chmod 700 ~/.ssh",
    "chmod 700 ~",
    "chmod go-rwx ~/.claude",
    ".venv/bin/pip install -r requirements.txt",
    ".venv/bin/python -m pip install pytest",
    "uv pip install -r requirements.txt",
    "pre-commit run --all-files",
    "npx husky init",
    "git config core.hooksPath .githooks",
    "curl -o tool https://example.com/tool",
    "curl -fsSLo vendor/jq https://github.com/jqlang/jq/releases/download/jq-1.7/jq-linux64 && chmod +x vendor/jq",
    "head -c 200 big.log",
    "xxd -p firmware.bin | head",
    "dd if=/dev/zero of=disk.img bs=1M count=10",
    "go build -o app . && ./app --help",
])
