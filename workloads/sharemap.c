// SPDX-License-Identifier: GPL-2.0
/*
 * sharemap: a seeded workload of pages mapped by many processes at once,
 * for bench/kswapd-compare/workloads/shared.
 *
 *   sharemap [--processes N] [--file PATH --file-size SIZE] [--anon SIZE]
 *            [--accesses N] [--hot PCT:SHARE] [--writes PCT] [--seed N]
 *            [--duration SEC]
 *   sharemap --create --file PATH --file-size SIZE
 *
 * Browsers and server pools look like this: a zygote that fills memory and
 * forks, so that its children share its anonymous pages copy-on-write,
 * and processes that all map the same files (shared libraries, a shared
 * data file). Each such page is mapped by every process, and the classic
 * LRU checks whether it was referenced by walking the rmap to each of its
 * mappings, one page table walk per process, where MGLRU scans the page
 * tables instead.
 *
 * The parent writes every page of an anonymous private region of --anon
 * bytes, then forks N workers, which only read it, so each of its pages
 * stays one page mapped by N + 1 processes (the parent keeps its mapping
 * and sleeps). Each worker maps the --file MAP_SHARED and reads every page
 * of it once, so that every page of the file is mapped by N processes too,
 * then waits for the others. When all are ready, they make --accesses page
 * accesses between them. Each access picks the anonymous region or the
 * file in proportion to their sizes, then a page in it: SHARE percent of
 * the accesses go to the hot PCT percent of the pages, the rest to the cold
 * ones, uniformly. The hot pages are the same in every worker (they are
 * spread over the region, not packed at its start); each worker has its
 * own sequence, from the seed and its number. An access reads the page's
 * tag (a page that lost its contents is an error); WRITES percent of the
 * file accesses also add one to a counter in the page, which dirties it
 * (the anonymous pages are never written, which would copy them).
 *
 * --create writes PATH with the tagged pages that a run reads, then syncs
 * it, and exits.
 *
 * The same seed, sizes and N give the same accesses, whatever the kernel
 * does. Every 16th access of each worker is timed. At the end it prints one
 * line of key=value figures: the populate and access times, accesses per
 * second, latency percentiles of the timed accesses in microseconds, how
 * much of its memory a worker shared with other processes once all had
 * populated (Shared_Clean + Shared_Dirty of /proc/PID/smaps_rollup, the
 * mean over the workers), the distinct pages touched and a checksum of
 * the sequence. --duration stops the accesses after SEC seconds from the
 * start, as a safety net; the line says capped=1 then. It exits 0 when
 * every check passed (capped or not), 1 on a lost page, an I/O error or a
 * worker that failed, 2 on bad usage.
 *
 * SIZE is bytes with an optional K, M, G, T, P or E suffix (tools/lib/size.c);
 * the generator and the hot/cold picker are tools/lib/loadgen.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loadgen.h"
#include "size.h"

#define MAX_PROCESSES	1024
#define SAMPLE_EVERY	16	/* time one access in this many */
#define CHECK_EVERY	1024	/* look at the clock for --duration */
#define SUB_BITS	4	/* latency buckets: 16 per power of two */
#define NR_BUCKETS	(32 + (64 - 5) * (1 << SUB_BITS))

/* What a worker reports, in memory shared with the parent */
struct result {
	uint64_t hist[NR_BUCKETS];	/* timed accesses by latency bucket */
	uint64_t accesses, anon_n, file_n, writes;
	uint64_t sum;			/* checksum of the pages accessed */
	uint64_t bad;			/* pages that lost their contents */
	uint64_t samples;		/* timed accesses */
	int capped;			/* stopped by --duration */
};

struct load {
	struct lg_region anon, file;
	uint64_t *mem;			/* the anonymous region */
	uint64_t *map;			/* the file, mapped shared */
	uint64_t *seen;			/* a bit per page, anon then file */
	uint64_t rng;
	uint64_t deadline_ns;		/* 0: no --duration */
	size_t words;			/* uint64_t words in a page */
	unsigned int hot_share, writes;
	struct result *res;
};

/* word 0 of every page: which page of which region it is */
static uint64_t page_tag(uint64_t page, int file)
{
	uint64_t x = (page + 1) * 0x9e3779b97f4a7c15ULL ^ (file ? 0xf11eULL << 48 : 0);

	return x ^ (x >> 29);
}

