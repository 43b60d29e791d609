/* TLS for `make bench` (issue 25): the floor, a C TLS fortune server with OpenSSL, and the load
 * generator of the TLS rows. What a TLS fortune costs when nothing but OpenSSL does the work:
 * accept -> handshake -> one write of a fixed qt6.6 frame -> close_notify -> close.
 *
 *   tls serve --port PORT --cert PEM --key PEM
 *       single-threaded and blocking, on 127.0.0.1 (PORT 0: the system picks one); prints
 *       "tls: listening on 127.0.0.1:PORT". Session tickets (TLS 1.3 resumption) are OpenSSL's
 *       default: a client that presents one skips the certificate and the key exchange.
 *   tls load --tls|--tls-resume PORT --ca PEM [-t THREADS] [-d SECONDS] [--wire qt6.6]
 *       THREADS blocking clients, each fetching one fortune after another from 127.0.0.1:PORT,
 *       verifying the server's certificate for "localhost" against the CA; with --tls-resume each
 *       presents the session of its previous fetch. Prints the key=value line of load.c, plus
 *       resumed= (handshakes that resumed a session).
 *
 * A fetch is an error when the handshake or a read fails, or the bytes are not one whole frame
 * of --wire. Build: gcc -O2 -pthread -Wall -Wextra -o tls tls.c -lssl -lcrypto */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frame.h"

/* "You might have mail.": the qt6.6 frame (the QString alone), as floor.c sends over TCP. */
static const unsigned char frame[] = {0, 0, 0, 0x28, 0, 'Y', 0, 'o', 0, 'u', 0, ' ', 0, 'm', 0, 'i', 0, 'g',
                                      0, 'h', 0, 't', 0, ' ', 0, 'h', 0, 'a', 0, 'v', 0, 'e', 0, ' ',
                                      0, 'm', 0, 'a', 0, 'i', 0, 'l', 0, '.'};

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static void die(const char *what)
{
    fprintf(stderr, "tls: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* Takes the name a client asks for (SNI): OpenSSL then keeps it in the session, and a client
 * that resumes with the same name is resumed (without it, a session with a name never is). */
static int accept_name(SSL *ssl, int *alert, void *arg)
{
    (void)ssl, (void)alert, (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

static int serve(int port, const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1)
        die("cannot use the certificate and key");
    SSL_CTX_set_tlsext_servername_callback(ctx, accept_name);
    /* Sessions of this server only (what OpenSSL's session cache, used by TLS 1.2, asks for). */
    static const unsigned char sid_ctx[] = "local-fortune bench";
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096) || getsockname(fd, (struct sockaddr *)&a, &len))
        die("cannot listen");
    printf("tls: listening on 127.0.0.1:%d\n", ntohs(a.sin_port));
    fflush(stdout);
    while (!g_stop) {
        int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0)
            continue;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, c);
        if (SSL_accept(ssl) == 1 && SSL_write(ssl, frame, sizeof frame) == (int)sizeof frame)
            SSL_shutdown(ssl);
        SSL_free(ssl);
        close(c);
    }
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}

static int g_port, g_resume;
static enum wire g_wire = WIRE_QT66;
static uint64_t g_deadline_ns;
static SSL_CTX *g_client;

struct worker {
    pthread_t th;
    uint32_t *lat;
    size_t n, cap;
    uint64_t errors, resumed;
    const char *first_error;
};

static void fail(struct worker *w, const char *why)
{
    if (!w->errors++)
        w->first_error = why;
}

