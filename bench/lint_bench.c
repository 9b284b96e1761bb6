/* Lint benchmark: loads a taxonomy once, then times tx_lint alone (best of
 * five runs) and prints the figures. Built and run by bench/lint_bench.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "../compiler/load.h"
#include "../compiler/lint/lint.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: lint_bench TAXONOMY\n");
        return 2;
    }
    tx_ctx *ctx = tx_ctx_new();
    double t0 = now();
    const tx_taxonomy *t = tx_load_file(ctx, argv[1], NULL);
    double load = now() - t0;
    if (!t) {
        fprintf(stderr, "lint_bench: %s does not load\n", argv[1]);
        return 1;
    }
    double best = 1e9;
    size_t findings = 0;
    for (int i = 0; i < 5; i++) {
        tx_diags d = { .arena = tx_arena_new() };
        t0 = now();
        tx_lint(t, NULL, &d);
        double dt = now() - t0;
        if (dt < best)
            best = dt;
        findings = d.n_error + d.n_warning + d.n_info;
        tx_arena_free(d.arena);
    }
    printf("%s: %zu events, %zu properties, %zu findings; load %.1f ms, lint %.1f ms "
           "(best of 5)\n", argv[1], t->n_events, t->n_props, findings, load * 1e3, best * 1e3);
    tx_ctx_free(ctx);
    return 0;
}
