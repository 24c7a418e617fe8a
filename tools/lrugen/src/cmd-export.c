// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen export --perfetto: a recording as Chrome/Perfetto trace-event
 * JSON (lib/perfetto.c), written to OUTPUT.tmp and renamed to OUTPUT, so
 * that a failed export leaves no partial file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "perfetto.h"
#include "util.h"

static void summary(const char *out, const struct pf_stats *st, double secs)
{
	fprintf(stderr, "lrugen export: %s: %" PRIu64 " trace events in %.2f s: %" PRIu64
		" snapshots (%" PRIu64 " generation counters), %" PRIu64 " lruvecs, %" PRIu64
		" births, %" PRIu64 " retirements, %" PRIu64 " evictions, %" PRIu64
		" aging walks, %" PRIu64 " proactive requests, %" PRIu64 " kswapd wakes, %" PRIu64
		" direct and %" PRIu64 " node reclaims, %" PRIu64 " cgroup events, %" PRIu64
		" places of lost events\n",
		out, st->events, secs, st->snapshots, st->gen_counters, st->lruvecs, st->births,
		st->retires, st->evicts, st->aging, st->proactive, st->kswapd, st->direct,
		st->node_reclaim, st->cgroups, st->lost);
	if (st->plain)
		fprintf(stderr, "lrugen export: no lrugen snapshots (a plain trace-cmd recording): the events only; no generation counters (pages are unknown): record with lrugen record for them\n");
	if (st->closed)
		fprintf(stderr, "lrugen export: %" PRIu64 " slices began but did not end before the recording did: closed at its end, with \"unfinished\" in their args\n",
			st->closed);
	if (st->dropped)
		fprintf(stderr, "lrugen export: %" PRIu64 " end events had no begin in the recording (it began inside them, or events were lost): left out\n",
			st->dropped);
}

static int export_perfetto(const char *in, const char *out, unsigned int flags)
{
	char err[1024] = "", warn[1024] = "", *tmp = NULL;
	bool to_stdout = !strcmp(out, "-");
	struct pf_data *d;
	struct pf_stats st;
	double t0 = now_s();
	FILE *f = stdout;
	int fd, ret = 1;

	d = pf_collect(in, err, sizeof(err), warn, sizeof(warn));
	if (!d) {
		fprintf(stderr, "lrugen export: %s\n", err);
		return 1;
	}
	if (warn[0])
		fprintf(stderr, "lrugen export: %s\n", warn);
	if (!to_stdout) {
		if (asprintf(&tmp, "%s.tmp", out) < 0) {
			fprintf(stderr, "lrugen export: out of memory\n");
			goto out;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			fprintf(stderr, "lrugen export: cannot write %s: %s: choose another -o\n",
				tmp, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			goto out;
		}
	}
	if (pf_write(d, f, flags, &st, err, sizeof(err))) {
		fprintf(stderr, "lrugen export: %s: %s%s\n", in, err,
			to_stdout ? "" : "; nothing written");
		if (!to_stdout) {
			fclose(f);
			unlink(tmp);
		}
		goto out;
	}
	if (to_stdout) {
		if (fflush(f)) {
			fprintf(stderr, "lrugen export: writing to stdout failed: %s\n", strerror(errno));
			goto out;
		}
	} else if (fflush(f) || fsync(fileno(f)) || fclose(f)) {
		fprintf(stderr, "lrugen export: writing %s failed: %s; nothing written\n", tmp,
			strerror(errno));
		unlink(tmp);
		goto out;
	} else if (rename(tmp, out)) {
		fprintf(stderr, "lrugen export: cannot rename %s to %s: %s\n", tmp, out,
			strerror(errno));
		unlink(tmp);
		goto out;
	}
	summary(out, &st, now_s() - t0);
	ret = 0;
out:
	free(tmp);
	pf_free(d);
	return ret;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "perfetto", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "changes-only", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *in = NULL, *out = "trace.json";
	unsigned int flags = 0;
	int c;

	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'c':
			flags |= PF_CHANGES_ONLY;
			break;
		case 'h':
			usage(stdout, "export");
			return 0;
		default:
			usage(stderr, "export");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lrugen export: unexpected argument '%s'\n", argv[optind]);
		usage(stderr, "export");
		return 2;
	}
	if (!in) {
		fprintf(stderr, "lrugen export: say what to export: --perfetto FILE (a recording of lrugen record or trace-cmd record)\n");
		usage(stderr, "export");
		return 2;
	}
	if (!*out) {
		fprintf(stderr, "lrugen export: -o needs a file name (or - for stdout)\n");
		return 2;
	}
	return export_perfetto(in, out, flags);
}
