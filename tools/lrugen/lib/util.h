/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_UTIL_H
#define LRUGEN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A buffer reused across reads, so a refresh does not allocate. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/*
 * Read the whole of @path into @b, NUL-terminated. Returns 0, or -errno
 * with the buffer left empty.
 */
int read_file(const char *path, struct buf *b);

/*
 * read_file() refuses a file longer than this with -EFBIG: lru_gen_full
 * takes about 2 KiB per lruvec, so 256 MiB is over 100,000 lruvecs, and a
 * wrong path (a device, LRUGEN_ROOT pointing somewhere odd) cannot eat the
 * machine's memory.
 */
#define READ_FILE_MAX (256UL << 20)
void buf_free(struct buf *b);

/*
 * Grow @b so that @room bytes fit after its data, doubling, to at most
 * @max bytes in all: 0, -EFBIG or -ENOMEM.
 */
int buf_reserve(struct buf *b, size_t room, size_t max);

/* read(2), again after EINTR: bytes read, 0 at the end, or -errno */
ssize_t read_retry(int fd, void *p, size_t n);

/* Write @s to @path in one write(2). Returns 0 or -errno. */
int write_file(const char *path, const char *s);

/* CLOCK_MONOTONIC in seconds */
double now_s(void);

/*
 * Length of the valid UTF-8 sequence at @s (1 to 4 bytes; @n bytes are
 * there), or 0 where it is not one: overlong forms, surrogates and code
 * points above U+10FFFF are not valid.
 */
int utf8_len(const unsigned char *s, size_t n);

/*
 * The next unit of a name at @s (@n bytes left): its length, and in
 * *@escape whether it must not be printed as it is: a byte that is not
 * UTF-8 (length 1), or a control character (C0, DEL, or C1 in UTF-8).
 */
int name_unit(const unsigned char *s, size_t n, bool *escape);

/*
 * @s made safe to print on a terminal, into @buf: control characters (C0,
 * DEL, C1) and bytes that are not UTF-8 become \xNN, and a backslash
 * becomes \\, so a cgroup name cannot carry escape sequences to the
 * user's terminal and the escaped form is unambiguous. Truncated to fit.
 */
const char *fmt_name(char *buf, size_t size, const char *s);

/* "1.5G", "300M", "12K", "800" from a count of bytes, into buf */
const char *fmt_bytes(char *buf, size_t size, double bytes);
/* "1.2K", "15", "-" for a negative (unknown) rate */
const char *fmt_rate(char *buf, size_t size, double rate);
/* "950ms", "12.3s", "4m05s", "2h10m" */
const char *fmt_ms(char *buf, size_t size, uint64_t ms);

#endif
