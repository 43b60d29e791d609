/* Load generator for `make bench`: T threads, each keeping C connections in flight with epoll
 * (connect -> read to EOF -> close, then the next one on that slot), against a local (AF_UNIX
 * path) or TCP (127.0.0.1:PORT) fortune server, for D seconds or N connections in all. Prints
 * one line of key=value pairs for tests/bench/bench.sh.
 *
 *   load (--unix PATH | --tcp PORT) [-t THREADS] [-c CONNS] [-d SECONDS] [-n COUNT]
 *        [--wire qt4|qt5.8|qt5.10|qt6.6]
 *
 * Why non-blocking: a blocking client spends a thread, two context switches and a scheduler
 * wake-up on every fetch, so on a 2-CPU machine (server on one CPU, load on the other) the load
 * generator, not the server, was the ceiling of several rows. One thread multiplexing C sockets
 * costs a few syscalls per fetch and keeps the server's accept queue full, so the server is the
 * one that saturates. Defaults: 1 thread, 32 connections in flight; 32 stays below the listen
 * backlog of 50 that Qt's servers and the C floors use, so a local connect() never finds the
 * queue full (it would fail with EAGAIN; we retry it, and count it as `retries`, not an error).
 *
 * With both -d and -n it stops at whichever comes first (a count capped by a time budget). At
 * the deadline no new connection starts and the ones in flight finish (they are counted; the
 * time includes them). A fetch is an error when connect or read fails, when nothing arrives for
 * 5 s, when the server closes without sending a byte (a server that drops connections must not
 * look fast), or, with --wire, when the bytes are not one whole frame of that format. Latency
 * is one fetch, from socket() to close(), in microseconds: with C fetches in flight it includes
 * the wait in the server's queue (about C / rate), the same for every server.
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
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

#define FETCH_TIMEOUT_NS (5 * 1000000000ull)
#define ERR_EMPTY (-1)     /* the server closed without a byte */
#define ERR_BAD_FRAME (-2) /* --wire: not one whole frame of that format */

static struct sockaddr_storage g_addr;
static socklen_t g_addrlen;
static int g_family;
static enum wire g_wire = WIRE_NONE;
static int g_conns = 32;
static uint64_t g_deadline_ns; /* 0: none */
/* Count mode (g_counted): connections left to make, claimed one at a time by the slots. */
static int g_counted;
static atomic_long g_left;

/* One connection in flight. head keeps the first 8 bytes, enough to check any frame's prefix. */
struct slot {
    int fd; /* -1: idle (waiting to retry a refused-for-now connect, or finished) */
    uint64_t t0;
    uint64_t total;
    unsigned char head[8];
};

struct worker {
    pthread_t th;
    uint32_t *lat; /* latency of each successful fetch, us */
    size_t n, cap;
    uint64_t errors, retries, bytes_min, bytes_max;
    int first_error; /* errno, or ERR_EMPTY / ERR_BAD_FRAME, of the first failure */
};

static void fail(struct worker *w, int err)
{
    if (w->errors++ == 0)
        w->first_error = err;
}

