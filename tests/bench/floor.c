/* The physical floor for `make bench`: the least a fortune server can do per connection.
 * Single-threaded and blocking: accept -> write one fixed frame -> close, nothing else (no event
 * loop, no fortune choice, no encoding). A real server cannot beat it on the same machine, so
 * ours/floor says how much of the possible speed is left on the table.
 *
 *   floor --unix PATH    the qt5.10 local frame (what Qt 5.10 - 6.5's localfortuneserver sends)
 *   floor --tcp PORT     the qt6.6 frame (bare QString, Qt 5.7+ fortuneserver) on 127.0.0.1;
 *                        PORT 0 lets the system pick one
 *
 * Prints "floor: listening on PATH|127.0.0.1:PORT" once listening; SIGTERM or SIGINT stops it
 * (and removes the socket file). Build: gcc -O2 -Wall -Wextra -o floor floor.c */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* "You might have mail." (20 UTF-16 units): quint32 N, then the QString (quint32 byte length
 * 40, UTF-16BE). The bytes of README.md's wire-format section. */
static const unsigned char frame_qt510[] = {
    0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x28, 0, 'Y', 0, 'o', 0, 'u', 0, ' ', 0, 'm',
    0,    'i',  0,    'g',  0,    'h',  0,    't',  0, ' ', 0, 'h', 0, 'a', 0, 'v', 0, 'e',
    0,    ' ',  0,    'm',  0,    'a',  0,    'i',  0, 'l', 0, '.'};
/* TCP: the QString alone. */
static const unsigned char *const frame_qt66 = frame_qt510 + 4;
static const size_t frame_qt66_len = sizeof frame_qt510 - 4;

static volatile sig_atomic_t g_stop;

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

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "--unix") && strcmp(argv[1], "--tcp"))) {
        fprintf(stderr, "usage: %s (--unix PATH | --tcp PORT)\n", argv[0]);
        return 2;
    }
    const int tcp = !strcmp(argv[1], "--tcp");
    const unsigned char *frame = tcp ? frame_qt66 : frame_qt510;
    const size_t frame_len = tcp ? frame_qt66_len : sizeof frame_qt510;
    const char *path = NULL;

    /* No SA_RESTART: the signal must interrupt the blocking accept() so that we can exit. */
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(tcp ? AF_INET : AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        die("floor: socket");
    if (tcp) {
        struct sockaddr_in in = {0};
        const int one = 1;
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        in.sin_family = AF_INET;
        in.sin_port = htons((unsigned short)atoi(argv[2]));
        in.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, by design */
        if (bind(lfd, (struct sockaddr *)&in, sizeof in) < 0)
            die("floor: bind");
    } else {
        struct sockaddr_un un = {0};
        path = argv[2];
        if (strlen(path) >= sizeof un.sun_path) {
            fprintf(stderr, "floor: socket path longer than %zu bytes\n", sizeof un.sun_path - 1);
            return 2;
        }
        un.sun_family = AF_UNIX;
        strcpy(un.sun_path, path);
        if (bind(lfd, (struct sockaddr *)&un, sizeof un) < 0)
            die("floor: bind");
    }
    /* The backlog Qt's QLocalServer and QTcpServer use, so the comparison is like for like. */
    if (listen(lfd, 50) < 0)
        die("floor: listen");

    if (tcp) {
        struct sockaddr_in in;
        socklen_t len = sizeof in;
        if (getsockname(lfd, (struct sockaddr *)&in, &len) < 0)
            die("floor: getsockname");
        printf("floor: listening on 127.0.0.1:%u\n", ntohs(in.sin_port));
    } else {
        printf("floor: listening on %s\n", path);
    }
    fflush(stdout);

    unsigned long served = 0;
    while (!g_stop) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            die("floor: accept");
        }
        /* One small frame always fits the empty send buffer, so one send is the whole write.
         * MSG_NOSIGNAL: a client that already left must not kill the server with SIGPIPE. */
        if (send(fd, frame, frame_len, MSG_NOSIGNAL) == (ssize_t)frame_len)
            served++;
        close(fd);
    }
    if (path)
        unlink(path);
    fprintf(stderr, "floor: stopped after serving %lu fortunes\n", served);
    return 0;
}
