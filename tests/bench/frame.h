/* What the bench's C tools share: a monotonic clock, and the check that bytes are one whole
 * frame of a format (formats: /work/shared/notes/wire-protocol.md, or the comment at the top of
 * relay.c). Only lengths are checked: enough to catch a truncated, padded or wrongly prefixed
 * frame. */
#ifndef BENCH_FRAME_H
#define BENCH_FRAME_H

#include <stdint.h>
#include <string.h>
#include <time.h>

enum wire { WIRE_NONE, WIRE_QT4, WIRE_QT58, WIRE_QT510, WIRE_QT66 };

static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* --wire's name to the format; 0, or -1 for an unknown name. */
static inline int parse_wire(const char *name, enum wire *wire)
{
    static const struct { const char *name; enum wire wire; } names[] = {
        {"qt4", WIRE_QT4}, {"qt5.8", WIRE_QT58}, {"qt5.10", WIRE_QT510}, {"qt6.6", WIRE_QT66}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i].name)) {
            *wire = names[i].wire;
            return 0;
        }
    return -1;
}

/* Whether TOTAL bytes starting with HEAD (its first 8 bytes, or fewer) are exactly one
 * non-empty, non-null frame of WIRE. */
static inline int frame_ok(enum wire wire, const unsigned char *head, uint64_t total)
{
    uint32_t len;
    switch (wire) {
    case WIRE_NONE:
        return 1;
    case WIRE_QT4: /* quint16 (4 + 2N), then the QString */
        if (total < 6)
            return 0;
        len = be32(head + 2);
        return len && len != UINT32_MAX && !(len & 1) && ((uint32_t)head[0] << 8 | head[1]) == 4 + len &&
               total == 6 + (uint64_t)len;
    case WIRE_QT58: /* quint32 (4 + 2N), then the QString */
        if (total < 8)
            return 0;
        len = be32(head + 4);
        return len && len != UINT32_MAX && !(len & 1) && be32(head) == 4 + len && total == 8 + (uint64_t)len;
    case WIRE_QT510: /* quint32 N (UTF-16 units), then the QString */
        if (total < 8)
            return 0;
        len = be32(head + 4);
        return len && len != UINT32_MAX && !(len & 1) && be32(head) == len / 2 && total == 8 + (uint64_t)len;
    case WIRE_QT66: /* the QString alone */
        if (total < 4)
            return 0;
        len = be32(head);
        return len && len != UINT32_MAX && !(len & 1) && total == 4 + (uint64_t)len;
    }
    return 0;
}

#endif
