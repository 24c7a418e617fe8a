// SPDX-License-Identifier: GPL-2.0
/*
 * A libtraceevent plugin for the events of the lrugen series: the
 * lru_gen system and vmscan's two proactive reclaim events. trace-cmd
 * report and KernelShark then print each event the way it is read: sizes
 * in pages and bytes, ages as durations, swappiness -1 and 201 by name,
 * reasons, types and flags by name (unknown values as numbers).
 *
 * The field names, units and enum values are those of
 * include/trace/events/lru_gen.h and vmscan.h in linux/patches; the
 * formats are tracepoints/formats/. "-O lru_gen:raw" prints every field
 * as a plain number instead. An event whose format lacks a field the
 * plugin reads (another kernel) gets the default print.
 */
#include <stddef.h>
#include <string.h>
#include <event-parse.h>
#include <trace-seq.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* swappiness values with a meaning of their own (mm/vmscan.c) */
#define SWAPPINESS_DEFAULT	-1	/* a request without swappiness= */
#define SWAPPINESS_ANON_ONLY	201	/* swappiness=max: anon only */

/* RECLAIM_PROACTIVE_CLEAN of include/trace/events/vmscan.h */
#define PROACTIVE_FLAG_CLEAN	0x1u

/*
 * Registered by the loader, which applies "-O lru_gen:raw" given before;
 * not exported as TEP_PLUGIN_OPTIONS, or libtraceevent would apply it
 * twice, and a toggle (-O without =1) would cancel itself.
 */
static struct tep_plugin_option plugin_options[] = {
	{
		.name		= "raw",
		.plugin_alias	= "lru_gen",
		.description	= "print the lru_gen and proactive reclaim events' fields as plain numbers",
	},
	{
		.name		= NULL,
	},
};

static struct tep_plugin_option *raw_option = &plugin_options[0];

/* enum lru_gen_reason of include/trace/events/lru_gen.h */
static const char *const reasons[] = {
	"kswapd", "direct", "memcg", "proactive", "debugfs",
};

/* LRU_GEN_ANON and LRU_GEN_FILE */
static const char *const types[] = { "anon", "file" };

/*
 * read_fields() - read the named number fields of a record
 * Returns 0, or -1 when the event's format lacks one of them (a kernel
 * whose events differ from ours), before anything is printed.
 */
static int read_fields(struct tep_event *event, struct tep_record *record,
		       const char *const *names, int n, long long *vals)
{
	unsigned long long v;
	int i;

	for (i = 0; i < n; i++) {
		struct tep_format_field *field = tep_find_field(event, names[i]);

		if (!field || field->size < 1 || field->size > 8 ||
		    (field->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING)))
			return -1;
		if (tep_read_number_field(field, record->data, &v))
			return -1;
		/* sign-extend the signed fields narrower than 64 bits */
		if ((field->flags & TEP_FIELD_IS_SIGNED) && field->size < 8 &&
		    (v & (1ULL << (field->size * 8 - 1))))
			v |= ~0ULL << (field->size * 8);
		vals[i] = (long long)v;
	}
	return 0;
}

/* print_raw() - every field of the event but the common ones, as numbers */
static int print_raw(struct trace_seq *s, struct tep_record *record,
		     struct tep_event *event)
{
	struct tep_format_field *field;
	const char *sep = "";

	for (field = event->format.fields; field; field = field->next) {
		unsigned long long v;

		if (field->size < 1 || field->size > 8 ||
		    (field->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING)) ||
		    tep_read_number_field(field, record->data, &v)) {
			trace_seq_printf(s, "%s%s=?", sep, field->name);
		} else if (field->flags & TEP_FIELD_IS_SIGNED) {
			if (field->size < 8 && (v & (1ULL << (field->size * 8 - 1))))
				v |= ~0ULL << (field->size * 8);
			trace_seq_printf(s, "%s%s=%lld", sep, field->name, (long long)v);
		} else {
			trace_seq_printf(s, "%s%s=%llu", sep, field->name, v);
		}
		sep = " ";
	}
	return 0;
}