static void record(struct worker *w, uint64_t us, uint64_t total)
{
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
    w->lat[w->n++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

/* Ends a fetch: abortive close for TCP, then the bookkeeping. ERR 0 means EOF was read. */
static void finish(struct worker *w, struct slot *s, int err)
{
    /* Abortive close (RST) once EOF is read. The server closes first, so a graceful close would
     * leave each fetch's address pair in TIME_WAIT for 60 s, and the ~28,000 ephemeral ports run
     * out within a second at this rate; the RST ends the connection on both sides at once. */
    static const struct linger abort_close = {1, 0};
    if (g_family == AF_INET)
        setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
    close(s->fd); /* also removes it from the epoll set */
    s->fd = -1;
    uint64_t us = (now_ns() - s->t0) / 1000;
    if (err)
        fail(w, err);
    else if (s->total == 0)
        fail(w, ERR_EMPTY);
    else if (!frame_ok(g_wire, s->head, s->total))
        fail(w, ERR_BAD_FRAME);
    else
        record(w, us, s->total);
}

/* Whether a new fetch may start now: before the deadline, and while the count lasts. */
static int may_start(void)
{
    if (g_deadline_ns && now_ns() >= g_deadline_ns)
        return 0;
    return !g_counted || atomic_fetch_sub(&g_left, 1) > 0;
}

/* Starts a fetch on an idle slot. Returns 1 if it is in flight, 0 if it must be retried later
 * (a full local listen queue) or failed at once (counted). */
static int start(struct worker *w, int ep, struct slot *s)
{
    s->t0 = now_ns();
    s->total = 0;
    s->fd = socket(g_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0) {
        fail(w, errno);
        return 0;
    }
    if (connect(s->fd, (struct sockaddr *)&g_addr, g_addrlen) < 0 && errno != EINPROGRESS) {
        int err = errno;
        close(s->fd);
        s->fd = -1;
        if (err == EAGAIN) { /* AF_UNIX: the listen queue is full; not the server's failure */
            w->retries++;
            return 0;
        }
        fail(w, err);
        return 0;
    }
    /* Level-triggered EPOLLIN: data, EOF, a reset or a refused TCP connect all wake it.
     * EPOLLRDHUP tells that the server has closed, so that one read can end the fetch. */
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = s};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev) < 0) {
        perror("load: epoll_ctl");
        exit(1);
    }
    return 1;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    struct slot *slots = calloc((size_t)g_conns, sizeof *slots);
    struct epoll_event *evs = calloc((size_t)g_conns, sizeof *evs);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (!slots || !evs || ep < 0) {
        perror("load: thread set-up");
        exit(1);
    }
    w->bytes_min = UINT64_MAX;

    int active = 0;   /* slots with a fetch in flight */
    int starting = 1; /* new fetches may start (until the deadline or the count's end) */
    uint64_t next_scan = now_ns() + FETCH_TIMEOUT_NS / 10;
    for (int i = 0; i < g_conns; i++)
        slots[i].fd = -1;
    for (;;) {
        /* Fill idle slots: the first round, after a retry, or after a failed start. */
        if (starting && active < g_conns) {
            for (int i = 0; i < g_conns && starting; i++) {
                if (slots[i].fd >= 0)
                    continue;
                if (!may_start())
                    starting = 0;
                else
                    active += start(w, ep, &slots[i]);
            }
        }
        if (!active && !starting)
            break;
        /* Idle slots left (a full listen queue): look again in 1 ms rather than spin. */
        int timeout = starting && active < g_conns ? 1 : 100;
        int n = epoll_wait(ep, evs, g_conns, timeout);
        if (n < 0 && errno != EINTR) {
            perror("load: epoll_wait");
            exit(1);
        }
        for (int k = 0; k < n; k++) {
            struct slot *s = evs[k].data.ptr;
            /* The server closed cleanly (no reset, no error) before this event was reported: all
             * it sent is already queued, so a read that does not fill the buffer has it all and
             * the read that would return 0 can be saved (one syscall of about six per fetch). */
            const int closed = (evs[k].events & (EPOLLRDHUP | EPOLLERR)) == EPOLLRDHUP;
            unsigned char buf[4096];
            for (;;) {
                ssize_t r = read(s->fd, buf, sizeof buf);
                if (r > 0) {
                    if (s->total < sizeof s->head)
                        memcpy(s->head + s->total, buf,
                               (size_t)r < sizeof s->head - s->total ? (size_t)r : sizeof s->head - s->total);
                    s->total += (uint64_t)r;
                    if (!closed || (size_t)r == sizeof buf)
                        continue;
                    r = 0; /* EOF, as the next read would say */
                }
                if (r < 0 && errno == EINTR)
                    continue;
                if (r < 0 && errno == EAGAIN)
                    break; /* more to come: wait for the next event */
                finish(w, s, r < 0 ? errno : 0);
                active--;
                /* Reuse the slot at once: the server always has C connections to serve. */
                if (starting) {
                    if (!may_start())
                        starting = 0;
                    else
                        active += start(w, ep, s);
                }
                break;
            }
        }
        /* A server that accepts and never writes must yield errors, not a hung benchmark. */
        uint64_t now = now_ns();
        if (now >= next_scan) {
            next_scan = now + FETCH_TIMEOUT_NS / 10;
            for (int i = 0; i < g_conns; i++)
                if (slots[i].fd >= 0 && now - slots[i].t0 >= FETCH_TIMEOUT_NS) {
                    finish(w, &slots[i], ETIMEDOUT);
                    active--;
                }
        }
    }
    close(ep);
    free(evs);
    free(slots);
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s (--unix PATH | --tcp PORT) [-t THREADS] [-c CONNS] [-d SECONDS] [-n COUNT]\n"
            "            [--wire qt4|qt5.8|qt5.10|qt6.6]\n",
            argv0);
    exit(2);
}

