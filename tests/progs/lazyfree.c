// SPDX-License-Identifier: GPL-2.0
/*
 * lazyfree SIZE HOLD: map SIZE MiB of anonymous memory, write every page,
 * give it back with MADV_FREE, say "lazyfree: holding", and keep the
 * mapping for HOLD seconds without touching it. Its pages then sit on the
 * file LRU, clean, until reclaim discards them: /proc/PID/smaps_rollup's
 * LazyFree shows how many are left.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long mib, hold;
	size_t len;
	char *end, *p;

	if (argc != 3) {
		fprintf(stderr, "usage: lazyfree SIZE_MIB HOLD_SECONDS\n");
		return 2;
	}
	mib = strtoul(argv[1], &end, 10);
	if (*end || !mib) {
		fprintf(stderr, "lazyfree: '%s' is not a size in MiB\n", argv[1]);
		return 2;
	}
	hold = strtoul(argv[2], &end, 10);
	if (*end) {
		fprintf(stderr, "lazyfree: '%s' is not a number of seconds\n", argv[2]);
		return 2;
	}
	len = mib << 20;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "lazyfree: mmap %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	memset(p, 0x6b, len);
	if (madvise(p, len, MADV_FREE)) {
		fprintf(stderr, "lazyfree: MADV_FREE: %s\n", strerror(errno));
		return 1;
	}
	printf("lazyfree: holding %lu MiB\n", mib);
	fflush(stdout);
	sleep(hold);
	return 0;
}
