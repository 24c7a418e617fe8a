// SPDX-License-Identifier: GPL-2.0
/*
 * onnode NODE COMMAND [ARG...]: run COMMAND with its memory bound to NUMA
 * node NODE (MPOL_BIND) and its CPUs limited to that node's, so the page
 * cache and anonymous memory it creates land on NODE. Needs no libnuma.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2

static int node_cpus(int node, cpu_set_t *set)
{
	char path[64], list[256], *tok, *save;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/cpulist", node);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(list, sizeof(list), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	CPU_ZERO(set);
	for (tok = strtok_r(list, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		int lo, hi;

		if (sscanf(tok, "%d-%d", &lo, &hi) != 2)
			hi = lo = atoi(tok);
		for (; lo <= hi; lo++)
			CPU_SET(lo, set);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long mask;
	cpu_set_t cpus;
	char *end;
	long node;

	if (argc < 3) {
		fprintf(stderr, "usage: onnode NODE COMMAND [ARG...]\n");
		return 2;
	}
	node = strtol(argv[1], &end, 10);
	if (*end || node < 0 || node >= (long)(8 * sizeof(mask))) {
		fprintf(stderr, "onnode: bad node '%s'\n", argv[1]);
		return 2;
	}
	mask = 1UL << node;
	if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, 8 * sizeof(mask) + 1)) {
		fprintf(stderr, "onnode: set_mempolicy(node %ld): %s\n", node, strerror(errno));
		return 1;
	}
	if (node_cpus(node, &cpus) == 0 && CPU_COUNT(&cpus) &&
	    sched_setaffinity(0, sizeof(cpus), &cpus)) {
		fprintf(stderr, "onnode: sched_setaffinity: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "onnode: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
