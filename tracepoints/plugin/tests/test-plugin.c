// SPDX-License-Identifier: GPL-2.0
/*
 * The unit test of plugin_lru_gen.so, in trace-cmd's way: no root, no
 * kernel. It parses each event's format from tracepoints/formats/ (the
 * promised ABI) as x86-64 records it, builds a raw record of known field
 * values, loads the plugin the way trace-cmd does (TRACEEVENT_PLUGIN_DIR),
 * prints the record with tep_print_event() and compares the text.
 *
 *	test-plugin PLUGIN_DIR FORMATS_DIR
 *
 * Prints TAP; exits 1 if any check fails.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>
#include <trace-seq.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* the events the plugin decodes, and their systems */
static const struct {
	const char *name;
	const char *system;
} events[] = {
	{ "lru_gen_aging_begin", "lru_gen" },
	{ "lru_gen_aging_end", "lru_gen" },
	{ "lru_gen_birth", "lru_gen" },
	{ "lru_gen_retire", "lru_gen" },
	{ "lru_gen_evict", "lru_gen" },
	{ "mm_vmscan_proactive_reclaim_begin", "vmscan" },
	{ "mm_vmscan_proactive_reclaim_end", "vmscan" },
};

static const char *formats_dir;
static int nr_tests, nr_failed;

static void check(int ok, const char *what, const char *got, const char *want)
{
	nr_tests++;
	printf("%sok %d - %s\n", ok ? "" : "not ", nr_tests, what);
	if (!ok) {
		nr_failed++;
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", got, want);
	}
}

static void bail_out(const char *msg, const char *arg)
{
	printf("Bail out! %s%s\n", msg, arg);
	exit(1);
}

/* the format file of @name, with the ID: line the kernel would add */
static char *read_format(const char *name, int id, const char *from, const char *to)
{
	char path[4096], *text, *buf, *nl, *p;
	size_t len;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.format", formats_dir, name);
	f = fopen(path, "r");
	if (!f)
		bail_out("cannot open ", path);
	if (fseek(f, 0, SEEK_END))
		bail_out("cannot size ", path);
	n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET))
		bail_out("cannot size ", path);
	text = calloc(1, n + 1);
	if (!text || fread(text, 1, n, f) != (size_t)n)
		bail_out("cannot read ", path);
	fclose(f);

	/* rename every occurrence of @from (a field) to @to, same length */
	if (from) {
		len = strlen(from);
		if (strlen(to) != len)
			bail_out("rename to a name of another length: ", to);
		for (p = strstr(text, from); p; p = strstr(p + len, from))
			memcpy(p, to, len);
	}

	nl = strchr(text, '\n');
	if (!nl)
		bail_out("no name line in ", path);
	buf = malloc(n + 32);
	if (!buf)
		bail_out("out of memory", "");
	len = nl + 1 - text;
	memcpy(buf, text, len);
	len += sprintf(buf + len, "ID: %d\n", id);
	memcpy(buf + len, nl + 1, text + n - nl);	/* with the NUL */
	free(text);
	return buf;
}

static struct tep_event *parse_event(struct tep_handle *tep, int i, const char *from,
				     const char *to)
{
	struct tep_event *event = NULL;
	char *buf = read_format(events[i].name, 1000 + i, from, to);

	if (tep_parse_format(tep, &event, buf, strlen(buf), events[i].system) || !event)
		bail_out("tep_parse_format failed on ", events[i].name);
	free(buf);
	return event;
}

/* a record of @event: "name=value" pairs, NULL-terminated */
struct field_val {
	const char *name;
	long long val;
};

static unsigned char data[256];

static void fill(struct tep_event *event, const struct field_val *vals)
{
	struct tep_format_field *field;
	unsigned long long v;
	int i;

	memset(data, 0, sizeof(data));
	field = tep_find_common_field(event, "common_type");
	if (!field)
		bail_out("no common_type in ", event->name);
	v = event->id;
	for (i = 0; i < field->size; i++)
		data[field->offset + i] = v >> (8 * i);
	for (; vals->name; vals++) {
		field = tep_find_field(event, vals->name);
		if (!field || field->offset + field->size > (int)sizeof(data))
			bail_out("no such field in the format: ", vals->name);
		v = vals->val;
		for (i = 0; i < field->size; i++)	/* x86-64: little endian */
			data[field->offset + i] = v >> (8 * i);
	}
}

