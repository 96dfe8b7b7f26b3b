/* agentsh's launcher: runs the virtual environment's Python directly (isolated, no site), and
 * passes on the argv[0] it was called with, which a script launcher cannot do: login programs
 * mark a login shell with a leading '-' in argv[0], and shims are recognised by their name.
 * install.sh compiles it with PYTHON and ENTRY set to absolute paths. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if !defined(PYTHON) || !defined(ENTRY)
#error "compile with -DPYTHON=\"/path/to/python\" -DENTRY=\"/path/to/entry.py\""
#endif

int main(int argc, char **argv) {
    char **args = calloc((size_t)argc + 3, sizeof(char *));
    char self[4096];
    ssize_t n;
    int i;
    if (args == NULL) {
        perror("agentsh");
        return 126;
    }
    args[0] = PYTHON;
    args[1] = "-IS";
    args[2] = ENTRY;
    for (i = 1; i < argc; i++)
        args[i + 2] = argv[i];
    args[argc + 2] = NULL;
    setenv("AGENTSH_ARGV0", argc > 0 && argv[0] ? argv[0] : "agentsh", 1);
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        setenv("AGENTSH_SELF", self, 1);
    }
    execv(PYTHON, args);
    perror("agentsh: cannot start " PYTHON);
    return 126;
}
