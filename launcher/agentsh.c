/* agentsh's launcher: runs the virtual environment's Python directly (isolated, no site), and
 * passes on the argv[0] it was called with, which a script launcher cannot do: login programs
 * mark a login shell with a leading '-' in argv[0], and shims are recognised by their name.
 *
 * It also records what Python changes at start-up, so bash gets the caller's state back
 * (agentsh/frontends/caller.py restores it before bash is exec'd):
 *   AGENTSH_CLOSED_FDS  standard descriptors the caller closed (`>&-`): /dev/null is opened on
 *                       them here, so none of Python's own files takes their number;
 *   AGENTSH_LC_CTYPE    "=VALUE" or "-": the caller's LC_CTYPE, which Python's C-locale
 *                       coercion replaces with C.UTF-8;
 *   AGENTSH_SIG_IGN     signals the caller ignored (Python ignores SIGPIPE and SIGXFSZ itself).
 * install.sh compiles it with PYTHON and ENTRY set to absolute paths. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if !defined(PYTHON) || !defined(ENTRY)
#error "compile with -DPYTHON=\"/path/to/python\" -DENTRY=\"/path/to/entry.py\""
#endif

static void record_closed_fds(void) {
    char list[16] = "";
    int fd;
    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1) {
            int null = open("/dev/null", O_RDWR);
            if (null != fd && null >= 0) {
                dup2(null, fd);
                close(null);
            }
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d", *list ? "," : "",
                     fd);
        }
    }
    setenv("AGENTSH_CLOSED_FDS", list, 1);
}

static void record_locale(void) {
    const char *value = getenv("LC_CTYPE");
    char *kept;
    if (value == NULL) {
        setenv("AGENTSH_LC_CTYPE", "-", 1);
        return;
    }
    kept = malloc(strlen(value) + 2);
    if (kept == NULL)
        return;
    kept[0] = '=';
    strcpy(kept + 1, value);
    setenv("AGENTSH_LC_CTYPE", kept, 1);
    free(kept);
}

static void record_ignored_signals(void) {
    static const int signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGTSTP, SIGTTIN,
                                  SIGTTOU, SIGXFSZ};
    char list[64] = "";
    size_t i;
    for (i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        if (sigaction(signals[i], NULL, &action) == 0 && action.sa_handler == SIG_IGN)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d",
                     *list ? "," : "", signals[i]);
    }
    setenv("AGENTSH_SIG_IGN", list, 1);
}

int main(int argc, char **argv) {
    char **args;
    char self[4096];
    ssize_t n;
    int i;
    record_closed_fds();
    args = calloc((size_t)argc + 3, sizeof(char *));
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
    record_locale();
    record_ignored_signals();
    execv(PYTHON, args);
    perror("agentsh: cannot start " PYTHON);
    return 126;
}