/*
 * Word 0 is the tag, word 1 the file page's write counter; the rest is a
 * compressible pattern that is not one repeated value, so zram compresses
 * the page instead of storing it as same-filled.
 */
static void page_fill(uint64_t *p, size_t words, uint64_t page, int file)
{
	size_t i;

	p[0] = page_tag(page, file);
	p[1] = 0;
	for (i = 2; i < words; i++)
		p[i] = i & 7;
}

/* log-linear: exact below 32 ns, then 16 buckets per power of two */
static unsigned int bucket(uint64_t ns)
{
	unsigned int e;

	if (ns < 32)
		return ns;
	e = 63 - __builtin_clzll(ns);
	return 32 + ((e - 5) << SUB_BITS) + ((ns >> (e - SUB_BITS)) & ((1 << SUB_BITS) - 1));
}

/* the middle of a bucket, in nanoseconds */
static double bucket_ns(unsigned int b)
{
	unsigned int e, m;

	if (b < 32)
		return b;
	e = (b - 32) / (1 << SUB_BITS) + 5;
	m = (b - 32) % (1 << SUB_BITS);
	return (double)(((uint64_t)(1 << SUB_BITS) + m) << (e - SUB_BITS)) +
	       (double)(1ULL << (e - SUB_BITS)) / 2;
}

static void mark_seen(struct load *l, uint64_t bit)
{
	__atomic_fetch_or(&l->seen[bit / 64], 1ULL << (bit % 64), __ATOMIC_RELAXED);
}

static void one_access(struct load *l)
{
	struct result *r = l->res;
	uint64_t x = lg_rand(&l->rng) % (l->anon.pages + l->file.pages);
	uint64_t page, *p;
	int file = x >= l->anon.pages;

	page = lg_region_pick(file ? &l->file : &l->anon, &l->rng);
	p = (file ? l->map : l->mem) + page * l->words;
	if (*(volatile uint64_t *)p != page_tag(page, file)) {
		if (r->bad++ < 10)
			fprintf(stderr, "sharemap: %s page %" PRIu64 " lost its contents\n",
				file ? "file" : "anonymous", page);
		return;
	}
	r->sum += page ^ (uint64_t)file << 63;
	if (file) {
		r->file_n++;
		mark_seen(l, l->anon.pages + page);
		if (lg_rand(&l->rng) % 100 < l->writes) {
			__atomic_fetch_add(&p[1], 1, __ATOMIC_RELAXED);
			r->writes++;
		}
	} else {
		r->anon_n++;
		mark_seen(l, page);
	}
}

/*
 * Shared_Clean + Shared_Dirty of process @pid in the mappings that overlap
 * [@a, @a + @alen) or [@b, @b + @blen), in kB; 0 if unknown
 */
static uint64_t shared_kb(pid_t pid, uintptr_t a, size_t alen, uintptr_t b, size_t blen)
{
	unsigned long long kb, start, end;
	uint64_t sum = 0;
	char line[512];
	int ours = 0;
	FILE *f;

	snprintf(line, sizeof(line), "/proc/%d/smaps", (int)pid);
	f = fopen(line, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx ", &start, &end) == 2)
			ours = (alen && start < a + alen && end > a) ||
			       (blen && start < b + blen && end > b);
		else if (ours && (sscanf(line, "Shared_Clean: %llu kB", &kb) == 1 ||
				  sscanf(line, "Shared_Dirty: %llu kB", &kb) == 1))
			sum += kb;
	}
	fclose(f);
	return sum;
}

/*
 * A worker: read each page of the file once, through the mapping it
 * inherited, say so on @ready, wait until @go closes, then make @accesses
 * accesses.
 */
