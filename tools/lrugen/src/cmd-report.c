// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen report: not written yet (issue 16).
 */
#include <stdio.h>

#include "cli.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen report: not available yet\n");
	return 1;
}
