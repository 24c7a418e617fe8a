// SPDX-License-Identifier: GPL-2.0
/*
 * One size parser for every tool: libc only, so that a load generator
 * built as a single file can link it too.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "size.h"

static const char units[] = "KMGTPE";

/* The shift of a binary unit suffix, or -1 if @c is not one. */
static int unit_shift(char c)
{
	int i;

	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	for (i = 0; units[i]; i++)
		if (units[i] == c)
			return 10 * (i + 1);
	return -1;
}

/**
 * parse_size() - parse a size in bytes, with an optional binary unit
 * @s: the text: decimal digits, then at most one of K, M, G, T, P or E
 *     (either case) for 2^10 to 2^60
 * @bytes: where the value is stored on success
 *
 * A sign, spaces, hexadecimal, a fraction or a second suffix make the
 * text malformed, and so does a suffix without digits or an empty string.
 * Zero is a size like any other; a caller that needs at least a page
 * checks that itself. @bytes is left alone on error.
 *
 * Return: 0 on success, -EINVAL if @s is malformed, -ERANGE if the value
 * does not fit in 64 bits (16E and more).
 */
int parse_size(const char *s, uint64_t *bytes)
{
	bool overflow = false;
	const char *p = s;
	uint64_t v = 0;
	int shift = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = *p - '0';

		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		v = v * 10 + d;
	}
	if (*p) {
		shift = unit_shift(*p);
		if (shift < 0 || p[1])
			return -EINVAL;
	}
	if (overflow || v > UINT64_MAX >> shift)
		return -ERANGE;
	*bytes = v << shift;
	return 0;
}

/**
 * size_error() - say what is wrong with a size parse_size() refused
 * @err: what parse_size() returned
 *
 * Return: the end of a message that begins "'TEXT' is ", such as
 * "'12x' is not a size: give digits ...", saying what a size looks like
 * or how large it can be.
 */
const char *size_error(int err)
{
	if (err == -ERANGE)
		return "too big: a size must be less than 16E (2^64 bytes)";
	return "not a size: give digits with an optional K, M, G, T, P or E suffix, e.g. 512M";
}
