// SPDX-License-Identifier: GPL-2.0
/*
 * reclaim-fuzz: write random and structured requests to the per-node
 * reclaim files and check what comes back.
 *
 *   reclaim-fuzz [-n WRITES] [-s SEED] [-w WRITERS]
 *
 * Two phases. First, one writer and nothing else running: every request
 * that fails with EINVAL must leave the nodes' pgscan_proactive_node and
 * pgsteal_proactive_node where they were (nothing is reclaimed unless the whole
 * request parses). Then WRITERS threads write to both nodes at once while
 * another thread makes and removes memcgs under /lrugen-fuzz (their ids go
 * into the requests, so some die while a request runs) and another sends
 * the writers signals. In both phases the only outcomes allowed are
 * success, EINVAL, EAGAIN, EBUSY and EINTR. The kernel log is scanned by
 * vm/run after the run.
 *
 * Prints what it tried (a count per outcome and per kind of request) and,
 * for every violation, the request and what came back. Exits 0 when there
 * was none, 1 otherwise, 2 on bad usage or a set-up failure.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NODES_DIR	"/sys/devices/system/node"
#define MAX_NODES	8
#define POOL		16
#define REQ_MAX		512

enum outcome { OK, EINVAL_, EAGAIN_, EBUSY_, EINTR_, OTHER, NR_OUTCOMES };
static const char * const outcome_name[NR_OUTCOMES] = {
	"ok", "EINVAL", "EAGAIN", "EBUSY", "EINTR", "other",
};

enum kind { STRUCTURED, VALID, RANDOM, NR_KINDS };
static const char * const kind_name[NR_KINDS] = {
	"structured", "valid", "random bytes",
};

static int nr_nodes;
static int node_ids[MAX_NODES];
static const char * const cgroup_dir = "/sys/fs/cgroup/lrugen-fuzz";

/* memcg ids handed out by the churner; 0 is an empty slot */
static atomic_ulong memcg_pool[POOL];
static atomic_long counts[NR_KINDS][NR_OUTCOMES];
static atomic_long violations;
static atomic_long memcgs_made, memcgs_removed, signals_sent;
static atomic_long writes_done;
static atomic_bool all_done;
static atomic_int writers_done;
static atomic_bool stop;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

struct writer {
	pthread_t thread;
	unsigned int seed;
	long writes;
	bool single;	/* phase one: check the counters around EINVAL */
};

static void on_signal(int sig)
{
	(void)sig;
}

static unsigned int rnd(unsigned int *seed, unsigned int n)
{
	return n ? (unsigned int)rand_r(seed) % n : 0;
}