static void print_name(struct trace_seq *s, const char *what,
		       const char *const *names, size_t n, long long v)
{
	if (v >= 0 && (unsigned long long)v < n)
		trace_seq_puts(s, names[v]);
	else
		trace_seq_printf(s, "%s %lld", what, v);
}

/* a size in bytes in binary units: "0 B", "512 B", "2.0 MiB" */
static void print_bytes(struct trace_seq *s, unsigned long long bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = bytes;
	size_t u = 0;

	if (bytes < 1024) {
		trace_seq_printf(s, "%llu B", bytes);
		return;
	}
	v /= 1024;
	while (v >= 1024 && u < ARRAY_SIZE(units) - 1) {
		v /= 1024;
		u++;
	}
	trace_seq_printf(s, "%.1f %s", v, units[u]);
}

/* "512 pages (2.0 MiB)" */
static void print_pages(struct trace_seq *s, struct tep_event *event,
			unsigned long long pages)
{
	int page_size = tep_get_page_size(event->tep);

	if (page_size <= 0)
		page_size = 4096;
	trace_seq_printf(s, "%llu page%s (", pages, pages == 1 ? "" : "s");
	print_bytes(s, pages * page_size);
	trace_seq_putc(s, ')');
}

/* a duration in milliseconds: "850 ms", "15.8 s", "2.5 min", "3.0 h" */
static void print_ms(struct trace_seq *s, unsigned long long ms)
{
	if (ms < 1000)
		trace_seq_printf(s, "%llu ms", ms);
	else if (ms < 60 * 1000)
		trace_seq_printf(s, "%.1f s", ms / 1000.0);
	else if (ms < 60 * 60 * 1000)
		trace_seq_printf(s, "%.1f min", ms / 60000.0);
	else
		trace_seq_printf(s, "%.1f h", ms / 3600000.0);
}

static void print_swappiness(struct trace_seq *s, long long v)
{
	if (v == SWAPPINESS_DEFAULT)
		trace_seq_puts(s, "swappiness default");
	else if (v == SWAPPINESS_ANON_ONLY)
		trace_seq_puts(s, "swappiness max");
	else
		trace_seq_printf(s, "swappiness %lld", v);
}

/* "flags none", "flags clean", and unknown bits in hex: "flags clean|0x4" */
static void print_flags(struct trace_seq *s, long long v)
{
	unsigned long long flags = (unsigned int)v;
	const char *sep = "";

	trace_seq_puts(s, "flags ");
	if (!flags) {
		trace_seq_puts(s, "none");
		return;
	}
	if (flags & PROACTIVE_FLAG_CLEAN) {
		trace_seq_puts(s, "clean");
		flags &= ~(unsigned long long)PROACTIVE_FLAG_CLEAN;
		sep = "|";
	}
	if (flags)
		trace_seq_printf(s, "%s0x%llx", sep, flags);
}

/* the lruvec or the target: "node 0 memcg 1", "all nodes no memcg" */
static void print_target(struct trace_seq *s, long long nid,
			 unsigned long long memcg_id)
{
	if (nid < 0)
		trace_seq_puts(s, "all nodes");
	else
		trace_seq_printf(s, "node %lld", nid);
	if (memcg_id)
		trace_seq_printf(s, " memcg %llu: ", memcg_id);
	else
		trace_seq_puts(s, " no memcg: ");
}

static const char *const aging_begin_fields[] = {
	"nid", "memcg_id", "max_seq", "swappiness", "reason", "force_scan",
};

static int aging_begin_handler(struct trace_seq *s, struct tep_record *record,
			       struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(aging_begin_fields)];

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, aging_begin_fields, ARRAY_SIZE(v), v))
		return 1;
	print_target(s, v[0], v[1]);
	trace_seq_printf(s, "aging from max_seq %llu for ", (unsigned long long)v[2]);
	print_name(s, "reason", reasons, ARRAY_SIZE(reasons), v[4]);
	trace_seq_puts(s, ", ");
	print_swappiness(s, v[3]);
	if (v[5])
		trace_seq_puts(s, ", forced");
	return 0;
}

