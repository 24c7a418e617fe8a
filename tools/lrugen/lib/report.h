/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lrugen report: the data of a recording's pictures, extracted through the
 * replay (the model at each snapshot) and the loaded events, written as one
 * compact JSON block, and the self-contained HTML page that carries it with
 * the drawing code of viz/ (Documentation/guide/report.rst has the schema).
 */
#ifndef LRUGEN_REPORT_H
#define LRUGEN_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* the version of the JSON data block; bump it when its meaning changes */
#define REPORT_SCHEMA	3

/* the lruvecs that keep every snapshot whatever the budget, and the small multiples */
#define REPORT_BUSIEST	12

/*
 * The most characters the lruvecs' page records take in the page by
 * default: with the rest of the data and the drawing code, a page of 1,000
 * busy lruvecs for 10 minutes stays under 5 MiB (report_plan()).
 */
#define REPORT_BUDGET	(3u << 20)
/* and the events': past it the evictions of all but the busiest are merged */
#define REPORT_EVENT_BUDGET	(1u << 20)

struct report;

/**
 * struct report_stats - what a report holds, for the command to print
 * @frames: snapshots (or a plain recording's seconds)
 * @lruvecs: lruvecs seen in any of them
 * @bands: generations seen (one band each in the timeline)
 * @changes: page-count records written (a generation's pages that changed)
 * @events: events written
 * @json_bytes: size of the data block
 * @step: the lruvecs but the busiest keep every step-th snapshot's pages
 * @pages_bytes: what the page records of the lruvecs take in the page
 * @ev_step: the evictions of all but the busiest merged per this many
 *	frames (0: none merged)
 * @events_bytes: what the events take in the page
 * @events_written: the events in the page, merged ones counted once
 */
struct report_stats {
	size_t frames;
	size_t lruvecs;
	size_t bands;
	size_t changes;
	size_t events;
	size_t json_bytes;
	size_t step;
	size_t pages_bytes;
	size_t ev_step;
	size_t events_bytes;
	size_t events_written;
};

struct report *report_build(const char *file, char *err, size_t errlen);
void report_free(struct report *rep);
int report_plan(struct report *rep, size_t budget, size_t ev_budget);
void report_stats(const struct report *rep, struct report_stats *st);
int report_write_json(const struct report *rep, FILE *f);

const char *report_viz_dir(char *buf, size_t size, char *err, size_t errlen);
int report_write_html(const struct report *rep, const char *viz_dir, FILE *f,
		      char *err, size_t errlen);

#endif
