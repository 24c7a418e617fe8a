// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen export: not written yet (issue 16).
 */
#include <stdio.h>

#include "cli.h"

int cmd_export(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen export: not available yet\n");
	return 1;
}
