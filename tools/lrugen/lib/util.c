// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/**
 * buf_reserve() - make room at the end of a buffer
 * @b: the buffer
 * @room: bytes that must fit after the data in @b
 * @max: the most @b may hold in all
 *
 * Grows @b by doubling its size, from 64 KiB for an empty one, until
 * @room bytes fit after its data; @b->data may move. On failure @b is left
 * as it was.
 *
 * Return: 0; -EFBIG if that would take more than @max bytes, -ENOMEM if
 * memory ran out.
 */
int buf_reserve(struct buf *b, size_t room, size_t max)
{
	size_t ncap = b->cap ? b->cap : 65536;
	char *d;

	if (b->cap - b->len >= room)
		return 0;
	while (ncap - b->len < room)
		ncap *= 2;
	if (ncap > max)
		return -EFBIG;
	d = realloc(b->data, ncap);
	if (!d)
		return -ENOMEM;
	b->data = d;
	b->cap = ncap;
	return 0;
}

/**
 * array_grow() - make room in an array that grows by doubling
 * @p: the array, a pointer to its first element (to NULL for none yet)
 * @cap: elements allocated at *@p
 * @need: elements that must fit
 * @size: the size of one element
 *
 * Doubles *@cap, from 16 for an empty array, until @need elements fit,
 * and moves *@p to memory that holds them; nothing when they already fit.
 * On failure *@p and *@cap are left as they were.
 *
 * Return: 0, or -ENOMEM if memory ran out.
 */
int array_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *n;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*p, ncap * size);
	if (!n)
		return -ENOMEM;
	*p = n;
	*cap = ncap;
	return 0;
}

/**
 * read_retry() - read(2), again when a signal interrupts it
 * @fd: the file descriptor
 * @p: where the bytes go
 * @n: the most to read
 *
 * Return: the bytes read, 0 at the end of the file, or -errno.
 */
