// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim: not written yet.
 */
#include <stdio.h>

#include "cli.h"

int cmd_autoreclaim(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen autoreclaim: not implemented yet\n");
	return 1;
}
