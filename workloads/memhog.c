// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: map anonymous memory, write every page, then read it back.
 *
 *   memhog SIZE [PASSES [HOLD]]
 *
 * SIZE is bytes with an optional K, M, G, T, P or E suffix (tools/lib/size.c),
 * or a percentage of MemTotal ("150%"). Each page gets a header word that depends on the page
 * and the pass, followed by a compressible pattern, so zram stores it cheaply
 * but cannot treat it as a same-filled page. Every pass after the first
 * checks what the previous pass wrote, so a page lost or corrupted by swap
 * is reported. With HOLD, it then keeps the memory for HOLD seconds, so a
 * test can reclaim it. Exits 0 when every check passed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "size.h"

static uint64_t mem_total_bytes(void)
{
	unsigned long long kb = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

/*
 * SIZE as a size, or as digits and '%' for a share of MemTotal. Returns 0,
 * or prints what is wrong with it and returns -1.
 */
static int parse_size_arg(const char *arg, uint64_t *size)
{
	size_t len = strlen(arg);
	uint64_t pct, total;
	char *digits;
	int err;

	if (!len || arg[len - 1] != '%') {
		err = parse_size(arg, size);
		if (err)
			fprintf(stderr, "memhog: '%s' is %s\n", arg, size_error(err));
		return err ? -1 : 0;
	}
	/* a share of MemTotal: digits, then '%', no unit */
	if (len < 2 || strspn(arg, "0123456789") != len - 1) {
		fprintf(stderr, "memhog: '%s' is not a percentage: give digits, e.g. 150%%\n", arg);
		return -1;
	}
	digits = strndup(arg, len - 1);
	if (!digits) {
		fprintf(stderr, "memhog: out of memory\n");
		return -1;
	}
	err = parse_size(digits, &pct);
	free(digits);
	total = mem_total_bytes();
	if (total < 100) {
		fprintf(stderr, "memhog: no MemTotal in /proc/meminfo for '%s'; give a size such as 512M\n",
			arg);
		return -1;
	}
	if (err || pct > UINT64_MAX / (total / 100)) {
		fprintf(stderr, "memhog: '%s' of MemTotal is %s\n", arg, size_error(-ERANGE));
		return -1;
	}
	*size = total / 100 * pct;
	return 0;
}

static uint64_t page_tag(uint64_t page, unsigned int pass)
{
	uint64_t x = (page + 1) * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)pass << 56);

	return x ^ (x >> 29);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t size, npages, page, bad = 0;
	unsigned int pass, passes = 2, hold = 0;
	long psz = sysconf(_SC_PAGESIZE);
	size_t words = psz / sizeof(uint64_t);
	uint64_t *mem;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: memhog SIZE[K|M|G|T|P|E|%%] [PASSES [HOLD_SECONDS]]\n");
		return 2;
	}
	if (parse_size_arg(argv[1], &size))
		return 2;
	if (argc == 4)
		hold = atoi(argv[3]);
	if (argc >= 3) {
		passes = atoi(argv[2]);
		if (passes < 1) {
			fprintf(stderr, "memhog: bad pass count '%s'\n", argv[2]);
			return 2;
		}
	}
	npages = size / psz;
	if (!npages) {
		fprintf(stderr, "memhog: '%s' is less than a page\n", argv[1]);
		return 2;
	}
	mem = mmap(NULL, npages * psz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "memhog: mmap of %" PRIu64 " bytes: %s\n",
			npages * psz, strerror(errno));
		return 1;
	}
	printf("memhog: %" PRIu64 " MiB (%" PRIu64 " pages), %u passes\n",
	       (npages * psz) >> 20, npages, passes);
	fflush(stdout);

	for (pass = 0; pass < passes; pass++) {
		double start = now(), secs;

		for (page = 0; page < npages; page++) {
			uint64_t *p = mem + page * words;
			size_t i;

			if (pass && p[0] != page_tag(page, pass - 1)) {
				if (bad++ < 10)
					fprintf(stderr, "memhog: page %" PRIu64 " lost what pass %u wrote\n",
						page, pass - 1);
			}
			p[0] = page_tag(page, pass);
			if (!pass)
				for (i = 1; i < words; i++)
					p[i] = (i & 15) * 0x0101010101010101ULL;
		}
		secs = now() - start;
		printf("memhog: pass %u: %.1f s, %.0f MiB/s\n", pass + 1, secs,
		       (npages * psz >> 20) / (secs > 0 ? secs : 1e-9));
		fflush(stdout);
	}
	if (bad) {
		fprintf(stderr, "memhog: %" PRIu64 " pages did not hold their data\n", bad);
		return 1;
	}
	if (hold) {
		printf("memhog: holding for %u s\n", hold);
		fflush(stdout);
		sleep(hold);
	}
	return 0;
}
