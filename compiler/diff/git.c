/* Loading the committed version of a taxonomy for `taxonc diff --git REV
 * FILE`. Relative includes must come from REV too, so this takes every
 * .yaml/.yml file under FILE's directory as it is at REV (git ls-tree +
 * git cat-file, run without a shell), writes them to a private temporary
 * directory with the same layout, loads FILE from there, renames the
 * loaded sources to "REV:path" so messages name the commit, and removes the
 * directory. Includes that climb above FILE's directory (`../x.yaml`) are
 * not taken from REV and so fail to load; docs/diff.md says so. */
#include "diff.h"
#include "../load.h"
#include "../../support/util.h"
#include "../../support/out.h"
#include "../../support/strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define GIT_MAX_FILES 1000
#define GIT_MAX_OUTPUT (64u << 20)

/* Runs argv (no shell), capturing stdout and the start of stderr. Returns
 * the exit status (0 = success), or -1 when it could not run. */
static int run_capture(const char *const argv[], tx_sb *out, tx_sb *err)
{
    int po[2], pe[2];
    if (pipe(po) != 0)
        return -1;
    if (pipe(pe) != 0) {
        close(po[0]), close(po[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
        return -1;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
        execvp(argv[0], (char *const *)argv);
        dprintf(2, "cannot run '%s': %s", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]), close(pe[1]);
    struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
    int open_fds = 2;
    char buf[65536];
    while (open_fds) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t r = read(fds[i].fd, buf, sizeof buf);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            tx_sb *dst = i == 0 ? out : err;
            if (dst->len + (size_t)r <= (i == 0 ? GIT_MAX_OUTPUT : 4096u))
                tx_sb_add(dst, buf, (size_t)r);
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* First line of git's complaint, for the message. */
static const char *first_line(tx_arena *a, const tx_sb *err)
{
    size_t n = 0;
    while (n < err->len && err->buf[n] != '\n')
        n++;
    const char *s = err->buf;
    if (n > 7 && strncmp(s, "fatal: ", 7) == 0)
        s += 7, n -= 7;
    return n ? tx_arena_strndup(a, s, n) : "git failed";
}

static bool is_yaml(const char *p)
{
    size_t n = strlen(p);
    return (n > 5 && strcmp(p + n - 5, ".yaml") == 0) || (n > 4 && strcmp(p + n - 4, ".yml") == 0);
}

typedef struct cleanup {
    TX_VEC(char *) files;
    TX_VEC(char *) dirs;
} cleanup;

static void remove_all(tx_arena *a, cleanup *c, const char *root)
{
    (void)a;
    for (size_t i = c->files.n; i-- > 0;)
        unlink(c->files.items[i]);
    for (size_t i = c->dirs.n; i-- > 0;)
        rmdir(c->dirs.items[i]);
    rmdir(root);
}

/* mkdir -p for the parents of `path` below `root`, remembering what it made. */
static int make_parents(tx_arena *a, cleanup *c, const char *root, const char *path)
{
    size_t rl = strlen(root);
    char *p = tx_arena_strdup(a, path);
    for (char *s = p + rl + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) == 0)
            TX_PUSH(a, c->dirs, tx_arena_strdup(a, p));
        else if (errno != EEXIST)
            return -1;
        *s = '/';
    }
    return 0;
}

const tx_taxonomy *tx_git_load(tx_ctx *ctx, const char *rev, const char *file,
                               const tx_load_opts *opts)
{
    tx_arena *a = ctx->arena;
    tx_diags *dg = &ctx->diags;
    const char *slash = strrchr(file, '/');
    const char *dir = slash ? (slash == file ? "/" : tx_arena_strndup(a, file, (size_t)(slash - file))) : ".";
    const char *base = slash ? slash + 1 : file;
    if (!*base || rev[0] == '-') {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s' at '%s': bad file or revision",
                    file, rev);
        return NULL;
    }
    tx_sb out = TX_SB_INIT, err = TX_SB_INIT;
    const tx_taxonomy *t = NULL;
    char *rev_commit = tx_arena_printf(a, "%s^{commit}", rev);

    /* the revision, and where FILE's directory sits in the repository */
    const char *verify[] = { "git", "-C", dir, "rev-parse", "--verify", "--quiet", rev_commit, NULL };
    int rc = run_capture(verify, &out, &err);
    if (rc != 0) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s' at '%s': %s", file, rev,
                    rc < 0 ? strerror(errno) : err.len ? first_line(a, &err) : "unknown revision");
        goto done;
    }
    tx_sb_reset(&out), tx_sb_reset(&err);
    const char *prefix_argv[] = { "git", "-C", dir, "rev-parse", "--show-prefix", NULL };
    if (run_capture(prefix_argv, &out, &err) != 0) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s' at '%s': %s", file, rev,
                    first_line(a, &err));
        goto done;
    }
    while (out.len && (out.buf[out.len - 1] == '\n' || out.buf[out.len - 1] == '\r'))
        out.buf[--out.len] = '\0';
    const char *prefix = tx_arena_strdup(a, out.buf);     /* "sub/dir/" or "" */
    tx_sb_reset(&out), tx_sb_reset(&err);

    const char *ls[] = { "git", "-C", dir, "ls-tree", "-r", "-z", "--full-name", "--name-only",
                   rev, "--", ".", NULL };
    if (run_capture(ls, &out, &err) != 0) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s' at '%s': %s", file, rev,
                    first_line(a, &err));
        goto done;
    }
    /* the files to take: every YAML file below dir, and FILE itself */
    const char *want = tx_arena_printf(a, "%s%s", prefix, base);
    TX_VEC(const char *) paths = { 0 };
    bool have_file = false;
    for (size_t i = 0; i < out.len;) {
        const char *p = out.buf + i;
        size_t n = strlen(p);
        i += n + 1;
        if (!n)
            continue;
        bool is_file = strcmp(p, want) == 0;
        have_file |= is_file;
        if ((is_file || is_yaml(p)) && strncmp(p, prefix, strlen(prefix)) == 0)
            TX_PUSH(a, paths, tx_arena_strdup(a, p));
    }
    if (!have_file) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s' at '%s': no such file in that commit",
                    file, rev);
        goto done;
    }
    if (paths.n > GIT_MAX_FILES) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN,
                    "cannot read '%s' at '%s': more than %d YAML files below its directory", file, rev,
                    GIT_MAX_FILES);
        goto done;
    }

    const char *tmpbase = getenv("TMPDIR");
    char *root = tx_arena_printf(a, "%s/taxonc-git-XXXXXX", tmpbase && *tmpbase ? tmpbase : "/tmp");
    if (!mkdtemp(root)) {
        tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot create a temporary directory: %s",
                    strerror(errno));
        goto done;
    }
    cleanup cl = { 0 };
    size_t plen = strlen(prefix);
    bool ok = true;
    for (size_t i = 0; i < paths.n && ok; i++) {
        tx_sb_reset(&out), tx_sb_reset(&err);
        char *spec = tx_arena_printf(a, "%s:%s", rev, paths.items[i]);
        const char *cat[] = { "git", "-C", dir, "cat-file", "blob", spec, NULL };
        if (run_capture(cat, &out, &err) != 0) {
            tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s': %s", spec, first_line(a, &err));
            ok = false;
            break;
        }
        char *dst = tx_arena_printf(a, "%s/%s", root, paths.items[i] + plen);
        if (make_parents(a, &cl, root, dst) != 0 || tx_out_write_file(dst, out.buf, out.len) != 0) {
            tx_diag_add(dg, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot write '%s': %s", dst, strerror(errno));
            ok = false;
            break;
        }
        TX_PUSH(a, cl.files, dst);
    }
    if (ok) {
        const char *path = tx_arena_printf(a, "%s/%s", root, base);
        size_t first_src = ctx->sources.n;
        t = tx_load_file(ctx, path, opts);
        /* messages name the commit, not the temporary copy */
        size_t rl = strlen(root);
        for (size_t i = first_src; i < ctx->sources.n; i++) {
            const char *sp = ctx->sources.items[i].path;
            if (sp && strncmp(sp, root, rl) == 0 && sp[rl] == '/')
                ctx->sources.items[i].path = tx_arena_printf(a, "%s:%s%s", rev, prefix, sp + rl + 1);
        }
        for (size_t i = 0; i < dg->n; i++) {
            /* the loader may quote the path in messages too (missing includes) */
            const char *m = dg->items[i].message;
            const char *hit = m ? strstr(m, root) : NULL;
            if (hit) {
                tx_sb fix = TX_SB_INIT;
                tx_sb_add(&fix, m, (size_t)(hit - m));
                tx_sb_addf(&fix, "%s:%s", rev, prefix);
                const char *rest = hit + rl;
                if (*rest == '/')
                    rest++;
                tx_sb_adds(&fix, rest);
                dg->items[i].message = tx_arena_strdup(a, fix.buf);
                tx_sb_release(&fix);
            }
        }
    }
    remove_all(a, &cl, root);
done:
    tx_sb_release(&out);
    tx_sb_release(&err);
    return t;
}