/* the line tep_print_event() prints for a record of @vals */
static void expect(struct tep_handle *tep, struct tep_event *event,
		   const struct field_val *vals, const char *want, const char *what)
{
	struct tep_record record;
	struct trace_seq s;
	char desc[512];

	fill(event, vals);
	memset(&record, 0, sizeof(record));
	record.data = data;
	record.size = event->format.fields ? sizeof(data) : 0;
	trace_seq_init(&s);
	tep_print_event(tep, &s, &record, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(desc, sizeof(desc), "%s: %s", event->name, what);
	check(strcmp(s.buffer, want) == 0, desc, s.buffer, want);
	trace_seq_destroy(&s);
}

static struct tep_handle *new_tep(void)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		bail_out("tep_alloc failed", "");
	/* as trace-cmd sets them from an x86-64 trace.dat */
	tep_set_long_size(tep, 8);
	tep_set_page_size(tep, 4096);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	/* only the plugin under test: not the system's, not ~/.local's */
	tep_set_flag(tep, TEP_DISABLE_SYS_PLUGINS);
	return tep;
}

static struct tep_plugin_list *load_plugin(struct tep_handle *tep)
{
	struct tep_plugin_list *list = tep_load_plugins(tep);
	struct trace_seq s;
	int ok;

	trace_seq_init(&s);
	tep_print_plugins(&s, "", " ", list);
	trace_seq_terminate(&s);
	ok = strstr(s.buffer, "/plugin_lru_gen.so ") != NULL;
	check(ok, "tep_load_plugins() loads plugin_lru_gen.so from TRACEEVENT_PLUGIN_DIR",
	      s.buffer, ".../plugin_lru_gen.so");
	trace_seq_destroy(&s);
	if (!ok)
		bail_out("the plugin did not load", "");
	return list;
}

/* every format in tracepoints/formats/ is one the plugin (and this test) knows */
static void check_formats_covered(void)
{
	struct dirent *d;
	size_t i, n;
	DIR *dir;

	dir = opendir(formats_dir);
	if (!dir)
		bail_out("cannot open ", formats_dir);
	while ((d = readdir(dir))) {
		n = strlen(d->d_name);
		if (n < 8 || strcmp(d->d_name + n - 7, ".format"))
			continue;
		for (i = 0; i < ARRAY_SIZE(events); i++)
			if (strlen(events[i].name) == n - 7 &&
			    !strncmp(events[i].name, d->d_name, n - 7))
				break;
		check(i < ARRAY_SIZE(events), "the plugin handles every event in tracepoints/formats/",
		      "not handled: add a handler to plugin_lru_gen.c and cases here",
		      "an event the plugin handles");
	}
	closedir(dir);
}

