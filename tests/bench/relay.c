/* The relay floor for `make bench`: the least a bridge can do per relayed fortune, to compare
 * `local-fortune bridge` against. Single-threaded, non-blocking, one epoll set: for each client,
 * accept -> connect to the upstream server -> read its whole frame to EOF -> re-encode it ->
 * write it to the client -> close both. Nothing else: no event loop framework, no format
 * detection, no queue limits, no timeouts, no logging. The bridge does the same exchange with
 * Qt's sockets, so bridge/relay says what Qt and our code cost on top of the syscalls.
 *
 *   relay --unix PATH --upstream PATH
 *
 * Downstream (clients, on PATH) the qt5.10 local frame; upstream (our server started with
 * --wire qt6.6) the qt6.6 frame, over a local socket: the pair of the bench's bridge row. All
 * integers big-endian (QDataStream); a QString is a quint32 BYTE length L, then L bytes of
 * UTF-16BE (a null QString, length FFFFFFFF, is refused: a fortune is never null).
 *   qt6.6  (upstream)   QString                           "You might have mail." (N = 20):
 *                                                         00000028 + text (44 bytes)
 *   qt5.10 (downstream) quint32 N (UTF-16 units, L / 2),  0000001400000028 + text (48 bytes)
 *                       then the same QString
 *   text = 0059006f00750020006d0069006700680074002000680061007600650020006d00610069006c002e
 * (the golden frames of /work/shared/notes/wire-protocol.md). Re-encoding is therefore one
 * 4-byte prefix in front of the bytes read: the upstream frame is read 4 bytes into the buffer
 * and the prefix written in front, so the client's frame goes out in one send() with no copy.
 *
 * A frame that is not one whole non-null qt6.6 QString, an upstream that fails, or one larger
 * than MAX_FRAME bytes closes the client without a byte (the load generator counts that as an
 * error). Prints "relay: listening on PATH" once listening; SIGTERM or SIGINT stops it (and
 * removes the socket file). Build: gcc -O2 -Wall -Wextra -o relay relay.c */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define INLINE_BYTES 256                /* the seven fortunes' frames fit: no malloc per fetch */
#define MAX_FRAME (1u << 20)            /* bigger is not a fortune: refuse rather than grow */
#define BACKLOG 50                      /* what Qt's QLocalServer uses: like for like */
#define MAX_EVENTS 64

enum state { CONNECTING, READING, WRITING };

/* One client being served. buf holds [4-byte qt5.10 prefix][the upstream's qt6.6 frame]. */
struct conn {
    int cfd, ufd;
    enum state state;
    uint32_t len, cap, sent; /* upstream bytes read (after the prefix), capacity, bytes sent */
    unsigned char *buf;
    unsigned char inline_buf[INLINE_BYTES];
    struct conn *next; /* free list, or the list of clients waiting to connect upstream */
};

static volatile sig_atomic_t g_stop;
static struct sockaddr_un g_upstream;
static int g_ep;
static struct conn *g_free, *g_waiting;
static unsigned long g_served, g_failed;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static struct conn *conn_new(int cfd)
{
    struct conn *c = g_free;
    if (c)
        g_free = c->next;
    else if (!(c = malloc(sizeof *c)))
        die("relay: malloc");
    c->cfd = cfd;
    c->ufd = -1;
    c->len = c->sent = 0;
    c->buf = c->inline_buf;
    c->cap = INLINE_BYTES;
    c->next = NULL;
    return c;
}

/* Ends a client: its sockets closed (which also takes them out of the epoll set). */
static void conn_done(struct conn *c, int ok)
{
    if (c->ufd >= 0)
        close(c->ufd);
    close(c->cfd);
    if (c->buf != c->inline_buf)
        free(c->buf);
    if (ok)
        g_served++;
    else
        g_failed++;
    c->next = g_free;
    g_free = c;
}

static void watch(int fd, uint32_t events, struct conn *c, int op)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(g_ep, op, fd, &ev) < 0)
        die("relay: epoll_ctl");
}

/* Connects C upstream. A local connect completes at once or not at all; EAGAIN means the
 * upstream's listen queue is full, so the client waits in g_waiting and we try again shortly. */
static void connect_upstream(struct conn *c)
{
    c->ufd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->ufd < 0) {
        conn_done(c, 0);
        return;
    }
    if (connect(c->ufd, (struct sockaddr *)&g_upstream, sizeof g_upstream) < 0) {
        int err = errno;
        close(c->ufd);
        c->ufd = -1;
        if (err == EAGAIN) {
            c->state = CONNECTING;
            c->next = g_waiting;
            g_waiting = c;
        } else {
            conn_done(c, 0);
        }
        return;
    }
    c->state = READING;
    watch(c->ufd, EPOLLIN, c, EPOLL_CTL_ADD);
}

