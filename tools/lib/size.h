/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sizes as the command lines of lrugen and the load generators take them:
 * "4096", "64K", "3g". One parser, so that every tool accepts the same
 * sizes and refuses the same mistakes.
 */
#ifndef LRUGEN_TOOLS_SIZE_H
#define LRUGEN_TOOLS_SIZE_H

#include <stdint.h>

int parse_size(const char *s, uint64_t *bytes);
const char *size_error(int err);

#endif