ssize_t read_retry(int fd, void *p, size_t n)
{
	ssize_t ret;

	do {
		ret = read(fd, p, n);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

/**
 * read_file() - read the whole of a file into a buffer
 * @path: the file
 * @b: the buffer; what it held is dropped, its memory reused
 *
 * Reads to the end of the file, growing @b as needed, and puts a NUL after
 * the data so that it can be parsed as a string.
 *
 * Return: 0; or -errno from open(2) or read(2), -ENOMEM, or -EFBIG for a
 * file that does not fit in READ_FILE_MAX bytes less 4 KiB. On error
 * @b->len is 0, and @b->data, if it was ever allocated, an empty string.
 */
int read_file(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	b->len = 0;
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		/* room for 4 KiB and the NUL */
		err = buf_reserve(b, 4096 + 1, READ_FILE_MAX + 1);
		if (err)
			break;
		n = read_retry(fd, b->data + b->len, b->cap - b->len - 1);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		b->len += n;
	}
	close(fd);
	if (err)
		b->len = 0;
	if (b->data)
		b->data[b->len] = 0;
	return err;
}

/**
 * buf_free() - free a buffer's memory
 * @b: the buffer; left empty and ready to be used again
 */
void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/**
 * write_file() - write a string to a file in one write(2)
 * @path: the file; it must exist, and is neither created nor truncated
 * @s: the string, written without its NUL
 *
 * One write, so that a sysfs or debugfs file gets the whole request at
 * once; it is made again only when a signal interrupts it.
 *
 * Return: 0; -errno from open(2) or write(2) (the kernel's answer to the
 * request), or -EIO when only part of @s was written.
 */
int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(s);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	do {
		n = write(fd, s, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

/**
 * now_s() - the time on CLOCK_MONOTONIC
 *
 * Return: the time in seconds, nanoseconds as the fraction.
 */
double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * utf8_len() - the length of the UTF-8 sequence at a byte
 * @s: the byte
 * @n: bytes there are from @s on, at least 1
 *
 * Overlong forms, UTF-16 surrogates, code points above U+10FFFF and a
 * sequence that the @n bytes cut short are not valid.
 *
 * Return: the length of the valid sequence at @s, 1 to 4 bytes (1 for
 * ASCII, NUL included), or 0 if there is none.
 */
int utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	int len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < (size_t)len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/**
 * name_unit() - the next unit of a name, and whether to escape it
 * @s: where the unit starts
 * @n: bytes left in the name, at least 1
 * @escape: set to whether the unit must not be printed as it is: a byte
 *          that is not UTF-8, or a control character (C0, DEL, or C1 in
 *          UTF-8)
 *
 * Return: the unit's length in bytes: its UTF-8 sequence's, or 1 for a
 * byte that is not UTF-8.
 */
int name_unit(const unsigned char *s, size_t n, bool *escape)
{
	int len = utf8_len(s, n);

	/* C1 controls are U+0080..U+009F, 0xc2 0x80..0x9f in UTF-8 */
	*escape = !len || s[0] < 0x20 || s[0] == 0x7f || (len == 2 && s[0] == 0xc2 && s[1] < 0xa0);
	return len ? len : 1;
}

/**
 * fmt_name() - a name made safe to print on a terminal
 * @buf: where the result goes
 * @size: bytes at @buf; when 0, @buf is left alone
 * @s: the name, such as a cgroup path
 *
 * Copies @s with each byte of a control character (C0, DEL, C1) and each
 * byte that is not UTF-8 written as \xNN, and a backslash doubled, so that
 * a cgroup name cannot send escape sequences to the user's terminal and
 * the escaped form is unambiguous. A result too long for @buf is cut
 * before the character or escape that does not fit, and ends with a NUL.
 *
 * Return: @buf.
 */
const char *fmt_name(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;

	if (!size)
		return buf;
	while (n) {
		bool escape;
		int len = name_unit(p, n, &escape);
		char esc[8];
		const char *out = esc;
		size_t olen;

		if (escape) {
			/* byte by byte, so that a C1 shows as \xc2\x9b */
			snprintf(esc, sizeof(esc), "\\x%02x", p[0]);
			len = 1;
		} else if (p[0] == '\\') {
			snprintf(esc, sizeof(esc), "\\\\");
		} else {
			out = (const char *)p;
		}
		olen = out == esc ? strlen(esc) : (size_t)len;
		if (o + olen >= size)
			break;
		memcpy(buf + o, out, olen);
		o += olen;
		p += len;
		n -= len;
	}
	buf[o] = 0;
	return buf;
}

/**
 * fmt_bytes() - a count of bytes, short, in binary units
 * @buf: where the text goes
 * @size: bytes at @buf; the text is cut to fit
 * @bytes: the count
 *
 * "800" under 1 KiB; above, K, M, G, T, P or E (powers of 1024) with one
 * decimal under 10 ("1.5G") and none from 10 on ("300M"); "-" for a
 * negative count.
 *
 * Return: @buf.
 */
const char *fmt_bytes(char *buf, size_t size, double bytes)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	if (bytes < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	while (bytes >= 1024 && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%.0f", bytes);
	else if (bytes < 10)
		snprintf(buf, size, "%.1f%c", bytes, units[u]);
	else
		snprintf(buf, size, "%.0f%c", bytes, units[u]);
	return buf;
}

/**
 * fmt_rate() - a rate, short, in decimal units
 * @buf: where the text goes
 * @size: bytes at @buf; the text is cut to fit
 * @rate: the rate; negative when it is not known (LRUGEN_RATE_UNKNOWN)
 *
 * "0", "2.5" (one decimal under 10), "15", "1.2K" and "15K" (thousands),
 * "1.5M" (millions); "-" for a negative rate.
 *
 * Return: @buf.
 */
const char *fmt_rate(char *buf, size_t size, double rate)
{
	if (rate < 0)
		snprintf(buf, size, "-");
	else if (rate >= 1e6)
		snprintf(buf, size, "%.1fM", rate / 1e6);
	else if (rate >= 1e4)
		snprintf(buf, size, "%.0fK", rate / 1e3);
	else if (rate >= 1e3)
		snprintf(buf, size, "%.1fK", rate / 1e3);
	else if (rate >= 10 || rate == 0)
		snprintf(buf, size, "%.0f", rate);
	else
		snprintf(buf, size, "%.1f", rate);
	return buf;
}

/**
 * fmt_ms() - a duration, short
 * @buf: where the text goes
 * @size: bytes at @buf; the text is cut to fit
 * @ms: the duration in milliseconds
 *
 * "950ms" under a second, "12.3s" under a minute, "4m05s" under an hour,
 * "2h10m" from an hour on.
 *
 * Return: @buf.
 */
const char *fmt_ms(char *buf, size_t size, uint64_t ms)
{
	uint64_t s = ms / 1000;

	if (ms < 1000)
		snprintf(buf, size, "%llums", (unsigned long long)ms);
	else if (s < 60)
		snprintf(buf, size, "%.1fs", ms / 1000.0);
	else if (s < 3600)
		snprintf(buf, size, "%llum%02llus", (unsigned long long)s / 60,
			 (unsigned long long)s % 60);
	else
		snprintf(buf, size, "%lluh%02llum", (unsigned long long)s / 3600,
			 (unsigned long long)(s / 60) % 60);
	return buf;
}