static int worker(struct load *l, uint64_t accesses, int ready, int go)
{
	struct result *r = l->res;
	uint64_t page, i, t;
	char c = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (page = 0; page < l->file.pages; page++) {
		if (*(volatile uint64_t *)(l->map + page * l->words) != page_tag(page, 1)) {
			fprintf(stderr, "sharemap: file page %" PRIu64 " does not hold what --create wrote: create the file with sharemap --create\n",
				page);
			return 1;
		}
	}
	if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 0)
		return 1;

	for (i = 0; i < accesses; i++) {
		if (i % SAMPLE_EVERY) {
			one_access(l);
			continue;
		}
		t = lg_now_ns();
		if (l->deadline_ns && i % CHECK_EVERY == 0 && t > l->deadline_ns) {
			r->capped = 1;
			break;
		}
		one_access(l);
		r->hist[bucket(lg_now_ns() - t)]++;
		r->samples++;
	}
	r->accesses = i;
	return r->bad ? 1 : 0;
}

static int create_file(const char *path, uint64_t pages, size_t words)
{
	uint64_t *buf = malloc(words * 8), page;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || !buf) {
		fprintf(stderr, "sharemap: %s: %s\n", path, strerror(errno));
		free(buf);
		return 1;
	}
	for (page = 0; page < pages && !err; page++) {
		page_fill(buf, words, page, 1);
		err = write(fd, buf, words * 8) != (ssize_t)(words * 8);
	}
	if (err || fsync(fd)) {
		fprintf(stderr, "sharemap: writing %s: %s\n", path, strerror(errno));
		err = 1;
	}
	close(fd);
	free(buf);
	return err;
}

/* the latency, in microseconds, under which @pct of the timed accesses fall */
static double percentile(const uint64_t *hist, uint64_t n, double pct)
{
	uint64_t rank = (uint64_t)(n * pct / 100 + 0.999999999), seen = 0;
	unsigned int b;

	for (b = 0; b < NR_BUCKETS; b++) {
		seen += hist[b];
		if (seen >= rank && seen)
			return bucket_ns(b) / 1000;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: sharemap [--processes N] [--file PATH --file-size SIZE] [--anon SIZE]\n"
		"                [--accesses N] [--hot PCT:SHARE] [--writes PCT] [--seed N] [--duration SEC]\n"
		"       sharemap --create --file PATH --file-size SIZE\n"
		"SIZE: bytes with an optional K, M, G, T, P or E. Defaults: --processes 4,\n"
		"--accesses 1000000 (all workers together), --hot 20:80 (80%% of accesses to 20%%\n"
		"of the pages), --writes 0 (percent of file accesses that write), --seed 1,\n"
		"--duration 0 (no limit).\n");
}

static int bad_arg(const char *opt, const char *arg, const char *want)
{
	fprintf(stderr, "sharemap: %s takes %s, not '%s'\n", opt, want, arg);
	return 2;
}

/* A size of at least one byte for @opt; 0, or -1 once the error is printed */
static int size_arg(const char *opt, const char *arg, uint64_t *size)
{
	int err = parse_size(arg, size);

	if (err)
		fprintf(stderr, "sharemap: %s: '%s' is %s\n", opt, arg, size_error(err));
	else if (!*size)
		fprintf(stderr, "sharemap: %s takes a size of 1 or more, not '%s'\n", opt, arg);
	return err || !*size ? -1 : 0;
}

/* Wait for every worker; 0 if all exited 0, else 1 with a message */
static int reap(pid_t *pids, unsigned int n)
{
	unsigned int i;
	int st, rc = 0;

	for (i = 0; i < n; i++) {
		if (!pids[i])
			continue;
		if (waitpid(pids[i], &st, 0) < 0) {
			fprintf(stderr, "sharemap: waiting for worker %u: %s\n", i, strerror(errno));
			rc = 1;
		} else if (WIFSIGNALED(st)) {
			fprintf(stderr, "sharemap: worker %u was killed by signal %d%s\n", i,
				WTERMSIG(st), WTERMSIG(st) == SIGKILL ? " (the OOM killer?)" : "");
			rc = 1;
		} else if (WEXITSTATUS(st)) {
			rc = 1;
		}
		pids[i] = 0;
	}
	return rc;
}

static void kill_all(pid_t *pids, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pids[i])
			kill(pids[i], SIGKILL);
}

/*
 * Wait until all @n workers said they are ready on @ready; a worker that
 * exits first makes it fail.
 */
