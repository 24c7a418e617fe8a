// SPDX-License-Identifier: GPL-2.0
/*
 * The parsers, on files captured from the VM (tests/fixtures/lrugen/) and
 * on broken input: truncated, garbage, out of range.
 */
#include <string.h>

#include "parse.h"
#include "tap.h"
#include "util.h"

/* Parse a fixture file; the caller frees the lruvecs. */
static struct lrugen_lruvec *parse_fixture(const char *name, struct parse_result *res)
{
	struct lrugen_lruvec *v;
	size_t len;
	char *buf = fixture(name, &len);

	v = parse_lru_gen(buf, len, res);
	free(buf);
	return v;
}

static const struct lrugen_lruvec *find(const struct lrugen_lruvec *v, size_t nr,
					const char *path, int nid)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (v[i].nid == nid && !strcmp(v[i].path, path))
			return &v[i];
	return NULL;
}

static size_t count_partial(const struct lrugen_lruvec *v, size_t nr)
{
	size_t i, n = 0;

	for (i = 0; i < nr; i++)
		n += v[i].partial;
	return n;
}

static void test_full(void)
{
	struct parse_result res;
	const struct lrugen_lruvec *a, *root;
	struct lrugen_lruvec *v;

	v = parse_fixture("lru_gen_full.txt", &res);
	ok_eq(res.nr_lruvecs, 8, "lru_gen_full: 4 memcgs x 2 nodes");
	ok_eq(res.bad_lines, 0, "lru_gen_full: no bad line");
	ok_eq(count_partial(v, res.nr_lruvecs), 0, "lru_gen_full: no partial lruvec");

	root = find(v, res.nr_lruvecs, "/", 0);
	ok(root && root->memcg_id == 1 && root->nr_gens == 4 && root->max_seq == 4,
	   "root node0: id 1, 4 gens, max_seq 4");
	ok(root && root->gens[0].seq == 1 && root->gens[0].age_ms == 11536 &&
	   root->gens[0].pages[LRUGEN_FILE] == 43, "root node0: oldest gen 1, 11536 ms, 43 file pages");
	/* the youngest gen shows averages (RTx), not counters */
	ok(root && !root->gens[3].has_tiers[0] && root->gens[0].has_tiers[0],
	   "root node0: tier counters only at min_seq");

	a = find(v, res.nr_lruvecs, "/fx-a", 0);
	ok(a && a->memcg_id == 2 && a->max_seq == 5 && a->min_seq[0] == 2 && a->min_seq[1] == 2,
	   "/fx-a node0: id 2, seq 2..5");
	ok(a && lruvec_pages(a, LRUGEN_ANON) == 1 + 51224 && lruvec_pages(a, LRUGEN_FILE) == 25609 + 55,
	   "/fx-a node0: anon and file pages summed over gens");
	ok(find(v, res.nr_lruvecs, "/fx-b/inner", 1) != NULL, "nested memcg path kept whole");
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_after_reclaim(void)
{
	const struct lrugen_lruvec *a;
	struct parse_result res;
	struct lrugen_lruvec *v;
	size_t i;
	uint64_t evicted = 0;
	int marked = 0;

	v = parse_fixture("lru_gen_full-after-reclaim.txt", &res);
	ok_eq(res.bad_lines, 0, "after reclaim: no bad line");
	a = find(v, res.nr_lruvecs, "/fx-a", 0);
	ok(a != NULL, "after reclaim: /fx-a node0 present");
	if (a) {
		for (i = 0; i < (size_t)a->nr_gens; i++) {
			marked += a->gens[i].evicted[0] + a->gens[i].evicted[1];
			evicted += (a->gens[i].has_tiers[0] ? a->tier[0][0].evicted : 0) +
				   (a->gens[i].has_tiers[1] ? a->tier[1][0].evicted : 0);
		}
		ok(marked > 0 && a->min_seq[0] > a->gens[0].seq,
		   "'x' marks move min_seq past the oldest gen shown (min_seq %llu, oldest %llu)",
		   (unsigned long long)a->min_seq[0], (unsigned long long)a->gens[0].seq);
		ok(evicted > 0, "evicted counters read from 'e' fields (%llu)", (unsigned long long)evicted);
	}
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_truncated(void)
{
	struct parse_result res;
	struct lrugen_lruvec *v;

	v = parse_fixture("lru_gen_full-truncated.txt", &res);
	ok_eq(res.nr_lruvecs, 2, "truncated: both lruvecs begun are kept");
	ok(res.nr_lruvecs == 2 && !v[0].partial && v[0].nr_gens == 4, "truncated: the first is whole");
	ok(res.nr_lruvecs == 2 && v[1].partial && v[1].nr_gens == 1,
	   "truncated: the second is partial with its one gen");
	ok(res.bad_lines == 1, "truncated: the cut line is the one bad line (%d)", res.bad_lines);
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_garbage(void)
{
	struct parse_result res;
	struct lrugen_lruvec *v;

	v = parse_fixture("lru_gen_full-garbage.txt", &res);
	ok_eq(res.nr_lruvecs, 8, "garbage: every lruvec still found");
	ok_eq(res.first_bad_line, 1, "garbage: a node line before any memcg is bad");
	/* stray node, mm line, gen line, two tier lines, tab line */
	ok_eq(res.bad_lines, 6, "garbage: each broken line counted once");
	ok_eq(count_partial(v, res.nr_lruvecs), 4, "garbage: the 4 lruvecs hit are partial");
	ok(find(v, res.nr_lruvecs, "/fx-a", 1) && !find(v, res.nr_lruvecs, "/fx-a", 1)->partial,
	   "garbage: an untouched lruvec is whole");
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_many(void)
{
	struct parse_result res;
	struct lrugen_lruvec *v;

	v = parse_fixture("lru_gen_full-500.txt", &res);
	ok_eq(res.nr_lruvecs, 1010, "500 memcgs: 505 memcgs x 2 nodes");
	ok_eq(res.bad_lines, 0, "500 memcgs: no bad line");
	ok(res.nr_lruvecs == 1010 && !strcmp(v[1009].path, "/many/m499") && v[1009].memcg_id == 505,
	   "500 memcgs: the last is /many/m499, id 505");
	lruvecs_free(v, res.nr_lruvecs);
}

/* cgroup ids are inode numbers: 64-bit, past what a 16-bit memcg id held */
static void test_cgroup_ids(void)
{
	static const char text[] =
		"memcg     1 /\n node     0\n          3      100      1      2\n"
		"memcg 4294967297 /big\n node     1\n          3      100      5      6\n";
	struct parse_result res;
	struct lrugen_lruvec *v = parse_lru_gen(text, sizeof(text) - 1, &res);

	ok_eq(res.bad_lines, 0, "cgroup ids: no bad line");
	ok(res.nr_lruvecs == 2 && v[1].memcg_id == 4294967297ULL && !strcmp(v[1].path, "/big"),
	   "cgroup ids: id 4294967297 is /big");
	lruvecs_free(v, res.nr_lruvecs);
}

/* a cgroup name with 14 spaces makes a memcg line of 17 tokens */
static void test_spaces_in_path(void)
{
	static const char text[] =
		"memcg 10 /a\n node 0\n 3 100 1 2\n node 1\n 3 100 1 2\n"
		"memcg 20 /b c d e f g h i j k l m n o p\n node 0\n 3 100 7 8\n"
		" node 1\n 3 100 7 8\n"
		"memcg\n node 0\n 3 100 9 9\n";
	struct parse_result res;
	struct lrugen_lruvec *v = parse_lru_gen(text, sizeof(text) - 1, &res);

	ok(res.nr_lruvecs == 4, "spaces in a path: 4 lruvecs, got %zu", res.nr_lruvecs);
	ok(res.nr_lruvecs == 4 && v[0].memcg_id == 10 && v[1].memcg_id == 10 &&
	   v[2].memcg_id == 20 && v[3].memcg_id == 20 && v[3].nid == 1,
	   "spaces in a path: each lruvec under its own memcg");
	ok(res.nr_lruvecs == 4 && !strcmp(v[2].path, "/b c d e f g h i j k l m n o p"),
	   "spaces in a path: the path is taken whole");
	/* a memcg line without an id: its lruvecs are nobody's, not /b's */
	ok(res.bad_lines == 3, "spaces in a path: the idless memcg's 3 lines are bad, got %d",
	   res.bad_lines);
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_marked_pages(void)
{
	static const char text[] = "memcg 1 /\n node 0\n 1 1 5x 7\n 2 1 3 4\n 3 1 1 1\n";
	struct parse_result res;
	struct lrugen_lruvec *v = parse_lru_gen(text, sizeof(text) - 1, &res);

	ok(res.nr_lruvecs == 1 && v[0].min_seq[LRUGEN_ANON] == 2 && v[0].min_seq[LRUGEN_FILE] == 1,
	   "x marks: anon min_seq 2, file min_seq 1");
	ok(res.nr_lruvecs == 1 && lruvec_pages(&v[0], LRUGEN_ANON) == 4 &&
	   lruvec_pages(&v[0], LRUGEN_FILE) == 12,
	   "pages of a gen below its type's min_seq are not counted");
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_short_file(void)
{
	struct parse_result res;
	struct lrugen_lruvec *v;

	v = parse_fixture("lru_gen.txt", &res);
	ok(res.nr_lruvecs == 8 && !res.bad_lines, "lru_gen (no tiers) parses too");
	lruvecs_free(v, res.nr_lruvecs);
}

static void test_broken_lines(void)
{
	static const struct {
		const char *text;
		int bad;
		const char *what;
	} cases[] = {
		{ "", 0, "empty input" },
		{ "memcg 18446744073709551616 /x\n node 0\n 1 2 3 4\n", 3, "memcg id beyond 64 bits, and its lines" },
		{ "memcg 1 /\n node 99\n", 1, "node beyond LRUGEN_MAX_NODES" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 3 2 3 4\n", 1, "seqs that skip" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 2 2 3 4\n 3 2 3 4\n 4 2 3 4\n 5 2 3 4\n", 1,
		  "a fifth generation" },
		{ "memcg 1 /\n node 0\n 99999999999999999999 2 3 4\n", 1, "a seq that overflows" },
		{ "memcg 1 /\n node 0\n 1 2 3y 4\n", 1, "a mark that is not x" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 0 1r 2e 3p 4r 5e\n", 1, "a tier line one short" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 7 1r 2e 3p 4r 5e 6p\n", 1, "tier 7" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 0 1r 2T 3p 4r 5e 6p\n", 1, "mixed suffixes" },
		{ "memcg 1 /\n node 0\n 0 1r 2e 3p 4r 5e 6p\n", 1, "a tier before any gen" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 0 1r 2e 3p 4x 5x 6x\n 2 2 3 4\n 0 1r 2e 3p 4x 5x 6x\n",
		  1, "anon tier counters on a second gen" },
		{ "memcg 1 /\n node 0\n 1 2 3 4\n 0 1r 2e 3p 4x 5x 6x\n 2 2 3 4\n 0 1x 2x 3x 4r 5e 6p\n",
		  0, "anon counters on one gen, file on another" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct parse_result res;
		struct lrugen_lruvec *v;

		v = parse_lru_gen(cases[i].text, strlen(cases[i].text), &res);
		ok(res.bad_lines == cases[i].bad, "%s: %d bad lines (want %d)", cases[i].what,
		   res.bad_lines, cases[i].bad);
		lruvecs_free(v, res.nr_lruvecs);
	}
}

static void test_kv(void)
{
	uint64_t v = 0, t = 0;
	double some = -1, full = -1;
	unsigned int hex = 0;
	size_t len;
	char *mi = fixture("node0-meminfo.txt", &len);
	char *vm = fixture("node0-vmstat.txt", &len);
	char *psi = fixture("pressure-memory.txt", &len);

	ok(!parse_kv(mi, "MemTotal", &v) && v == 1016032, "node meminfo: MemTotal %llu kB",
	   (unsigned long long)v);
	ok(!parse_kv(mi, "Active(anon)", &v), "node meminfo: Active(anon)");
	ok(parse_kv(mi, "MemTota", &v) == -1, "node meminfo: a key prefix is no match");
	ok(!parse_kv(vm, "pgsteal_proactive_node", &v), "node vmstat: pgsteal_proactive_node present");
	ok(!parse_kv(vm, "workingset_refault_file", &v), "node vmstat: workingset_refault_file");
	ok(!parse_psi(psi, &some, &full) && some == 0 && full == 0, "PSI: some and full avg10");
	ok(!parse_psi("some avg10=1.50 avg60=0 avg300=0 total=9\nfull avg10=0.25 avg60=0 avg300=0 total=1\n",
		      &some, &full) && some == 1.5 && full == 0.25, "PSI: 1.50 and 0.25");
	ok(parse_psi("nothing here\n", &some, &full) == -1, "PSI: garbage is an error");
	ok(!parse_proc_stat_ticks("42 (a) b) S 2 0 0 0 -1 69238880 0 0 0 0 17 25 0 0 20 0 1 0 5\n", &t) &&
	   t == 42, "proc stat: comm with ') ' in it, utime 17 + stime 25");
	ok(parse_proc_stat_ticks("42 (a S 2\n", &t) == -1, "proc stat: truncated is an error");
	ok(!parse_hex("0x0007\n", &hex) && hex == 7, "enabled 0x0007");
	ok(parse_hex("y\n", &hex) == -1, "enabled: not hex");
	free(mi);
	free(vm);
	free(psi);
}

/* Sizes are tools/lib/size.c's, tested in tools/lib/tests/test-size.c. */
static void test_node_lists(void)
{
	uint64_t mask;

	ok(!parse_node_list("0-1\n", &mask) && mask == 3, "node list 0-1");
	ok(!parse_node_list("0,2-3\n", &mask) && mask == 0xd, "node list 0,2-3");
	ok(parse_node_list("3-1\n", &mask) == -1, "node list 3-1 is an error");
	ok(parse_node_list("0-99\n", &mask) == -1, "node list beyond 64 is an error");
}

static void test_names(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "/a/b", "/a/b" },
		{ "/caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", "/caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7" },
		{ "/t\x1b]0;pwned\x07", "/t\\x1b]0;pwned\\x07" },
		{ "/csi\xc2\x9b" "2J", "/csi\\xc2\\x9b2J" },	/* C1 CSI in UTF-8 */
		{ "/del\x7f", "/del\\x7f" },
		{ "/bad\xff\xc3", "/bad\\xff\\xc3" },
		{ "/over\xc0\xaf", "/over\\xc0\\xaf" },	/* overlong '/' */
		{ "/sur\xed\xa0\x80", "/sur\\xed\\xa0\\x80" },	/* a surrogate */
		{ "/back\\slash", "/back\\\\slash" },
	};
	char buf[128], tiny[6];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fmt_name(buf, sizeof(buf), cases[i].in);
		ok(!strcmp(buf, cases[i].out), "name %zu printed as '%s'", i, buf);
	}
	fmt_name(tiny, sizeof(tiny), "/ab\x1b" "cd");
	ok(!strcmp(tiny, "/ab"), "a name cut to fit never ends inside an escape: '%s'", tiny);
	fmt_name(tiny, sizeof(tiny), "/\xe2\x82\xac\xe2\x82\xac");
	ok(!strcmp(tiny, "/\xe2\x82\xac"), "nor inside a character");
	ok(utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4) == 0, "U+110000 is not UTF-8");
	ok(utf8_len((const unsigned char *)"\xe2\x82", 2) == 0, "a cut sequence is not UTF-8");
}

static void test_kthread(void)
{
	/* flags 0x208040 (PF_KTHREAD | PF_NOFREEZE | PF_MEMALLOC) and 0x400100 */
	static const char kswapd[] =
		"51 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 0 25 0 0 20 0 1 0 12 0 0\n";
	static const char user[] =
		"900 (kswapd0) S 1 900 900 34816 900 4194560 120 0 0 0 3 1 0 0 20 0 1 0 400\n";
	static const char odd[] = "901 (a) b (kswapd1) R 1 901 901 0 -1 2097152 0 0\n";

	ok(parse_proc_stat_kthread(kswapd) == 1, "stat: the kernel's kswapd0 is a kthread");
	ok(parse_proc_stat_kthread(user) == 0, "stat: a user process named kswapd0 is not");
	ok(parse_proc_stat_kthread(odd) == 1, "stat: a comm with ') ' inside is skipped whole");
	ok(parse_proc_stat_kthread("51 (kswapd0\n") == -1, "stat: a cut line is an error");
}

static void test_tracefs_mount(void)
{
	static const char none[] =
		"proc /proc proc rw 0 0\ndebugfs /sys/kernel/debug debugfs rw 0 0\n";
	static const char two[] =
		"sysfs /sys sysfs rw 0 0\nnodev /tmp/my\\040trace tracefs rw 0 0\n"
		"tracefs /sys/kernel/tracing tracefs rw 0 0\n";
	static const char last[] = "tracefs /sys/kernel/tracing tracefs rw 0 0";
	static const char fake[] = "tracefs /mnt/x ext4 rw 0 0\nx /tracefs tmpfs rw 0 0\n";
	char dir[64], tiny[8];

	ok(parse_tracefs_mount(none, dir, sizeof(dir)) == -1, "mounts: no tracefs");
	ok(!parse_tracefs_mount(two, dir, sizeof(dir)) && !strcmp(dir, "/tmp/my trace"),
	   "mounts: the first tracefs, \\040 undone: '%s'", dir);
	ok(!parse_tracefs_mount(last, dir, sizeof(dir)) && !strcmp(dir, "/sys/kernel/tracing"),
	   "mounts: a last line without a newline");
	ok(parse_tracefs_mount(fake, dir, sizeof(dir)) == -1,
	   "mounts: 'tracefs' as a device or a path is not a tracefs");
	ok(parse_tracefs_mount(last, tiny, sizeof(tiny)) == -1, "mounts: a path too long is refused");
}

static void test_swappiness_and_delay(void)
{
	static const char *const good[] = { "0", "60", "200", "007", "max" };
	static const char *const bad[] = { "", "201", "-1", "+5", " 5", "5 ", "0x10", "1e2",
					   "0200", "MAX", "max ", "60.0" };
	char zeros[300];
	double d = -1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ok(!parse_swappiness(good[i]), "swappiness '%s' is taken", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(parse_swappiness(bad[i]) == -1, "swappiness '%s' is refused", bad[i]);
	/* "+000...01": strtol took it, and the request overflowed its buffer */
	zeros[0] = '+';
	memset(zeros + 1, '0', sizeof(zeros) - 3);
	zeros[sizeof(zeros) - 2] = '1';
	zeros[sizeof(zeros) - 1] = 0;
	ok(parse_swappiness(zeros) == -1, "swappiness '+' and 297 zeros and 1 is refused");
	ok(parse_swappiness(zeros + 1) == -1, "swappiness of 298 digits is refused");

	ok(!parse_delay("2", &d) && d == 2, "delay '2'");
	ok(!parse_delay("0.1", &d) && d == 0.1, "delay '0.1'");
	ok(!parse_delay("3600", &d) && d == 3600, "delay '3600'");
	d = 7;
	ok(parse_delay("nan", &d) == -1 && d == 7, "delay 'nan' is refused, *sec unchanged");
	ok(parse_delay("-nan", &d) == -1, "delay '-nan' is refused");
	ok(parse_delay("inf", &d) == -1, "delay 'inf' is refused");
	ok(parse_delay("0.05", &d) == -1, "delay '0.05' is refused");
	ok(parse_delay("3601", &d) == -1, "delay '3601' is refused");
	ok(parse_delay("2s", &d) == -1, "delay '2s' is refused");
	ok(parse_delay("", &d) == -1, "delay '' is refused");
	ok(parse_delay("1e999", &d) == -1, "delay '1e999' (ERANGE) is refused");
}

/*
 * Only an instance made in our own PID namespace can be judged stale by its
 * pid: "lrugen-1234" may be a live lrugen in a container, where kill(1234, 0)
 * from here says nothing about it.
 */
static void test_instance_names(void)
{
	static const struct {
		const char *name;
		long pid;
	} cases[] = {
		{ "lrugen-4026531836-1234", 1234 },
		{ "lrugen-4026531836-1", 1 },
		{ "lrugen-4026531836-2147483647", 2147483647 },
		{ "lrugen-4026532000-1234", 0 },	/* another namespace */
		{ "lrugen-1234", 0 },			/* old form: namespace unknown */
		{ "lrugen-4026531836-0", 0 },
		{ "lrugen-4026531836-2147483648", 0 },
		{ "lrugen-4026531836-99999999999999999999999", 0 },
		{ "lrugen-4026531836--5", 0 },
		{ "lrugen-4026531836-+5", 0 },
		{ "lrugen-4026531836- 5", 0 },
		{ "lrugen-4026531836-5x", 0 },
		{ "lrugen-4026531836-", 0 },
		{ "lrugen--1234", 0 },
		{ "lrugen-+4026531836-5", 0 },
		{ "lrugen-8052531836-5", 0 },		/* more than 32 bits */
		{ "lrugen-test-77", 0 },		/* the shell tests' own */
		{ "Lrugen-4026531836-5", 0 },
		{ "", 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ok(parse_instance_pid(cases[i].name, 4026531836UL) == cases[i].pid,
		   "instance \"%s\" -> pid %ld", cases[i].name, cases[i].pid);
	ok(parse_instance_pid("lrugen-4026532000-1234", 4026532000UL) == 1234,
	   "instance of another namespace, seen from inside it");
}

int main(void)
{
	test_full();
	test_after_reclaim();
	test_truncated();
	test_garbage();
	test_many();
	test_short_file();
	test_marked_pages();
	test_cgroup_ids();
	test_spaces_in_path();
	test_broken_lines();
	test_kv();
	test_node_lists();
	test_swappiness_and_delay();
	test_tracefs_mount();
	test_kthread();
	test_names();
	test_instance_names();
	return tap_done();
}