static const char *const aging_end_fields[] = {
	"nid", "memcg_id", "max_seq", "new_gen", "nr_scanned", "nr_young",
};

static int aging_end_handler(struct trace_seq *s, struct tep_record *record,
			     struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(aging_end_fields)];
	unsigned long long scanned, young;

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, aging_end_fields, ARRAY_SIZE(v), v))
		return 1;
	scanned = v[4];
	young = v[5];
	print_target(s, v[0], v[1]);
	trace_seq_printf(s, "aged max_seq %llu, ", (unsigned long long)v[2]);
	if (v[3])
		trace_seq_printf(s, "created gen %llu", (unsigned long long)v[2] + 1);
	else
		trace_seq_puts(s, "no new gen");
	if (scanned)
		trace_seq_printf(s, "; walk: %llu PTEs, %llu young (%.1f%%)",
				 scanned, young, 100.0 * young / scanned);
	else
		trace_seq_printf(s, "; no page table walk (%llu young)", young);
	return 0;
}

static const char *const birth_fields[] = {
	"nid", "memcg_id", "seq", "min_seq_anon", "min_seq_file", "reason",
};

/* "anon gens 2-5 (4)": the generations of a type after a birth */
static void print_gens(struct trace_seq *s, const char *type,
		       unsigned long long min_seq, unsigned long long max_seq)
{
	if (min_seq <= max_seq)
		trace_seq_printf(s, "%s gens %llu-%llu (%llu)", type, min_seq,
				 max_seq, max_seq - min_seq + 1);
	else
		trace_seq_printf(s, "%s min_seq %llu", type, min_seq);
}

static int birth_handler(struct trace_seq *s, struct tep_record *record,
			 struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(birth_fields)];

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, birth_fields, ARRAY_SIZE(v), v))
		return 1;
	print_target(s, v[0], v[1]);
	trace_seq_printf(s, "gen %llu born for ", (unsigned long long)v[2]);
	print_name(s, "reason", reasons, ARRAY_SIZE(reasons), v[5]);
	trace_seq_puts(s, "; ");
	print_gens(s, "anon", v[3], v[2]);
	trace_seq_puts(s, ", ");
	print_gens(s, "file", v[4], v[2]);
	return 0;
}

static const char *const retire_fields[] = {
	"nid", "memcg_id", "type", "old_seq", "new_seq", "age_ms",
};

static int retire_handler(struct trace_seq *s, struct tep_record *record,
			  struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(retire_fields)];
	unsigned long long old_seq, new_seq;

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, retire_fields, ARRAY_SIZE(v), v))
		return 1;
	old_seq = v[3];
	new_seq = v[4];
	print_target(s, v[0], v[1]);
	print_name(s, "type", types, ARRAY_SIZE(types), v[2]);
	if (new_seq == old_seq + 1)
		trace_seq_printf(s, " gen %llu retired at age ", old_seq);
	else
		trace_seq_printf(s, " gens %llu-%llu retired, the oldest at age ",
				 old_seq, new_seq - 1);
	print_ms(s, v[5]);
	trace_seq_printf(s, "; min_seq now %llu", new_seq);
	return 0;
}

static const char *const evict_fields[] = {
	"nid", "memcg_id", "type", "seq", "tier", "swappiness",
	"nr_scanned", "nr_reclaimed",
};

static int evict_handler(struct trace_seq *s, struct tep_record *record,
			 struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(evict_fields)];

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, evict_fields, ARRAY_SIZE(v), v))
		return 1;
	print_target(s, v[0], v[1]);
	trace_seq_puts(s, "evict ");
	print_name(s, "type", types, ARRAY_SIZE(types), v[2]);
	trace_seq_printf(s, " gen %llu", (unsigned long long)v[3]);
	if (v[4] > 0)
		trace_seq_printf(s, " tiers 0-%lld, ", v[4]);
	else
		trace_seq_printf(s, " tier %lld, ", v[4]);
	print_swappiness(s, v[5]);
	trace_seq_puts(s, ": scanned ");
	print_pages(s, event, v[6]);
	trace_seq_puts(s, ", reclaimed ");
	print_pages(s, event, v[7]);
	return 0;
}

