/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for liblrugen: files read into buffers that are reused, the
 * clock, and numbers and names made short and safe for a terminal.
 */
#ifndef LRUGEN_UTIL_H
#define LRUGEN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/**
 * struct buf - a buffer reused across reads, so that a refresh does not allocate
 * @data: the bytes; NULL until something is read
 * @len: bytes of @data in use (read_file() adds a NUL after them)
 * @cap: bytes allocated at @data
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/*
 * The most lrugen reads of one file: read_file() fails with -EFBIG on a
 * file a little shorter (by 4 KiB), the lru_gen_full reader on a longer
 * one. lru_gen_full takes about 2 KiB per lruvec, so 256 MiB is over
 * 100,000 lruvecs, and a wrong path (a device, LRUGEN_ROOT pointing
 * somewhere odd) cannot eat the machine's memory.
 */
#define READ_FILE_MAX (256UL << 20)

int read_file(const char *path, struct buf *b);
void buf_free(struct buf *b);
int buf_reserve(struct buf *b, size_t room, size_t max);
int array_grow(void **p, size_t *cap, size_t need, size_t size);
ssize_t read_retry(int fd, void *p, size_t n);
int write_file(const char *path, const char *s);

double now_s(void);

int utf8_len(const unsigned char *s, size_t n);
int name_unit(const unsigned char *s, size_t n, bool *escape);
const char *fmt_name(char *buf, size_t size, const char *s);
const char *fmt_bytes(char *buf, size_t size, double bytes);
const char *fmt_rate(char *buf, size_t size, double rate);
const char *fmt_ms(char *buf, size_t size, uint64_t ms);

#endif
