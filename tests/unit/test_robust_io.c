/* Robustness of the file helpers every writer goes through (issue 7):
 * tx_out_write_file on a disk that fills up (RLIMIT_FSIZE with SIGXFSZ
 * ignored, in a child process so the limit never touches the test log)
 * leaves no half-written file and no temporary behind, and an existing file
 * keeps its old content; tx_read_file refuses files over its size bound. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../support/util.h"
#include "../../support/out.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/robust_io.XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

static size_t count_entries(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Writes `len` bytes to path in a child limited to `limit` bytes per file;
 * returns the child's errno from tx_out_file, or 0 on success. */
static int write_limited(const char *path, size_t len, rlim_t limit)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { limit, limit };
        if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
            _exit(120);
        char *buf = malloc(len);
        if (!buf)
            _exit(121);
        memset(buf, 'x', len);
        int rc = tx_out_write_file(path, buf, len);
        int e = errno;
        free(buf);
        _exit(rc == 0 ? 0 : (e > 0 && e < 100 ? e : 99));
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));    /* not killed by SIGXFSZ */
    return WEXITSTATUS(st);
}

static void test_atomic_write_disk_full_new_file(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/gen.c", dir);
    assert_int_equal(write_limited(path, 1 << 20, 64 * 1024), EFBIG);
    struct stat st;
    assert_int_equal(stat(path, &st), -1);  /* nothing half-written */
    assert_int_equal(count_entries(), 0);   /* and no temporary left */
}

static void test_atomic_write_disk_full_keeps_old(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/gen.h", dir);
    assert_int_equal(tx_out_write_file(path, "old\n", 4), 0);
    assert_int_equal(write_limited(path, 1 << 20, 64 * 1024), EFBIG);
    char *data = NULL;
    size_t n = 0;
    assert_int_equal(tx_read_file(path, 1 << 20, &data, &n), 0);
    assert_int_equal(n, 4);
    assert_memory_equal(data, "old\n", 4);
    free(data);
    assert_int_equal(count_entries(), 1);
    /* Under the limit the same call succeeds and replaces the file whole. */
    assert_int_equal(write_limited(path, 1000, 64 * 1024), 0);
    assert_int_equal(tx_read_file(path, 1 << 20, &data, &n), 0);
    assert_int_equal(n, 1000);
    free(data);
    assert_int_equal(count_entries(), 1);
}

static void test_read_file_size_bound(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    size_t len = 300 * 1000;
    char *buf = malloc(len);
    assert_non_null(buf);
    memset(buf, 'a', len);
    assert_int_equal(tx_out_write_file(path, buf, len), 0);
    free(buf);
    char *data = (char *)1;
    size_t n = 0;
    errno = 0;
    assert_int_equal(tx_read_file(path, len - 1, &data, &n), -1);
    assert_int_equal(errno, EFBIG);
    assert_int_equal(tx_read_file(path, len, &data, &n), 0);   /* exactly the bound */
    assert_int_equal(n, len);
    assert_int_equal(data[len], '\0');
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_atomic_write_disk_full_new_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_disk_full_keeps_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_file_size_bound, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