static int wait_ready(int ready, pid_t *pids, unsigned int n)
{
	struct pollfd pfd = { .fd = ready, .events = POLLIN };
	unsigned int got = 0, i;
	char buf[64];
	ssize_t len;
	int st;

	while (got < n) {
		/* at EOF every worker has exited: look for which */
		if (poll(&pfd, 1, 200) > 0) {
			len = read(ready, buf, sizeof(buf));
			if (len > 0) {
				got += len;
				continue;
			}
		}
		for (i = 0; i < n; i++) {
			if (waitpid(pids[i], &st, WNOHANG) == pids[i]) {
				fprintf(stderr, "sharemap: worker %u %s before it was ready\n", i,
					WIFSIGNALED(st) ? "was killed" : "exited");
				pids[i] = 0;
				return -1;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "processes", required_argument, NULL, 'p' },
		{ "anon", required_argument, NULL, 'a' },
		{ "file", required_argument, NULL, 'f' },
		{ "file-size", required_argument, NULL, 'F' },
		{ "accesses", required_argument, NULL, 'n' },
		{ "hot", required_argument, NULL, 'H' },
		{ "writes", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "create", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct load l = { .hot_share = 80 };
	uint64_t anon_size = 0, file_size = 0, seed = 1, accesses = 1000000;
	uint64_t page, total = 0, anon_n = 0, file_n = 0, writes = 0, sum = 0;
	uint64_t bad = 0, samples = 0, shared = 0, touched = 0, *hist, i;
	unsigned int processes = 4, hot_pct = 20, duration = 0, w;
	int c, create = 0, fd = -1, ready[2], go[2], rc, capped = 0;
	long psz = sysconf(_SC_PAGESIZE);
	struct result *res = NULL;
	const char *path = NULL;
	pid_t pids[MAX_PROCESSES] = { 0 };
	unsigned long long v;
	double t0, t1, t2;
	struct stat st;
	size_t bits;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (lg_parse_uint(optarg, MAX_PROCESSES, &v) || !v)
				return bad_arg("--processes", optarg, "a count from 1 to 1024");
			processes = v;
			break;
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
			accesses = v;
			break;
		case 'H':
			if (lg_parse_hot(optarg, &hot_pct, &l.hot_share))
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
		case 'd':
			if (lg_parse_uint(optarg, 1000000, &v))
				return bad_arg("--duration", optarg, "seconds, 0 (no limit) to 1000000");
			duration = v;
			break;
		case 'c':
			create = 1;
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
		fprintf(stderr, "sharemap: unexpected argument '%s'\n", argv[optind]);
		usage();
		return 2;
	}
	if (!!path != !!file_size) {
		fprintf(stderr, "sharemap: --file and --file-size go together\n");
		return 2;
	}
	if (!anon_size && !path) {
		fprintf(stderr, "sharemap: nothing to do: give --file, --anon or both\n");
		usage();
		return 2;
	}
	if (create && (!path || anon_size)) {
		fprintf(stderr, "sharemap: --create writes a file: give --file and --file-size, and no --anon\n");
		return 2;
	}

	l.words = psz / sizeof(uint64_t);
	lg_region_init(&l.anon, anon_size / psz, hot_pct, l.hot_share);
	lg_region_init(&l.file, file_size / psz, hot_pct, l.hot_share);
	if (anon_size && !l.anon.pages)
		return bad_arg("--anon", "less than a page", "at least a page");
	if (path && !l.file.pages)
		return bad_arg("--file-size", "less than a page", "at least a page");
	if (create)
		return create_file(path, l.file.pages, l.words);

	if (path) {
		fd = open(path, O_RDWR);
		if (fd < 0 || fstat(fd, &st)) {
			fprintf(stderr, "sharemap: %s: %s\n", path, strerror(errno));
			return 1;
		}
		if ((uint64_t)st.st_size < l.file.pages * psz) {
			fprintf(stderr, "sharemap: %s has %lld bytes, less than --file-size; create it first with sharemap --create\n",
				path, (long long)st.st_size);
			return 1;
		}
		/*
		 * Mapped here, before the fork, but read only by the workers:
		 * each has its own mapping of the file, as if it had mapped
		 * it itself, and the parent maps none of its pages.
		 */
		l.map = mmap(NULL, l.file.pages * psz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (l.map == MAP_FAILED) {
			fprintf(stderr, "sharemap: mmap of %s: %s\n", path, strerror(errno));
			return 1;
		}
	}

	/* the results and the bitmap of pages seen, shared with the workers */
	bits = l.anon.pages + l.file.pages;
	res = mmap(NULL, processes * sizeof(*res) + (bits / 64 + 1) * 8,
		   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		fprintf(stderr, "sharemap: mmap of the results: %s\n", strerror(errno));
		return 1;
	}
	l.seen = (uint64_t *)(res + processes);

	t0 = lg_now_s();
	if (duration)
		l.deadline_ns = lg_now_ns() + duration * 1000000000ULL;
	if (l.anon.pages) {
		l.mem = mmap(NULL, l.anon.pages * psz, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (l.mem == MAP_FAILED) {
			fprintf(stderr, "sharemap: mmap of %" PRIu64 " bytes: %s\n",
				l.anon.pages * psz, strerror(errno));
			return 1;
		}
		for (page = 0; page < l.anon.pages; page++)
			page_fill(l.mem + page * l.words, l.words, page, 0);
	}

	if (pipe(ready) || pipe(go)) {
		fprintf(stderr, "sharemap: pipe: %s\n", strerror(errno));
		return 1;
	}
	fflush(NULL);
	for (w = 0; w < processes; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			fprintf(stderr, "sharemap: fork of worker %u: %s\n", w, strerror(errno));
			pids[w] = 0;
			kill_all(pids, w);
			reap(pids, w);
			return 1;
		}
		if (!pids[w]) {
			close(ready[0]);
			close(go[1]);
			l.res = res + w;
			l.rng = seed ^ (uint64_t)w * 0xd1b54a32d192ed03ULL;
			_exit(worker(&l, accesses / processes + (w < accesses % processes),
				     ready[1], go[0]));
		}
	}
	close(ready[1]);
	close(go[0]);
	if (wait_ready(ready[0], pids, processes)) {
		kill_all(pids, processes);
		reap(pids, processes);
		return 1;
	}
	/* what each worker shares with others, once all have populated */
	for (w = 0; w < processes; w++)
		shared += shared_kb(pids[w], (uintptr_t)l.mem, l.anon.pages * psz,
				    (uintptr_t)l.map, l.file.pages * psz);
	t1 = lg_now_s();
	close(go[1]);		/* go: every worker's read() returns 0 */
	rc = reap(pids, processes);
	t2 = lg_now_s();

	hist = res[0].hist;
	for (w = 0; w < processes; w++) {
		total += res[w].accesses;
		anon_n += res[w].anon_n;
		file_n += res[w].file_n;
		writes += res[w].writes;
		sum += res[w].sum * (2 * w + 1);
		bad += res[w].bad;
		samples += res[w].samples;
		capped |= res[w].capped;
		if (w)
			for (i = 0; i < NR_BUCKETS; i++)
				hist[i] += res[w].hist[i];
	}
	for (i = 0; i <= bits / 64; i++)
		touched += __builtin_popcountll(l.seen[i]);

	/* one line of key=value, printed a few keys at a time */
	printf("sharemap: seed=%" PRIu64 " processes=%u anon_pages=%" PRIu64 " file_pages=%" PRIu64,
	       seed, processes, l.anon.pages, l.file.pages);
	printf(" accesses=%" PRIu64 " anon_accesses=%" PRIu64 " file_accesses=%" PRIu64 " file_writes=%" PRIu64,
	       total, anon_n, file_n, writes);
	printf(" touched=%" PRIu64 " shared_kb=%" PRIu64, touched, shared / processes);
	printf(" populate_s=%.3f access_s=%.3f accesses_per_s=%.0f",
	       t1 - t0, t2 - t1, t2 > t1 ? total / (t2 - t1) : 0);
	printf(" lat_samples=%" PRIu64 " lat_p50_us=%.3f lat_p99_us=%.3f lat_p999_us=%.3f",
	       samples, percentile(hist, samples, 50), percentile(hist, samples, 99),
	       percentile(hist, samples, 99.9));
	printf(" checksum=%016" PRIx64 " lost=%" PRIu64 " capped=%d\n", sum, bad, capped);
	return rc || bad ? 1 : 0;
}