/* One fetch: 0, or why it failed. *session: the session to present, then the new one. */
static const char *fetch(SSL_SESSION **session, int *resumed)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *why = NULL;
    int one = 1; /* a handshake is small messages each way: no Nagle delay between them */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return "connect";
    }
    SSL *ssl = SSL_new(g_client);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    if (g_resume && *session)
        SSL_set_session(ssl, *session);
    unsigned char buf[4096], head[8] = {0};
    uint64_t total = 0;
    if (SSL_connect(ssl) != 1) {
        why = "handshake";
    } else {
        *resumed = SSL_session_reused(ssl);
        int n;
        while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) {
            for (int i = 0; i < n && total + (uint64_t)i < sizeof head; i++)
                head[total + (uint64_t)i] = buf[i];
            total += (uint64_t)n;
        }
        int e = SSL_get_error(ssl, n);
        if (e != SSL_ERROR_ZERO_RETURN && e != SSL_ERROR_SYSCALL)
            why = "read";
        else if (!frame_ok(g_wire, head, total))
            why = total ? "bad_frame" : "empty";
    }
    if (!why) {
        /* The close_notify back: an SSL freed without it marks its session not resumable. */
        SSL_shutdown(ssl);
        if (g_resume) {
            SSL_SESSION_free(*session);
            *session = SSL_get1_session(ssl);
        }
    }
    SSL_free(ssl);
    close(fd);
    return why;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    SSL_SESSION *session = NULL;
    while (now_ns() < g_deadline_ns) {
        uint64_t t0 = now_ns();
        int resumed = 0;
        const char *why = fetch(&session, &resumed);
        if (why) {
            fail(w, why);
            continue;
        }
        w->resumed += (uint64_t)resumed;
        if (w->n == w->cap) {
            w->cap = w->cap ? 2 * w->cap : 4096;
            w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
            if (!w->lat)
                die("out of memory");
        }
        w->lat[w->n++] = (uint32_t)((now_ns() - t0) / 1000);
    }
    SSL_SESSION_free(session);
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int load(int threads, double secs, const char *ca)
{
    g_client = SSL_CTX_new(TLS_client_method());
    if (!g_client || SSL_CTX_load_verify_locations(g_client, ca, NULL) != 1)
        die("cannot use the CA file");
    SSL_CTX_set_verify(g_client, SSL_VERIFY_PEER, NULL);
    /* A server that closes without close_notify ends the stream; the frame check judges it. */
    SSL_CTX_set_options(g_client, SSL_OP_IGNORE_UNEXPECTED_EOF);
    /* Sessions are kept by each thread itself (SSL_get1_session), not in OpenSSL's cache. */
    SSL_CTX_set_session_cache_mode(g_client, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    signal(SIGPIPE, SIG_IGN);
    struct worker *ws = calloc((size_t)threads, sizeof *ws);
    if (!ws)
        die("out of memory");
    uint64_t t0 = now_ns();
    g_deadline_ns = t0 + (uint64_t)(secs * 1e9);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&ws[i].th, NULL, run, &ws[i]))
            die("cannot start a thread");
    size_t n = 0;
    uint64_t errors = 0, resumed = 0;
    const char *first_error = "none";
    for (int i = 0; i < threads; i++) {
        pthread_join(ws[i].th, NULL);
        n += ws[i].n;
        resumed += ws[i].resumed;
        if (ws[i].errors && !errors)
            first_error = ws[i].first_error;
        errors += ws[i].errors;
    }
    double elapsed = (double)(now_ns() - t0) / 1e9;
    uint32_t *all = malloc((n ? n : 1) * sizeof *all);
    if (!all)
        die("out of memory");
    size_t k = 0;
    for (int i = 0; i < threads; i++) {
        if (ws[i].n)
            memcpy(all + k, ws[i].lat, ws[i].n * sizeof *all);
        k += ws[i].n;
        free(ws[i].lat);
    }
    qsort(all, n, sizeof *all, cmp_u32);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("threads=%d secs=%.3f fortunes=%zu per_s=%.0f errors=%llu first_error=%s resumed=%llu "
           "p50_us=%u p99_us=%u load_cpu_pct=%.0f load_us_per=%.1f\n",
           threads, elapsed, n, (double)n / elapsed, (unsigned long long)errors, first_error,
           (unsigned long long)resumed, n ? all[(n - 1) / 2] : 0, n ? all[(size_t)(0.99 * (double)(n - 1))] : 0,
           100 * cpu / elapsed, n ? cpu * 1e6 / (double)n : 0.0);
    free(all);
    free(ws);
    SSL_CTX_free(g_client);
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: tls serve --port PORT --cert PEM --key PEM\n"
                    "       tls load (--tls|--tls-resume) PORT --ca PEM [-t THREADS] [-d SECONDS] [--wire qt6.6]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    const char *cert = NULL, *key = NULL, *ca = NULL;
    int port = -1, threads = 2;
    double secs = 3;
    for (int i = 2; i + 1 < argc; i += 2) {
        const char *opt = argv[i], *val = argv[i + 1];
        if (!strcmp(opt, "--port") || !strcmp(opt, "--tls") || !strcmp(opt, "--tls-resume")) {
            port = atoi(val);
            g_resume = !strcmp(opt, "--tls-resume");
        } else if (!strcmp(opt, "--cert"))
            cert = val;
        else if (!strcmp(opt, "--key"))
            key = val;
        else if (!strcmp(opt, "--ca"))
            ca = val;
        else if (!strcmp(opt, "-t"))
            threads = atoi(val);
        else if (!strcmp(opt, "-d"))
            secs = atof(val);
        else if (!strcmp(opt, "--wire")) {
            if (parse_wire(val, &g_wire))
                usage();
        } else
            usage();
    }
    if (!strcmp(argv[1], "serve") && port >= 0 && cert && key)
        return serve(port, cert, key);
    if (!strcmp(argv[1], "load") && port > 0 && ca && threads > 0 && secs > 0) {
        g_port = port;
        return load(threads, secs, ca);
    }
    usage();
    return 2;
}