/* Sends what is left of the client's frame; done when all of it is out (or the client left). */
static void write_client(struct conn *c)
{
    uint32_t total = 4 + c->len;
    while (c->sent < total) {
        /* MSG_NOSIGNAL: a client that already left must not kill the relay with SIGPIPE. */
        ssize_t w = send(c->cfd, c->buf + c->sent, total - c->sent, MSG_NOSIGNAL);
        if (w > 0) {
            c->sent += (uint32_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && errno == EAGAIN) {
            /* A full send buffer (a frame larger than it): finish when the client reads. */
            if (c->state != WRITING) {
                c->state = WRITING;
                watch(c->cfd, EPOLLOUT, c, EPOLL_CTL_ADD);
            }
            return;
        } else {
            conn_done(c, 0);
            return;
        }
    }
    conn_done(c, 1);
}

/* At the upstream's EOF: check the qt6.6 frame, put the qt5.10 prefix in front, send. */
static void relay_frame(struct conn *c)
{
    close(c->ufd);
    c->ufd = -1;
    unsigned char *s = c->buf + 4;
    if (c->len < 4) {
        conn_done(c, 0);
        return;
    }
    uint32_t bytes = (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
    if (bytes == UINT32_MAX || (bytes & 1) || c->len != 4 + bytes) {
        conn_done(c, 0);
        return;
    }
    uint32_t units = bytes / 2; /* N: UTF-16 code units, what QString::size() counts */
    c->buf[0] = (unsigned char)(units >> 24);
    c->buf[1] = (unsigned char)(units >> 16);
    c->buf[2] = (unsigned char)(units >> 8);
    c->buf[3] = (unsigned char)units;
    write_client(c);
}

/* Reads what the upstream has sent; at EOF relays the frame. */
static void read_upstream(struct conn *c)
{
    for (;;) {
        if (4 + c->len == c->cap) {
            if (c->cap >= 4 + MAX_FRAME) {
                conn_done(c, 0);
                return;
            }
            uint32_t cap = c->cap * 2;
            unsigned char *buf = malloc(cap);
            if (!buf)
                die("relay: malloc");
            memcpy(buf, c->buf, 4 + c->len);
            if (c->buf != c->inline_buf)
                free(c->buf);
            c->buf = buf;
            c->cap = cap;
        }
        ssize_t r = read(c->ufd, c->buf + 4 + c->len, c->cap - 4 - c->len);
        if (r > 0) {
            c->len += (uint32_t)r;
        } else if (r == 0) {
            relay_frame(c);
            return;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN) {
            return; /* the rest comes with a later event */
        } else {
            conn_done(c, 0);
            return;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 5 || strcmp(argv[1], "--unix") || strcmp(argv[3], "--upstream")) {
        fprintf(stderr, "usage: %s --unix PATH --upstream PATH\n", argv[0]);
        return 2;
    }
    const char *path = argv[2];
    struct sockaddr_un un = {0};
    if (strlen(path) >= sizeof un.sun_path || strlen(argv[4]) >= sizeof g_upstream.sun_path) {
        fprintf(stderr, "relay: socket path longer than %zu bytes\n", sizeof un.sun_path - 1);
        return 2;
    }
    un.sun_family = AF_UNIX;
    strcpy(un.sun_path, path);
    g_upstream.sun_family = AF_UNIX;
    strcpy(g_upstream.sun_path, argv[4]);

    /* No SA_RESTART: the signal must interrupt epoll_wait() so that we can exit. */
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        die("relay: socket");
    if (bind(lfd, (struct sockaddr *)&un, sizeof un) < 0)
        die("relay: bind");
    if (listen(lfd, BACKLOG) < 0)
        die("relay: listen");
    if ((g_ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
        die("relay: epoll_create1");
    watch(lfd, EPOLLIN, NULL, EPOLL_CTL_ADD); /* data.ptr NULL: the listening socket */
    printf("relay: listening on %s\n", path);
    fflush(stdout);

    struct epoll_event evs[MAX_EVENTS];
    while (!g_stop) {
        /* Clients waiting for room in the upstream's queue: retry each loop, 1 ms apart. */
        int n = epoll_wait(g_ep, evs, MAX_EVENTS, g_waiting ? 1 : -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("relay: epoll_wait");
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = evs[k].data.ptr;
            if (!c) {
                /* Accept all that are queued: fewer epoll_wait() calls under load. */
                for (;;) {
                    int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (cfd < 0) {
                        if (errno == EINTR || errno == ECONNABORTED)
                            continue;
                        if (errno == EAGAIN)
                            break;
                        die("relay: accept");
                    }
                    connect_upstream(conn_new(cfd));
                }
            } else if (c->state == READING) {
                read_upstream(c);
            } else {
                write_client(c);
            }
        }
        struct conn *waiting = g_waiting;
        g_waiting = NULL;
        while (waiting) {
            struct conn *c = waiting;
            waiting = c->next;
            connect_upstream(c);
        }
    }
    unlink(path);
    fprintf(stderr, "relay: stopped after relaying %lu fortunes (%lu failed)\n", g_served, g_failed);
    return 0;
}
