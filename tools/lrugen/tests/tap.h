/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for the unit tests: ok() prints one line per
 * check, and tap_done() prints the plan and returns the exit status.
 */
#ifndef LRUGEN_TAP_H
#define LRUGEN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

static inline int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	return cond;
}

#define ok_eq(got, want, what) \
	ok((unsigned long long)(got) == (unsigned long long)(want), "%s: got %llu, want %llu", \
	   what, (unsigned long long)(got), (unsigned long long)(want))

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

/* Read a fixture from $LRUGEN_FIXTURES; exits with a TAP bail-out if absent. */
static inline char *fixture(const char *name, size_t *len)
{
	const char *dir = getenv("LRUGEN_FIXTURES");
	char path[1024];
	char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../../tests/fixtures/lrugen", name);
	f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot open fixture %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		printf("Bail out! cannot read fixture %s\n", path);
		exit(1);
	}
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