static const char *const proactive_begin_fields[] = {
	"nid", "memcg_id", "nr_requested", "swappiness", "flags",
};

static int proactive_begin_handler(struct trace_seq *s, struct tep_record *record,
				   struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(proactive_begin_fields)];

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, proactive_begin_fields, ARRAY_SIZE(v), v))
		return 1;
	print_target(s, v[0], v[1]);
	trace_seq_puts(s, "proactive reclaim of ");
	print_pages(s, event, v[2]);
	trace_seq_puts(s, ", ");
	print_swappiness(s, v[3]);
	trace_seq_puts(s, ", ");
	print_flags(s, v[4]);
	return 0;
}

/* what a proactive reclaim request can return (Documentation/admin-guide/mm/proactive_reclaim.rst) */
static void print_ret(struct trace_seq *s, long long ret)
{
	static const struct {
		int err;
		const char *name;
	} errs[] = {
		{ 4, "EINTR" }, { 11, "EAGAIN" }, { 16, "EBUSY" }, { 22, "EINVAL" },
	};
	size_t i;

	trace_seq_printf(s, "ret %lld", ret);
	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		if (ret == -errs[i].err) {
			trace_seq_printf(s, " (%s)", errs[i].name);
			return;
		}
	}
}

static const char *const proactive_end_fields[] = {
	"nid", "memcg_id", "nr_requested", "nr_reclaimed", "swappiness",
	"flags", "ret",
};

static int proactive_end_handler(struct trace_seq *s, struct tep_record *record,
				 struct tep_event *event, void *context)
{
	long long v[ARRAY_SIZE(proactive_end_fields)];

	(void)context;
	if (raw_option->set)
		return print_raw(s, record, event);
	if (read_fields(event, record, proactive_end_fields, ARRAY_SIZE(v), v))
		return 1;
	print_target(s, v[0], v[1]);
	trace_seq_puts(s, "proactive reclaim got ");
	print_pages(s, event, v[3]);
	trace_seq_puts(s, " of ");
	print_pages(s, event, v[2]);
	trace_seq_puts(s, ", ");
	print_swappiness(s, v[4]);
	trace_seq_puts(s, ", ");
	print_flags(s, v[5]);
	trace_seq_puts(s, ", ");
	print_ret(s, v[6]);
	return 0;
}

static const struct {
	const char *system;
	const char *name;
	tep_event_handler_func handler;
} handlers[] = {
	{ "lru_gen", "lru_gen_aging_begin", aging_begin_handler },
	{ "lru_gen", "lru_gen_aging_end", aging_end_handler },
	{ "lru_gen", "lru_gen_birth", birth_handler },
	{ "lru_gen", "lru_gen_retire", retire_handler },
	{ "lru_gen", "lru_gen_evict", evict_handler },
	{ "vmscan", "mm_vmscan_proactive_reclaim_begin", proactive_begin_handler },
	{ "vmscan", "mm_vmscan_proactive_reclaim_end", proactive_end_handler },
};

/**
 * TEP_PLUGIN_LOADER() - register the plugin's handlers and its option
 * @tep: the trace event parser the plugin is loaded into
 *
 * libtraceevent calls this from tep_load_plugins(). A handler is registered
 * by system and name, so the events need not be parsed yet; an event that
 * never appears costs nothing.
 *
 * Return: 0.
 */
int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(handlers); i++)
		tep_register_event_handler(tep, -1, handlers[i].system,
					   handlers[i].name,
					   handlers[i].handler, NULL);
	tep_plugin_add_options("lru_gen", plugin_options);
	return 0;
}

/**
 * TEP_PLUGIN_UNLOADER() - remove what TEP_PLUGIN_LOADER() registered
 * @tep: the trace event parser the plugin was loaded into
 *
 * libtraceevent calls this from tep_unload_plugins().
 *
 * Return: 0.
 */
int TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(handlers); i++)
		tep_unregister_event_handler(tep, -1, handlers[i].system,
					     handlers[i].name,
					     handlers[i].handler, NULL);
	tep_plugin_remove_options(plugin_options);
	return 0;
}