int main(int argc, char **argv)
{
	struct tep_event *ev[ARRAY_SIZE(events)], *old;
	struct tep_plugin_list *list, *list2;
	struct tep_handle *tep, *tep2;
	size_t i;

	if (argc != 3) {
		fprintf(stderr, "usage: test-plugin PLUGIN_DIR FORMATS_DIR\n");
		return 2;
	}
	formats_dir = argv[2];
	setenv("TRACEEVENT_PLUGIN_DIR", argv[1], 1);
	unsetenv("HOME");
	printf("TAP version 13\n");

	tep = new_tep();
	for (i = 0; i < ARRAY_SIZE(events); i++)
		ev[i] = parse_event(tep, i, NULL, NULL);
	list = load_plugin(tep);
	check_formats_covered();

	/* lru_gen_aging_begin */
	expect(tep, ev[0], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "max_seq", 4 }, { "swappiness", 60 }, { "reason", 0 }, { NULL, 0 } },
	       "node 0 memcg 1: aging from max_seq 4 for kswapd, swappiness 60",
	       "kswapd");
	expect(tep, ev[0], (struct field_val[]){ { "nid", 1 }, { "memcg_id", 42 },
		{ "max_seq", 9 }, { "swappiness", 201 }, { "reason", 4 },
		{ "force_scan", 1 }, { NULL, 0 } },
	       "node 1 memcg 42: aging from max_seq 9 for debugfs, swappiness max, forced",
	       "forced, swappiness 201 is max");
	expect(tep, ev[0], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 0 },
		{ "max_seq", 3 }, { "swappiness", 0 }, { "reason", 9 }, { NULL, 0 } },
	       "node 0 no memcg: aging from max_seq 3 for reason 9, swappiness 0",
	       "an unknown reason as a number");

	/* lru_gen_aging_end */
	expect(tep, ev[1], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "max_seq", 9 }, { "new_gen", 1 }, { "nr_scanned", 5120 },
		{ "nr_young", 310 }, { NULL, 0 } },
	       "node 0 memcg 1: aged max_seq 9, created gen 10; walk: 5120 PTEs, 310 young (6.1%)",
	       "new gen, walk");
	expect(tep, ev[1], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "max_seq", 4 }, { NULL, 0 } },
	       "node 0 memcg 1: aged max_seq 4, no new gen; no page table walk (0 young)",
	       "no new gen, no walk");

	/* lru_gen_birth */
	expect(tep, ev[2], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "seq", 5 }, { "min_seq_anon", 2 }, { "min_seq_file", 3 },
		{ "reason", 3 }, { NULL, 0 } },
	       "node 0 memcg 1: gen 5 born for proactive; anon gens 2-5 (4), file gens 3-5 (3)",
	       "proactive");

	/* lru_gen_retire */
	expect(tep, ev[3], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "type", 1 }, { "old_seq", 1 }, { "new_seq", 2 },
		{ "age_ms", 15812 }, { NULL, 0 } },
	       "node 0 memcg 1: file gen 1 retired at age 15.8 s; min_seq now 2",
	       "one gen, seconds");
	expect(tep, ev[3], (struct field_val[]){ { "nid", 1 }, { "memcg_id", 7 },
		{ "type", 0 }, { "old_seq", 3 }, { "new_seq", 6 },
		{ "age_ms", 850 }, { NULL, 0 } },
	       "node 1 memcg 7: anon gens 3-5 retired, the oldest at age 850 ms; min_seq now 6",
	       "several gens, milliseconds");
	expect(tep, ev[3], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "type", 7 }, { "old_seq", 1 }, { "new_seq", 2 },
		{ "age_ms", 150000 }, { NULL, 0 } },
	       "node 0 memcg 1: type 7 gen 1 retired at age 2.5 min; min_seq now 2",
	       "an unknown type as a number, minutes");

	/* lru_gen_evict */
	expect(tep, ev[4], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "type", 1 }, { "seq", 3 }, { "tier", 3 }, { "swappiness", 60 },
		{ "nr_scanned", 64 }, { "nr_reclaimed", 8 }, { NULL, 0 } },
	       "node 0 memcg 1: evict file gen 3 tiers 0-3, swappiness 60: scanned 64 pages (256.0 KiB), reclaimed 8 pages (32.0 KiB)",
	       "file");
	expect(tep, ev[4], (struct field_val[]){ { "nid", 1 }, { "memcg_id", 3 },
		{ "type", 0 }, { "seq", 7 }, { "tier", 0 }, { "swappiness", 201 },
		{ "nr_scanned", 1 }, { NULL, 0 } },
	       "node 1 memcg 3: evict anon gen 7 tier 0, swappiness max: scanned 1 page (4.0 KiB), reclaimed 0 pages (0 B)",
	       "anon, swappiness max, nothing reclaimed");

	/* mm_vmscan_proactive_reclaim_begin */
	expect(tep, ev[5], (struct field_val[]){ { "nid", -1 }, { "memcg_id", 5 },
		{ "nr_requested", 4096 }, { "swappiness", -1 }, { "flags", 0 },
		{ NULL, 0 } },
	       "all nodes memcg 5: proactive reclaim of 4096 pages (16.0 MiB), swappiness default, flags none",
	       "memory.reclaim, swappiness -1 is default");
	expect(tep, ev[5], (struct field_val[]){ { "nid", 1 }, { "memcg_id", 0 },
		{ "nr_requested", 25600 }, { "swappiness", -1 }, { "flags", 1 },
		{ NULL, 0 } },
	       "node 1 no memcg: proactive reclaim of 25600 pages (100.0 MiB), swappiness default, flags clean",
	       "nodeN/reclaim flags=clean");
	expect(tep, ev[5], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "nr_requested", 262144 }, { "swappiness", 201 }, { "flags", 5 },
		{ NULL, 0 } },
	       "node 0 memcg 1: proactive reclaim of 262144 pages (1.0 GiB), swappiness max, flags clean|0x4",
	       "an unknown flag in hex, swappiness 201 is max");

	/* mm_vmscan_proactive_reclaim_end */
	expect(tep, ev[6], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 0 },
		{ "nr_requested", 4096 }, { "nr_reclaimed", 77 },
		{ "swappiness", -1 }, { "flags", 0 }, { "ret", -11 }, { NULL, 0 } },
	       "node 0 no memcg: proactive reclaim got 77 pages (308.0 KiB) of 4096 pages (16.0 MiB), swappiness default, flags none, ret -11 (EAGAIN)",
	       "EAGAIN");
	expect(tep, ev[6], (struct field_val[]){ { "nid", -1 }, { "memcg_id", 9 },
		{ "nr_requested", 512 }, { "nr_reclaimed", 515 },
		{ "swappiness", 200 }, { "flags", 0 }, { "ret", -5 }, { NULL, 0 } },
	       "all nodes memcg 9: proactive reclaim got 515 pages (2.0 MiB) of 512 pages (2.0 MiB), swappiness 200, flags none, ret -5",
	       "an unknown error as a number");

	/* -O lru_gen:raw: the fields as numbers, in the format's order */
	tep_plugin_add_option("lru_gen:raw", "1");
	expect(tep, ev[4], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "type", 1 }, { "seq", 3 }, { "tier", 3 }, { "swappiness", 60 },
		{ "nr_scanned", 64 }, { "nr_reclaimed", 8 }, { NULL, 0 } },
	       "seq=3 nr_scanned=64 nr_reclaimed=8 nid=0 memcg_id=1 type=1 tier=3 swappiness=60",
	       "raw");
	expect(tep, ev[6], (struct field_val[]){ { "nid", -1 }, { "memcg_id", 0 },
		{ "nr_requested", 4096 }, { "nr_reclaimed", 77 },
		{ "swappiness", -1 }, { "flags", 1 }, { "ret", -11 }, { NULL, 0 } },
	       "nr_requested=4096 nr_reclaimed=77 memcg_id=0 nid=-1 swappiness=-1 flags=1 ret=-11",
	       "raw, negative numbers");
	expect(tep, ev[0], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "max_seq", 4 }, { "swappiness", 201 }, { "reason", 9 },
		{ "force_scan", 1 }, { NULL, 0 } },
	       "max_seq=4 nid=0 memcg_id=1 swappiness=201 reason=9 force_scan=1",
	       "raw, an unknown reason");
	tep_plugin_add_option("lru_gen:raw", "0");
	expect(tep, ev[1], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "max_seq", 4 }, { NULL, 0 } },
	       "node 0 memcg 1: aged max_seq 4, no new gen; no page table walk (0 young)",
	       "raw off again");

	/*
	 * A kernel whose event lacks a field the plugin reads (age_ms renamed
	 * here) gets the default print, without any of the plugin's text.
	 */
	tep2 = new_tep();
	old = parse_event(tep2, 3, "age_ms", "age_us");
	list2 = load_plugin(tep2);
	expect(tep2, old, (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "type", 1 }, { "old_seq", 1 }, { "new_seq", 2 },
		{ "age_us", 15812 }, { NULL, 0 } },
	       "nid=0 memcg_id=1 type=file old_seq=1 new_seq=2 age_us=15812",
	       "a field missing from the format: the default print");
	tep_unload_plugins(list2, tep2);
	tep_free(tep2);

	/* once unloaded, the default print again */
	tep_unload_plugins(list, tep);
	expect(tep, ev[2], (struct field_val[]){ { "nid", 0 }, { "memcg_id", 1 },
		{ "seq", 5 }, { "min_seq_anon", 2 }, { "min_seq_file", 2 },
		{ "reason", 0 }, { NULL, 0 } },
	       "nid=0 memcg_id=1 seq=5 min_seq_anon=2 min_seq_file=2 reason=kswapd",
	       "unloaded: the default print");
	tep_free(tep);

	/*
	 * trace-cmd report -O lru_gen:raw (no "=1": a toggle) sets the option
	 * before it loads the plugins; it must end up on, not toggled twice.
	 */
	tep_plugin_add_option("lru_gen:raw", NULL);
	tep = new_tep();
	ev[4] = parse_event(tep, 4, NULL, NULL);
	list = load_plugin(tep);
	expect(tep, ev[4], (struct field_val[]){ { "nid", 1 }, { "memcg_id", 2 },
		{ "type", 0 }, { "seq", 3 }, { "tier", 1 }, { "swappiness", 201 },
		{ "nr_scanned", 64 }, { "nr_reclaimed", 8 }, { NULL, 0 } },
	       "seq=3 nr_scanned=64 nr_reclaimed=8 nid=1 memcg_id=2 type=0 tier=1 swappiness=201",
	       "-O lru_gen:raw before loading: raw");
	tep_unload_plugins(list, tep);
	tep_free(tep);

	printf("1..%d\n", nr_tests);
	if (nr_failed)
		printf("# %d of %d failed\n", nr_failed, nr_tests);
	return nr_failed ? 1 : 0;
}
