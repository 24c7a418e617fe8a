// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen wss: being written (issue 18).
 */
#include <stdio.h>

#include "cli.h"

int cmd_wss(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen wss: not implemented yet\n");
	return 1;
}
