/* A paced loopback load generator for `taxonc serve` (bench/serve_bench.sh):
 * POSTs one body to 127.0.0.1:PORT/PATH at a fixed RATE per second for
 * SECONDS over one keep-alive connection, and prints the latency
 * percentiles. wrk2 (wrk with a fixed rate) is not in Debian; this is its
 * one idea: request i is due at start + i/RATE, and its latency counts from
 * when it was due, not from when it went out, so a stall delays the
 * requests behind it and they are charged for it (no coordinated omission).
 *
 * usage: serve_load PORT RATE SECONDS PATH BODYFILE
 * prints: requests N ok N p50_ms X p90_ms X p99_ms X max_ms X achieved_rps X
 * Exit 1 when a request fails or an answer is not 200. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Reads one answer (headers and a Content-Length body); its status or -1. */
static int answer(int fd)
{
    static char buf[65536];
    size_t n = 0;
    char *end = NULL;
    while (!end) {
        ssize_t k = read(fd, buf + n, sizeof buf - 1 - n);
        if (k <= 0)
            return -1;
        n += (size_t)k;
        buf[n] = 0;
        end = strstr(buf, "\r\n\r\n");
        if (!end && n == sizeof buf - 1)
            return -1;
    }
    int status = atoi(buf + 9);
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t want = cl ? strtoul(cl + 17, NULL, 10) : 0, have = n - (size_t)(end + 4 - buf);
    while (have < want) {
        ssize_t k = read(fd, buf, sizeof buf < want - have ? sizeof buf : want - have);
        if (k <= 0)
            return -1;
        have += (size_t)k;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: serve_load PORT RATE SECONDS PATH BODYFILE\n");
        return 2;
    }
    int port = atoi(argv[1]);
    double rate = atof(argv[2]), secs = atof(argv[3]);
    FILE *bf = fopen(argv[5], "rb");
    if (!bf || rate <= 0 || secs <= 0) {
        fprintf(stderr, "serve_load: bad arguments or unreadable body file '%s'\n", argv[5]);
        return 2;
    }
    static char body[1 << 16];
    size_t blen = fread(body, 1, sizeof body, bf);
    fclose(bf);
    char *req = malloc(blen + 512);
    if (!req)
        return 2;
    int rlen = snprintf(req, 512, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        "application/json\r\nContent-Length: %zu\r\n\r\n", argv[4], blen);
    memcpy(req + rlen, body, blen);
    size_t total = (size_t)rlen + blen;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("serve_load: connect");
        return 1;
    }
    size_t n = (size_t)(rate * secs), ok = 0;
    double *lat = malloc(n * sizeof *lat), t0 = now();
    for (size_t i = 0; i < n; i++) {
        double due = t0 + (double)i / rate, t;
        while ((t = now()) < due) {
            double d = due - t;
            if (d > 0.0002) {
                struct timespec s = { 0, (long)((d - 0.0001) * 1e9) };
                nanosleep(&s, NULL);
            }
        }
        if (write(fd, req, total) != (ssize_t)total) {
            perror("serve_load: write");
            return 1;
        }
        int st = answer(fd);
        lat[i] = (now() - due) * 1000.0;
        if (st != 200) {
            fprintf(stderr, "serve_load: request %zu answered %d\n", i, st);
            return 1;
        }
        ok++;
    }
    double took = now() - t0;
    qsort(lat, n, sizeof *lat, cmp);
    printf("requests %zu ok %zu p50_ms %.3f p90_ms %.3f p99_ms %.3f max_ms %.3f achieved_rps %.0f\n",
           n, ok, lat[n / 2], lat[n * 9 / 10], lat[n * 99 / 100], lat[n - 1], (double)n / took);
    free(lat);
    free(req);
    close(fd);
    return 0;
}
