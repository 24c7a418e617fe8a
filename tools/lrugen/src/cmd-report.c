// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen report: the pictures of a recording, in one self-contained HTML
 * page (lib/report.c extracts the data; viz/ draws it).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A budget of report_plan() from the environment variable @name (bytes,
 * or with a K or M suffix); @def when unset. -1 when it is bad.
 */
static long long budget_env(const char *name, long long def)
{
	const char *s = getenv(name);
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (errno || end == s || *end || *s == '-' || v > (1ULL << 40))
		return -1;
	return (long long)v;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "report.html", *file, *viz;
	char err[1024] = "", dir[4096], *tmp = NULL;
	struct report_stats st = { 0 };
	struct report *rep = NULL;
	double t = now_s();
	FILE *f = NULL;
	long long budget, ev_budget;
	long size;
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage(stdout, "report");
			return 0;
		default:
			usage(stderr, "report");
			return 2;
		}
	}
	if (optind + 1 != argc || !*out) {
		fprintf(stderr, "lrugen report: %s\n",
			optind >= argc ? "which recording? give its file (lrugen record writes lrugen.dat)" :
			!*out ? "-o needs a file name" : "one recording at a time");
		usage(stderr, "report");
		return 2;
	}
	file = argv[optind];

	/* the assets first: a missing uPlot is found before a long load */
	viz = report_viz_dir(dir, sizeof(dir), err, sizeof(err));
	if (!viz) {
		fprintf(stderr, "lrugen report: %s\n", err);
		return 1;
	}
	budget = budget_env("LRUGEN_REPORT_BUDGET", REPORT_BUDGET);
	if (budget < 0) {
		fprintf(stderr, "lrugen report: LRUGEN_REPORT_BUDGET=%s: give the most bytes of page records, as 3145728, 3072K or 3M\n",
			getenv("LRUGEN_REPORT_BUDGET"));
		return 2;
	}
	ev_budget = budget_env("LRUGEN_REPORT_EVENT_BUDGET", REPORT_EVENT_BUDGET);
	if (ev_budget < 0) {
		fprintf(stderr, "lrugen report: LRUGEN_REPORT_EVENT_BUDGET=%s: give the most bytes of events, as 1048576, 1024K or 1M\n",
			getenv("LRUGEN_REPORT_EVENT_BUDGET"));
		return 2;
	}
	rep = report_build(file, err, sizeof(err));
	if (!rep) {
		fprintf(stderr, "lrugen report: %s\n", err);
		return 1;
	}
	if ((budget != REPORT_BUDGET || ev_budget != REPORT_EVENT_BUDGET) &&
	    report_plan(rep, (size_t)budget, (size_t)ev_budget)) {
		fprintf(stderr, "lrugen report: out of memory\n");
		goto out;
	}
	if (asprintf(&tmp, "%s.tmp", out) < 0) {
		tmp = NULL;
		fprintf(stderr, "lrugen report: out of memory\n");
		goto out;
	}
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "lrugen report: cannot write %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	if (report_write_html(rep, viz, f, err, sizeof(err))) {
		fprintf(stderr, "lrugen report: %s: %s\n", out, err);
		goto out;
	}
	size = ftell(f);
	if (fclose(f)) {
		f = NULL;
		fprintf(stderr, "lrugen report: writing %s: %s\n", tmp, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, out)) {
		fprintf(stderr, "lrugen report: cannot rename %s to %s: %s\n", tmp, out, strerror(errno));
		goto out;
	}
	report_stats(rep, &st);
	printf("lrugen report: %s: %zu %s, %zu lruvecs, %zu generations, %zu events, %.1f KiB in %.2f s\n",
	       out, st.frames, st.frames == 1 ? "frame" : "frames", st.lruvecs, st.bands, st.events,
	       size / 1024.0, now_s() - t);
	if (st.step > 1)
		printf("lrugen report: the generations' pages of all lruvecs but the %d busiest kept at one snapshot in %zu, %.1f KiB\n",
		       REPORT_BUSIEST, st.step, st.pages_bytes / 1024.0);
	if (st.ev_step)
		printf("lrugen report: the evictions of all lruvecs but the %d busiest merged per %zu %s, %zu events in the page, %.1f KiB\n",
		       REPORT_BUSIEST, st.ev_step, st.ev_step == 1 ? "snapshot" : "snapshots",
		       st.events_written, st.events_bytes / 1024.0);
	ret = 0;
out:
	if (f)
		fclose(f);
	if (ret && tmp)
		unlink(tmp);
	free(tmp);
	report_free(rep);
	return ret;
}
