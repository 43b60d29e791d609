/* Load generator for `make bench`: T threads, each in a loop connect -> read to EOF -> close,
 * against a local (AF_UNIX path) or TCP (127.0.0.1:PORT) fortune server, for D seconds or N
 * connections in all. Prints one line of key=value pairs for tests/bench/bench.sh.
 *
 *   load (--unix PATH | --tcp PORT) [-t THREADS] [-d SECONDS] [-n COUNT]
 *
 * With both -d and -n it stops at whichever comes first (a count capped by a time budget).
 * A fetch is an error when connect or read fails, or when the server closes without sending a
 * byte (a server that drops connections must not look fast). Latency is one fetch, from
 * socket() to close(), in microseconds.
 * Build: gcc -O2 -pthread -Wall -Wextra -o load load.c */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_storage g_addr;
static socklen_t g_addrlen;
static int g_family;
static atomic_int g_stop;
/* Count mode (g_counted): connections left to make, claimed one at a time by the threads. */
static int g_counted;
static atomic_long g_left;

struct worker {
    pthread_t th;
    uint32_t *lat; /* latency of each successful fetch, us */
    size_t n, cap;
    uint64_t errors, bytes_min, bytes_max;
    int first_errno; /* the first failure's errno (0: a 0-byte fetch), for the report */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fail(struct worker *w, int err)
{
    if (w->errors++ == 0)
        w->first_errno = err;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    /* Abortive close (RST) once EOF is read. The server closes first, so a graceful close would
     * leave each fetch's address pair in TIME_WAIT for 60 s, and the ~28,000 ephemeral ports run
     * out within a second at this rate; the RST ends the connection on both sides at once. */
    const struct linger abort_close = {1, 0};
    /* A server that accepts and never writes must yield errors, not a hung benchmark. */
    const struct timeval rcv_timeout = {5, 0};
    char buf[4096];

    w->bytes_min = UINT64_MAX;
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        if (g_counted && atomic_fetch_sub(&g_left, 1) <= 0)
            break;
        uint64_t t0 = now_ns();
        int fd = socket(g_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            fail(w, errno);
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rcv_timeout, sizeof rcv_timeout);
        if (connect(fd, (struct sockaddr *)&g_addr, g_addrlen) < 0) {
            fail(w, errno);
            close(fd);
            continue;
        }
        uint64_t total = 0;
        int err = 0;
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                total += (uint64_t)r;
                continue;
            }
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                err = errno; /* ECONNRESET, EAGAIN (the timeout) */
            break;
        }
        if (g_family == AF_INET)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
        close(fd);
        uint64_t t1 = now_ns();
        if (err || total == 0) {
            fail(w, err);
            continue;
        }
        if (total < w->bytes_min)
            w->bytes_min = total;
        if (total > w->bytes_max)
            w->bytes_max = total;
        if (w->n == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 65536;
            w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
            if (!w->lat) {
                perror("load: realloc");
                exit(1);
            }
        }
        uint64_t us = (t1 - t0) / 1000;
        w->lat[w->n++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
    }
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void usage(const char *argv0)
{
    fprintf(stderr, "usage: %s (--unix PATH | --tcp PORT) [-t THREADS] [-d SECONDS] [-n COUNT]\n",
            argv0);
    exit(2);
}

int main(int argc, char **argv)
{
    int threads = 4;
    double secs = 0;
    long count = -1;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (i + 1 >= argc)
            usage(argv[0]);
        const char *val = argv[++i];
        if (!strcmp(opt, "--unix")) {
            struct sockaddr_un *un = (struct sockaddr_un *)&g_addr;
            if (strlen(val) >= sizeof un->sun_path) {
                fprintf(stderr, "load: socket path longer than %zu bytes\n", sizeof un->sun_path - 1);
                return 2;
            }
            un->sun_family = g_family = AF_UNIX;
            strcpy(un->sun_path, val);
            g_addrlen = sizeof *un;
        } else if (!strcmp(opt, "--tcp")) {
            struct sockaddr_in *in = (struct sockaddr_in *)&g_addr;
            int port = atoi(val);
            if (port <= 0 || port > 65535)
                usage(argv[0]);
            in->sin_family = g_family = AF_INET;
            in->sin_port = htons((uint16_t)port);
            in->sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, by design */
            g_addrlen = sizeof *in;
        } else if (!strcmp(opt, "-t")) {
            threads = atoi(val);
        } else if (!strcmp(opt, "-d")) {
            secs = atof(val);
        } else if (!strcmp(opt, "-n")) {
            count = atol(val);
        } else {
            usage(argv[0]);
        }
    }
    if (!g_family || threads < 1 || (secs <= 0 && count <= 0))
        usage(argv[0]);
    g_counted = count > 0;
    atomic_store(&g_left, count);

    struct worker *ws = calloc((size_t)threads, sizeof *ws);
    if (!ws)
        return 1;
    int joined = 0; /* thread 0 already joined while waiting for the deadline */
    uint64_t t0 = now_ns();
    for (int i = 0; i < threads; i++)
        if (pthread_create(&ws[i].th, NULL, run, &ws[i])) {
            fprintf(stderr, "load: cannot start thread %d\n", i);
            return 1;
        }
    if (secs > 0) {
        /* The deadline, unless the threads finish the count first. */
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += (time_t)secs;
        deadline.tv_nsec += (long)((secs - (double)(time_t)secs) * 1e9);
        if (deadline.tv_nsec >= 1000000000) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000;
        }
        joined = pthread_timedjoin_np(ws[0].th, NULL, &deadline) == 0;
        atomic_store(&g_stop, 1);
    }
    for (int i = joined; i < threads; i++)
        pthread_join(ws[i].th, NULL);
    double elapsed = (double)(now_ns() - t0) / 1e9;

    uint64_t errors = 0, bmin = UINT64_MAX, bmax = 0;
    size_t n = 0;
    int first_errno = -1;
    for (int i = 0; i < threads; i++) {
        n += ws[i].n;
        errors += ws[i].errors;
        if (ws[i].errors && first_errno < 0)
            first_errno = ws[i].first_errno;
        if (ws[i].n && ws[i].bytes_min < bmin)
            bmin = ws[i].bytes_min;
        if (ws[i].bytes_max > bmax)
            bmax = ws[i].bytes_max;
    }
    uint32_t *all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        return 1;
    size_t k = 0;
    for (int i = 0; i < threads; i++) {
        if (ws[i].n)
            memcpy(all + k, ws[i].lat, ws[i].n * sizeof *all);
        k += ws[i].n;
    }
    qsort(all, n, sizeof *all, cmp_u32);

    /* Our own CPU, so that the report can tell when the load generator is the ceiling. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;

    printf("threads=%d secs=%.3f fortunes=%zu per_s=%.0f errors=%llu first_error=%s "
           "p50_us=%u p99_us=%u bytes_min=%llu bytes_max=%llu load_cpu_pct=%.0f\n",
           threads, elapsed, n, (double)n / elapsed, (unsigned long long)errors,
           first_errno < 0 ? "none" : first_errno == 0 ? "empty-fetch" : strerrorname_np(first_errno),
           n ? all[(n - 1) / 2] : 0, n ? all[(size_t)(0.99 * (double)(n - 1))] : 0,
           (unsigned long long)(n ? bmin : 0), (unsigned long long)bmax, 100 * cpu / elapsed);
    return 0;
}