static const char *error_name(int err)
{
    if (err == ERR_EMPTY)
        return "empty-fetch";
    if (err == ERR_BAD_FRAME)
        return "bad-frame";
    const char *name = strerrorname_np(err);
    return name ? name : "unknown";
}

int main(int argc, char **argv)
{
    int threads = 1;
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
        } else if (!strcmp(opt, "--wire")) {
            if (parse_wire(val, &g_wire))
                usage(argv[0]);
        } else if (!strcmp(opt, "-t")) {
            threads = atoi(val);
        } else if (!strcmp(opt, "-c")) {
            g_conns = atoi(val);
        } else if (!strcmp(opt, "-d")) {
            secs = atof(val);
        } else if (!strcmp(opt, "-n")) {
            count = atol(val);
        } else {
            usage(argv[0]);
        }
    }
    if (!g_family || threads < 1 || g_conns < 1 || (secs <= 0 && count <= 0))
        usage(argv[0]);
    g_counted = count > 0;
    atomic_store(&g_left, count);

    struct worker *ws = calloc((size_t)threads, sizeof *ws);
    if (!ws)
        return 1;
    uint64_t t0 = now_ns();
    if (secs > 0)
        g_deadline_ns = t0 + (uint64_t)(secs * 1e9);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&ws[i].th, NULL, run, &ws[i])) {
            fprintf(stderr, "load: cannot start thread %d\n", i);
            return 1;
        }
    for (int i = 0; i < threads; i++)
        pthread_join(ws[i].th, NULL);
    double elapsed = (double)(now_ns() - t0) / 1e9;

    uint64_t errors = 0, retries = 0, bmin = UINT64_MAX, bmax = 0;
    size_t n = 0;
    int first_error = 0, have_error = 0;
    for (int i = 0; i < threads; i++) {
        n += ws[i].n;
        errors += ws[i].errors;
        retries += ws[i].retries;
        if (ws[i].errors && !have_error) {
            have_error = 1;
            first_error = ws[i].first_error;
        }
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

    /* Our own CPU (all threads), so that the report can tell when the load generator, not the
     * server, is the ceiling, and what a fetch costs the client side. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;

    printf("threads=%d conns=%d secs=%.3f fortunes=%zu per_s=%.0f errors=%llu first_error=%s "
           "retries=%llu p50_us=%u p99_us=%u bytes_min=%llu bytes_max=%llu load_cpu_pct=%.0f "
           "load_us_per=%.1f\n",
           threads, g_conns, elapsed, n, (double)n / elapsed, (unsigned long long)errors,
           have_error ? error_name(first_error) : "none", (unsigned long long)retries,
           n ? all[(n - 1) / 2] : 0, n ? all[(size_t)(0.99 * (double)(n - 1))] : 0,
           (unsigned long long)(n ? bmin : 0), (unsigned long long)bmax, 100 * cpu / elapsed,
           n ? cpu * 1e6 / (double)n : 0.0);
    for (int i = 0; i < threads; i++)
        free(ws[i].lat);
    free(ws);
    free(all);
    return 0;
}
