// SPDX-License-Identifier: GPL-2.0
/*
 * memload: a seeded, repeatable memory workload with a hot/cold skew, for
 * bench/kswapd-compare/run.
 *
 *   memload [--anon SIZE] [--file PATH --file-size SIZE] [--accesses N]
 *           [--hot PCT:SHARE] [--writes PCT] [--seed N]
 *
 * It first writes every anonymous page and reads the whole file once, then
 * makes N page accesses.
 * Each access picks the anonymous region or the file in proportion to their
 * sizes, then a page in it: SHARE percent of the accesses go to the hot PCT
 * percent of the pages, the rest to the cold pages, uniformly. Hot pages are
 * spread over the whole region, not packed at its start. An anonymous access
 * checks the page's tag (a page lost by swap is an error) and, WRITES
 * percent of the time, dirties the page with a new tag. A file access is a
 * 4 KiB pread(), so the file's pages are page cache that nobody maps.
 *
 * The same seed and sizes give the same sequence of accesses, whatever the
 * kernel does. At the end it prints one line of key=value figures:
 * populate and access time, accesses per second, the distinct pages
 * touched and a checksum of the sequence. It exits 0 when every check
 * passed, 1 on a lost page or an I/O error, 2 on bad usage.
 *
 * SIZE is bytes with an optional K, M, G, T, P or E suffix (tools/lib/size.c);
 * the generator and the hot/cold picker are tools/lib/loadgen.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loadgen.h"
#include "size.h"

#define FILE_PAGE 4096

struct load {
	struct lg_region anon, file;
	uint64_t *mem;
	int fd;
	size_t words;		/* uint64_t words in a page */
	uint64_t accesses;
	unsigned int hot_pct, hot_share, writes;
	uint64_t rng;
	uint64_t sum;		/* checksum of the pages accessed */
	uint64_t anon_n, file_n, dirtied, bad;
	uint8_t *seen;		/* a bit per page, anon then file */
	uint64_t touched;	/* distinct pages accessed */
};

static void mark_seen(struct load *l, uint64_t bit)
{
	uint8_t mask = 1 << (bit & 7);

	if (!(l->seen[bit >> 3] & mask)) {
		l->seen[bit >> 3] |= mask;
		l->touched++;
	}
}

static uint64_t page_tag(uint64_t page, uint64_t version)
{
	uint64_t x = (page + 1) * 0x9e3779b97f4a7c15ULL ^ (version << 48);

	return x ^ (x >> 29);
}

/*
 * Word 0 is the tag, word 1 the version that made it; the rest is a
 * compressible pattern that is not one repeated value, so zram compresses
 * the page instead of storing it as same-filled.
 */
static void page_write(struct load *l, uint64_t page, uint64_t version)
{
	uint64_t *p = l->mem + page * l->words;
	size_t i;

	p[0] = page_tag(page, version);
	p[1] = version;
	for (i = 2; i < l->words; i++)
		p[i] = i & 7;
}

static void anon_access(struct load *l)
{
	uint64_t page = lg_region_pick(&l->anon, &l->rng);
	uint64_t *p = l->mem + page * l->words;
	uint64_t version = p[1];

	if (p[0] != page_tag(page, version)) {
		if (l->bad++ < 10)
			fprintf(stderr, "memload: anonymous page %" PRIu64 " lost its contents\n", page);
		return;
	}
	l->sum += page;
	l->anon_n++;
	mark_seen(l, page);
	if (lg_rand(&l->rng) % 100 < l->writes) {
		page_write(l, page, version + 1);
		l->dirtied++;
	}
}

static int file_access(struct load *l)
{
	uint64_t page = lg_region_pick(&l->file, &l->rng);
	char buf[FILE_PAGE];
	ssize_t n;

	n = pread(l->fd, buf, sizeof(buf), (off_t)(page * FILE_PAGE));
	if (n != (ssize_t)sizeof(buf)) {
		fprintf(stderr, "memload: reading page %" PRIu64 " of the file: %s\n",
			page, n < 0 ? strerror(errno) : "short read");
		return -1;
	}
	l->sum += page ^ (uint64_t)(unsigned char)buf[0] << 56;
	l->file_n++;
	mark_seen(l, l->anon.pages + page);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: memload [--anon SIZE] [--file PATH --file-size SIZE] [--accesses N]\n"
		"               [--hot PCT:SHARE] [--writes PCT] [--seed N]\n"
		"SIZE: bytes with an optional K, M, G, T, P or E. Defaults: --accesses 1000000\n"
		"--hot 20:80 (80%% of accesses to 20%% of the pages), --writes 50, --seed 1.\n");
}

static int bad_arg(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "memload: %s takes %s, not '%s'\n", opt, want, arg);
	return 2;
}

