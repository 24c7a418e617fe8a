// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen exporter: being written (issue 18).
 */
#include <stdio.h>

#include "cli.h"

int cmd_exporter(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lrugen exporter: not implemented yet\n");
	return 1;
}
