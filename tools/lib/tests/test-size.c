// SPDX-License-Identifier: GPL-2.0
/*
 * parse_size() on the edges: the largest value each suffix can carry and
 * one more, every suffix in both cases, and text that is not a size.
 * On error the value must be left alone (0xdeadbeef stays). Prints TAP;
 * exits 1 if a check failed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "size.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int checks, failed;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++checks, what);
	if (!cond)
		failed++;
}

/* @s with what is not printable as \xNN, so that a TAP line stays one line */
static void quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 5 < size; s++) {
		if (*s >= ' ' && *s <= '~')
			buf[n++] = *s;
		else
			n += snprintf(buf + n, size - n, "\\x%02x", (unsigned char)*s);
	}
	buf[n] = '\0';
}

static const struct {
	const char *s;
	int ret;
	uint64_t bytes;
} sizes[] = {
	/* plain bytes */
	{ "0", 0, 0 },
	{ "1", 0, 1 },
	{ "007", 0, 7 },
	{ "4096", 0, 4096 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "18446744073709551616", -ERANGE, 0 },
	{ "99999999999999999999", -ERANGE, 0 },
	{ "000000000000000000000000018446744073709551615", 0, UINT64_MAX },

	/* every suffix, either case */
	{ "1K", 0, 1ULL << 10 }, { "1k", 0, 1ULL << 10 },
	{ "1M", 0, 1ULL << 20 }, { "1m", 0, 1ULL << 20 },
	{ "1G", 0, 1ULL << 30 }, { "1g", 0, 1ULL << 30 },
	{ "1T", 0, 1ULL << 40 }, { "1t", 0, 1ULL << 40 },
	{ "1P", 0, 1ULL << 50 }, { "1p", 0, 1ULL << 50 },
	{ "1E", 0, 1ULL << 60 }, { "1e", 0, 1ULL << 60 },
	{ "0G", 0, 0 },
	{ "64M", 0, 64ULL << 20 },

	/* the largest value under each suffix, and one more */
	{ "18014398509481983K", 0, 18014398509481983ULL << 10 },
	{ "18014398509481984K", -ERANGE, 0 },
	{ "17592186044415M", 0, 17592186044415ULL << 20 },
	{ "17592186044416M", -ERANGE, 0 },
	{ "17179869183G", 0, 17179869183ULL << 30 },
	{ "17179869184G", -ERANGE, 0 },
	{ "17179869185G", -ERANGE, 0 },	/* wrapped to 1G before */
	{ "16777215T", 0, 16777215ULL << 40 },
	{ "16777216T", -ERANGE, 0 },
	{ "16383P", 0, 16383ULL << 50 },
	{ "16384P", -ERANGE, 0 },
	{ "15E", 0, 15ULL << 60 },
	{ "16E", -ERANGE, 0 },
	{ "18446744073709551615E", -ERANGE, 0 },
	{ "99999999999999999999K", -ERANGE, 0 },

	/* not a size */
	{ "", -EINVAL, 0 },
	{ "K", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ " 1", -EINVAL, 0 },
	{ "1 ", -EINVAL, 0 },
	{ "1 K", -EINVAL, 0 },
	{ "0x10", -EINVAL, 0 },
	{ "1.5G", -EINVAL, 0 },
	{ "1,5G", -EINVAL, 0 },
	{ "1KB", -EINVAL, 0 },
	{ "1KiB", -EINVAL, 0 },
	{ "1KK", -EINVAL, 0 },
	{ "1B", -EINVAL, 0 },
	{ "12x", -EINVAL, 0 },
	{ "1Z", -EINVAL, 0 },
	{ "50%", -EINVAL, 0 },
	{ "1\n", -EINVAL, 0 },
	{ "99999999999999999999x", -EINVAL, 0 },	/* malformed comes first */
	{ "1e3", -EINVAL, 0 },
};

int main(void)
{
	const char *inval = size_error(-EINVAL), *range = size_error(-ERANGE);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint64_t want = sizes[i].ret ? 0xdeadbeef : sizes[i].bytes;
		uint64_t b = 0xdeadbeef;
		int ret = parse_size(sizes[i].s, &b);
		char what[256], s[64];

		quote(s, sizeof(s), sizes[i].s);
		snprintf(what, sizeof(what), "'%s' -> %d (want %d), %" PRIu64 " (want %" PRIu64 ")",
			 s, ret, sizes[i].ret, b, want);
		ok(ret == sizes[i].ret && b == want, what);
	}
	printf("# -ERANGE: %s\n# -EINVAL: %s\n", range, inval);
	ok(strstr(range, "too big") && strstr(range, "16E"), "-ERANGE's message says the limit");
	ok(strstr(inval, "not a size") && strstr(inval, "K, M, G, T, P or E"),
	   "-EINVAL's message says what a size looks like");

	printf("1..%d\n", checks);
	if (failed)
		printf("# %d of %d failed\n", failed, checks);
	return failed ? 1 : 0;
}
