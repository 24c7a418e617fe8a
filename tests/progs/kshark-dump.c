// SPDX-License-Identifier: GPL-2.0
/*
 * kshark-dump: load a trace.dat as KernelShark does (libkshark, every
 * buffer of the file as a stream of its own) and print one line per entry:
 *
 *   STREAM TS CPU EVENT: INFO
 *
 * STREAM is the buffer's name ("top" for the top instance), TS the time in
 * nanoseconds, EVENT "system/name" and INFO what KernelShark's list shows
 * in its Info column: the text the event's print format or a libtraceevent
 * plugin makes. The tests compare it with what trace-cmd report prints, so
 * that a recording is known to open in KernelShark without a display.
 *
 *   kshark-dump FILE [EVENT-SUBSTRING]
 *
 * Exit status: 0, or 1 when the file does not open or holds no entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libkshark.h>
#include <libkshark-tepdata.h>

int main(int argc, char **argv)
{
	struct kshark_context *ctx = NULL;
	struct kshark_entry **rows = NULL;
	const char *match;
	ssize_t n, i;
	int sd, nr_streams;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: kshark-dump FILE [EVENT-SUBSTRING]\n");
		return 2;
	}
	match = argc == 3 ? argv[2] : NULL;
	if (!kshark_instance(&ctx)) {
		fprintf(stderr, "kshark-dump: cannot make a KernelShark session\n");
		return 1;
	}
	sd = kshark_open(ctx, argv[1]);
	if (sd < 0) {
		fprintf(stderr, "kshark-dump: KernelShark cannot open %s (%d)\n", argv[1], sd);
		kshark_free(ctx);
		return 1;
	}
	/* the instances' buffers, as KernelShark's "Append Trace File" offers them */
	if (kshark_tep_init_all_buffers(ctx, sd) < 0) {
		fprintf(stderr, "kshark-dump: cannot open the buffers of %s\n", argv[1]);
		kshark_close_all(ctx);
		kshark_free(ctx);
		return 1;
	}
	nr_streams = ctx->n_streams;
	n = kshark_load_all_entries(ctx, &rows);
	if (n <= 0) {
		fprintf(stderr, "kshark-dump: no entries in %s (%zd)\n", argv[1], n);
		free(rows);
		kshark_close_all(ctx);
		kshark_free(ctx);
		return 1;
	}
	fprintf(stderr, "kshark-dump: %s: %d streams, %zd entries\n", argv[1], nr_streams, n);
	for (i = 0; i < n; i++) {
		struct kshark_entry *e = rows[i];
		struct kshark_data_stream *s = kshark_get_stream_from_entry(e);
		char *name = kshark_get_event_name(e);
		char *info;

		if (name && (!match || strstr(name, match))) {
			info = kshark_get_info(e);
			printf("%s %lld %d %s: %s\n",
			       s && s->name && s->name[0] && !kshark_tep_is_top_stream(s) ? s->name : "top",
			       (long long)e->ts, e->cpu, name, info ? info : "");
			free(info);
		}
		free(name);
		free(e);
	}
	free(rows);
	kshark_close_all(ctx);
	kshark_free(ctx);
	return 0;
}
