/* bench helper: runs a command once and prints "<wall seconds> <peak RSS KiB>
 * <exit code> <CPU seconds (user + system)>" to the file named by
 * $RUSAGE_OUT (stderr when unset). Written in C because
 * a child forked from Python inherits Python's peak RSS in ru_maxrss, which
 * would put a ~15 MiB floor under every figure. stdin/stdout/stderr pass
 * through. Exit code: the command's, or 128+signal. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: rusage_run CMD [ARGS...]\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage_run: fork");
        return 2;
    }
    if (pid == 0) {
        unsetenv("RUSAGE_OUT");
        execvp(argv[1], argv + 1);
        perror("rusage_run: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("rusage_run: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    const char *path = getenv("RUSAGE_OUT");
    FILE *out = path ? fopen(path, "w") : stderr;
    if (!out) {
        perror("rusage_run: RUSAGE_OUT");
        return 2;
    }
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    fprintf(out, "%.6f %ld %d %.6f\n", wall, ru.ru_maxrss, rc, cpu);
    if (out != stderr)
        fclose(out);
    return rc;
}