/* A size of at least one byte for @opt; 0, or -1 once the error is printed */
static int size_arg(const char *opt, const char *arg, uint64_t *size)
{
	int err = parse_size(arg, size);

	if (err)
		fprintf(stderr, "memload: %s: '%s' is %s\n", opt, arg, size_error(err));
	else if (!*size)
		fprintf(stderr, "memload: %s takes a size of 1 or more, not '%s'\n", opt, arg);
	return err || !*size ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "anon", required_argument, NULL, 'a' },
		{ "file", required_argument, NULL, 'f' },
		{ "file-size", required_argument, NULL, 'F' },
		{ "accesses", required_argument, NULL, 'n' },
		{ "hot", required_argument, NULL, 'H' },
		{ "writes", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct load l = { .fd = -1, .accesses = 1000000, .hot_pct = 20,
			  .hot_share = 80, .writes = 50 };
	uint64_t anon_size = 0, file_size = 0, seed = 1, i, page;
	const char *path = NULL;
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long long v;
	double t0, t1, t2;
	struct stat st;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (size_arg("--anon", optarg, &anon_size))
				return 2;
			break;
		case 'f':
			path = optarg;
			break;
		case 'F':
			if (size_arg("--file-size", optarg, &file_size))
				return 2;
			break;
		case 'n':
			if (lg_parse_uint(optarg, 1ULL << 40, &v) || !v)
				return bad_arg("--accesses", optarg, "a count of 1 or more");
			l.accesses = v;
			break;
		case 'H':
			if (lg_parse_hot(optarg, &l.hot_pct, &l.hot_share))
				return bad_arg("--hot", optarg, "PCT:SHARE, e.g. 20:80");
			break;
		case 'w':
			if (lg_parse_uint(optarg, 100, &v))
				return bad_arg("--writes", optarg, "a percentage, 0 to 100");
			l.writes = v;
			break;
		case 's':
			if (lg_parse_uint(optarg, UINT64_MAX, &v))
				return bad_arg("--seed", optarg, "a number");
			seed = v;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "memload: unexpected argument '%s'\n", argv[optind]);
		usage();
		return 2;
	}
	if (!!path != !!file_size) {
		fprintf(stderr, "memload: --file and --file-size go together\n");
		return 2;
	}
	if (!anon_size && !path) {
		fprintf(stderr, "memload: nothing to do: give --anon, --file or both\n");
		usage();
		return 2;
	}

	l.words = psz / sizeof(uint64_t);
	l.rng = seed;
	lg_region_init(&l.anon, anon_size / psz, l.hot_pct, l.hot_share);
	lg_region_init(&l.file, file_size / FILE_PAGE, l.hot_pct, l.hot_share);
	if (anon_size && !l.anon.pages)
		return bad_arg("--anon", "less than a page", "at least a page");

	if (path) {
		l.fd = open(path, O_RDONLY);
		if (l.fd < 0 || fstat(l.fd, &st)) {
			fprintf(stderr, "memload: %s: %s\n", path, strerror(errno));
			return 1;
		}
		if ((uint64_t)st.st_size < l.file.pages * FILE_PAGE) {
			fprintf(stderr, "memload: %s has %lld bytes, less than --file-size; create it first\n",
				path, (long long)st.st_size);
			return 1;
		}
	}
	if (l.anon.pages) {
		l.mem = mmap(NULL, l.anon.pages * psz, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (l.mem == MAP_FAILED) {
			fprintf(stderr, "memload: mmap of %" PRIu64 " bytes: %s\n",
				l.anon.pages * psz, strerror(errno));
			return 1;
		}
	}

	l.seen = calloc((l.anon.pages + l.file.pages) / 8 + 1, 1);
	if (!l.seen) {
		fprintf(stderr, "memload: out of memory\n");
		return 1;
	}
	t0 = lg_now_s();
	for (page = 0; page < l.anon.pages; page++)
		page_write(&l, page, 0);
	for (page = 0; page < l.file.pages; page += 16) {
		char buf[16 * FILE_PAGE];

		if (pread(l.fd, buf, sizeof(buf), (off_t)(page * FILE_PAGE)) < 0) {
			fprintf(stderr, "memload: reading the file: %s\n", strerror(errno));
			return 1;
		}
	}
	t1 = lg_now_s();
	for (i = 0; i < l.accesses; i++) {
		uint64_t x = lg_rand(&l.rng) % (l.anon.pages + l.file.pages);

		if (x < l.anon.pages)
			anon_access(&l);
		else if (file_access(&l))
			return 1;
	}
	t2 = lg_now_s();

	/* one line of key=value, printed a few keys at a time */
	printf("memload: seed=%" PRIu64 " anon_pages=%" PRIu64 " file_pages=%" PRIu64,
	       seed, l.anon.pages, l.file.pages);
	printf(" accesses=%" PRIu64 " anon_accesses=%" PRIu64 " file_accesses=%" PRIu64,
	       l.accesses, l.anon_n, l.file_n);
	printf(" dirtied=%" PRIu64 " touched=%" PRIu64, l.dirtied, l.touched);
	printf(" populate_s=%.3f access_s=%.3f accesses_per_s=%.0f",
	       t1 - t0, t2 - t1, t2 > t1 ? l.accesses / (t2 - t1) : 0);
	printf(" checksum=%016" PRIx64 " lost=%" PRIu64 "\n", l.sum, l.bad);
	return l.bad ? 1 : 0;
}
