// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen record: placeholder while it is written.
 */
#include <stdio.h>

#include "cli.h"

int cmd_record(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen record: not written yet\n");
	return 1;
}