static void die(const char *what)
{
	fprintf(stderr, "reclaim-fuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* read_node_stat NODE NAME: a line of nodeN/vmstat, or -1 */
static long node_stat(int node, const char *name)
{
	char path[128], key[64];
	long val, ret = -1;
	FILE *f;

	snprintf(path, sizeof(path), NODES_DIR "/node%d/vmstat", node);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &val) == 2) {
		if (!strcmp(key, name)) {
			ret = val;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* the sum of every node's proactive scan and steal counters, current */
static long proactive_work(void)
{
	long sum = 0;
	int fd, i;

	/* fold the per-cpu deltas in, or a small reclaim would not show */
	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("reclaim-fuzz: stat_refresh");
		close(fd);
	}
	for (i = 0; i < nr_nodes; i++)
		sum += node_stat(node_ids[i], "pgscan_proactive_node") +
		       node_stat(node_ids[i], "pgsteal_proactive_node");
	return sum;
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		die(path);
	close(fd);
}

/* the churned cgroups under cgroup_dir must have memcgs of their own */
static void enable_memcg(void)
{
	char path[512];

	write_str("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", cgroup_dir);
	write_str(path, "+memory");
}

/* the VM that vm/run boots names itself lrugen-vm */
static bool in_vm(void)
{
	char name[64] = "";
	FILE *f = fopen("/proc/sys/kernel/hostname", "r");

	if (f) {
		if (!fgets(name, sizeof(name), f))
			name[0] = 0;
		fclose(f);
	}
	return !strcmp(name, "lrugen-vm\n");
}

static void find_nodes(void)
{
	struct dirent *d;
	DIR *dir;
	int n;

	dir = opendir(NODES_DIR);
	if (!dir)
		die(NODES_DIR);
	while ((d = readdir(dir)) && nr_nodes < MAX_NODES) {
		char path[300];

		if (sscanf(d->d_name, "node%d", &n) != 1)
			continue;
		snprintf(path, sizeof(path), NODES_DIR "/%s/reclaim", d->d_name);
		if (access(path, W_OK))
			continue;
		node_ids[nr_nodes++] = n;
	}
	closedir(dir);
	if (!nr_nodes) {
		fprintf(stderr, "reclaim-fuzz: no writable " NODES_DIR "/node*/reclaim: not the lrugen kernel, or not root?\n");
		exit(2);
	}
}

/* memcg_id PATH: the cgroup id of a cgroup directory (its inode), or 0 */
static unsigned long memcg_id(const char *path)
{
	struct stat st;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return 0;
	return st.st_ino;
}

static void append(char *buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= REQ_MAX)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, REQ_MAX - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + n < REQ_MAX ? *len + n : REQ_MAX - 1;
}

static const char * const sizes[] = {
	"0", "4K", "64K", "1M", "2M", "4096", "0x100000", "1m",
	/* malformed or overflowing */
	"+1M", "", "-1", "1Q", "K", "18446744073709551616", "99999999999999999999G",
	"16E", "9223372036854775807K", "1M1", "0x", "1.5M", " ",
};
static const char * const swappiness[] = {
	"0", "1", "60", "100", "200", "max",
	"201", "-1", "MAX", "maxx", "", "1e2", "60 ", "0x10",
};
static const char * const flags[] = {
	"clean", "clean,clean", "", "dirty", "clean,", ",clean", "CLEAN", "clean dirty",
};
/* memcg ids that no memcg has */
static const char * const bad_ids[] = {
	"0", "-1", "x", "", "65536", "4294967296",
};
/* duplicates, unknown keys and stray blanks */
static const char * const junk[] = {
	" swappiness=60", " memcg=", " foo=1", "  ", "\n", " 1M", "\t",
};

/* a request from the grammar, often broken on purpose */
static size_t structured(unsigned int *seed, char *buf, bool valid)
{
	size_t len = 0;
	unsigned int i, nsizes = valid ? 8 : ARRAY_SIZE(sizes);

	append(buf, &len, "%s", sizes[rnd(seed, nsizes)]);
	if (rnd(seed, 2))
		append(buf, &len, " swappiness=%s", swappiness[rnd(seed, valid ? 6 : 14)]);
	if (rnd(seed, 3) == 0) {
		unsigned long id = atomic_load(&memcg_pool[rnd(seed, POOL)]);

		if (id || valid)
			append(buf, &len, " memcg=%lu", id ? id : 1);
		else
			append(buf, &len, " memcg=%s", bad_ids[rnd(seed, ARRAY_SIZE(bad_ids))]);
	}
	if (rnd(seed, 4) == 0 && !(valid && strstr(buf, "=max")))
		append(buf, &len, " flags=%s", flags[rnd(seed, valid ? 2 : 8)]);
	if (!valid)
		for (i = rnd(seed, 3); i; i--)
			append(buf, &len, "%s", junk[rnd(seed, ARRAY_SIZE(junk))]);
	return len;
}

static size_t random_bytes(unsigned int *seed, char *buf)
{
	size_t i, len = rnd(seed, 64) + 1;

	for (i = 0; i < len; i++)
		buf[i] = rnd(seed, 2) ? "0123456789KMGmx =,abcdefgilnoprstwy"[rnd(seed, 35)] :
					(char)rnd(seed, 256);
	return len;
}

static enum outcome classify(ssize_t ret, int err)
{
	if (ret >= 0)
		return OK;
	switch (err) {
	case EINVAL: return EINVAL_;
	case EAGAIN: return EAGAIN_;
	case EBUSY: return EBUSY_;
	case EINTR: return EINTR_;
	default: return OTHER;
	}
}

static void report(const char *what, int node, const char *req, size_t len, int err)
{
	size_t i;

	pthread_mutex_lock(&print_lock);
	printf("VIOLATION: %s: node%d, request \"", what, node);
	for (i = 0; i < len; i++) {
		unsigned char c = req[i];

		if (isprint(c) && c != '"' && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\": %s\n", err ? strerrorname_np(err) ?: "unknown errno" : "ok");
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
	atomic_fetch_add(&violations, 1);
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	char req[REQ_MAX + 1];
	int fds[MAX_NODES], i;
	long n;

	for (i = 0; i < nr_nodes; i++) {
		char path[128];

		snprintf(path, sizeof(path), NODES_DIR "/node%d/reclaim", node_ids[i]);
		fds[i] = open(path, O_WRONLY);
		if (fds[i] < 0)
			die(path);
	}
	for (n = 0; n < w->writes && !atomic_load(&stop); n++) {
		unsigned int k = rnd(&w->seed, 10);
		enum kind kind = k < 5 ? STRUCTURED : k < 8 ? VALID : RANDOM;
		int idx = rnd(&w->seed, nr_nodes);
		long before = 0;
		enum outcome o;
		ssize_t ret;
		size_t len;
		int err;

		memset(req, 0, sizeof(req));
		if (kind == RANDOM)
			len = random_bytes(&w->seed, req);
		else
			len = structured(&w->seed, req, kind == VALID);
		if (w->single)
			before = proactive_work();
		ret = pwrite(fds[idx], req, len, 0);
		err = ret < 0 ? errno : 0;
		o = classify(ret, err);
		atomic_fetch_add(&counts[kind][o], 1);
		atomic_fetch_add(&writes_done, 1);
		if (o == OTHER)
			report("an errno outside ok, EINVAL, EAGAIN, EBUSY, EINTR", node_ids[idx],
			       req, len, err);
		else if (o == OK && ret != (ssize_t)len)
			report("a short write", node_ids[idx], req, len, 0);
		if (w->single && o == EINVAL_ && proactive_work() != before)
			report("EINVAL, yet pgscan/pgsteal_proactive_node moved", node_ids[idx], req, len,
			       err);
	}
	for (i = 0; i < nr_nodes; i++)
		close(fds[i]);
	atomic_fetch_add(&writers_done, 1);
	return NULL;
}

/* make and remove memcgs, so that requests name ids that die under them */
static void *churner_main(void *arg)
{
	unsigned int seed = *(unsigned int *)arg, slot;
	unsigned long id;
	char path[512];

	while (!atomic_load(&stop)) {
		slot = rnd(&seed, POOL);
		snprintf(path, sizeof(path), "%s/m%u", cgroup_dir, slot);
		id = atomic_exchange(&memcg_pool[slot], 0);
		if (id) {
			if (rmdir(path) == 0)
				atomic_fetch_add(&memcgs_removed, 1);
			continue;
		}
		if (mkdir(path, 0755) && errno != EEXIST)
			continue;
		atomic_fetch_add(&memcgs_made, 1);
		id = memcg_id(path);
		if (id)
			atomic_store(&memcg_pool[slot], id);
		usleep(1000 * rnd(&seed, 20));
	}
	for (slot = 0; slot < POOL; slot++) {
		snprintf(path, sizeof(path), "%s/m%u", cgroup_dir, slot);
		rmdir(path);
	}
	return NULL;
}

static void print_counts(const char *phase)
{
	int k, o;

	printf("%s:\n", phase);
	for (k = 0; k < NR_KINDS; k++) {
		long total = 0;

		for (o = 0; o < NR_OUTCOMES; o++)
			total += atomic_load(&counts[k][o]);
		printf("  %-12s %6ld writes:", kind_name[k], total);
		for (o = 0; o < NR_OUTCOMES; o++)
			printf(" %s %ld", outcome_name[o], atomic_load(&counts[k][o]));
		printf("\n");
	}
	memset(counts, 0, sizeof(counts));
	fflush(stdout);
}

/* every 10 s on stderr: how far the run is, so a long run is seen to move */
static void *progress_main(void *arg)
{
	long total = *(long *)arg;
	struct timespec t0, now;
	int ticks = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!atomic_load(&all_done)) {
		struct timespec one = { .tv_sec = 1 };

		nanosleep(&one, NULL);
		if (++ticks % 10 || atomic_load(&all_done))
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		fprintf(stderr, "reclaim-fuzz: %ld of %ld writes in %ld s, %ld violations\n",
			atomic_load(&writes_done), total, (long)(now.tv_sec - t0.tv_sec),
			atomic_load(&violations));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned int seed = 1, churn_seed;
	struct writer *writers, single;
	long nwrites = 2000, per;
	struct sigaction sa = { .sa_handler = on_signal };
	pthread_t churner, progress;
	int nwriters = 4, opt, i;
	struct timespec ts;

	while ((opt = getopt(argc, argv, "n:s:w:")) != -1) {
		switch (opt) {
		case 'n':
			nwrites = atol(optarg);
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			nwriters = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || nwrites < 10 || nwriters < 1 || nwriters > 64)
		goto usage;

	if (!in_vm()) {
		fprintf(stderr, "reclaim-fuzz: this reclaims memory and makes cgroups; run it in the VM: vm/run reclaim-fuzz ...\n");
		return 2;
	}
	find_nodes();
	/* no SA_RESTART: a signal must be able to end a request with EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	if (mkdir(cgroup_dir, 0755) && errno != EEXIST)
		die(cgroup_dir);
	enable_memcg();
	printf("reclaim-fuzz: %ld writes to %d nodes, seed %u\n", nwrites, nr_nodes, seed);
	fflush(stdout);
	if (pthread_create(&progress, NULL, progress_main, &nwrites))
		die("pthread_create");

	/* phase one: one writer alone, EINVAL must reclaim nothing */
	single = (struct writer){ .seed = seed, .writes = nwrites / 10, .single = true };
	writer_main(&single);
	atomic_store(&writers_done, 0);
	print_counts("phase 1, one writer, counters checked around each EINVAL");

	/* phase two: writers on every node, memcgs coming and going, signals */
	writers = calloc(nwriters, sizeof(*writers));
	if (!writers)
		die("calloc");
	per = (nwrites - nwrites / 10) / nwriters;
	churn_seed = seed ^ 0x5eed;
	if (pthread_create(&churner, NULL, churner_main, &churn_seed))
		die("pthread_create");
	for (i = 0; i < nwriters; i++) {
		writers[i].seed = seed * 7919 + i;
		writers[i].writes = per;
		if (pthread_create(&writers[i].thread, NULL, writer_main, &writers[i]))
			die("pthread_create");
	}
	/*
	 * Signals, 1 to 10 ms apart: whichever writer is in a request then
	 * gets EINTR. A writer that has finished is still joinable, so it is
	 * safe to signal until all are done.
	 */
	while (atomic_load(&writers_done) < nwriters) {
		pthread_kill(writers[rnd(&seed, nwriters)].thread, SIGUSR1);
		atomic_fetch_add(&signals_sent, 1);
		ts = (struct timespec){ .tv_nsec = 1000000L * (1 + rnd(&seed, 10)) };
		nanosleep(&ts, NULL);
	}
	for (i = 0; i < nwriters; i++)
		pthread_join(writers[i].thread, NULL);
	atomic_store(&stop, true);
	pthread_join(churner, NULL);
	rmdir(cgroup_dir);
	atomic_store(&all_done, true);
	pthread_join(progress, NULL);
	print_counts("phase 2, concurrent writers, memcg churn and signals");
	printf("reclaim-fuzz: %ld memcgs made, %ld removed, %ld signals sent, %ld violations\n",
	       atomic_load(&memcgs_made), atomic_load(&memcgs_removed),
	       atomic_load(&signals_sent), atomic_load(&violations));
	free(writers);
	return atomic_load(&violations) ? 1 : 0;
usage:
	fprintf(stderr, "usage: reclaim-fuzz [-n WRITES>=10] [-s SEED] [-w WRITERS<=64]\n");
	return 2;
}
