/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the lruvec table is ordered and filtered, and what it shows besides
 * the model (lrugen autoreclaim's state), shared by the text frames and
 * the ncurses view.
 */
#ifndef LRUGEN_VIEW_H
#define LRUGEN_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "arstate.h"
#include "model.h"
#include "wss.h"

/**
 * enum sort_key - what the lruvecs are sorted by
 * @SORT_PATH: memcg tree order, then node
 * @SORT_TOTAL: anon + file pages, most first
 * @SORT_ANON: anon pages, most first
 * @SORT_FILE: file pages, most first
 * @SORT_AGE: the age of the oldest generation, oldest first
 * @SORT_BIRTHS: generations born per minute, most first
 * @SORT_EVICT: pages evicted per second, most first
 * @SORT_WS: the working set for WSS_WINDOW_DEFAULT_MS (estimated), most first
 * @SORT_COLD: the memory older than that window (estimated), most first
 * @SORT_NR: how many keys there are
 *
 * Ties are broken by tree order, then node.
 */
enum sort_key {
	SORT_PATH,
	SORT_TOTAL,
	SORT_ANON,
	SORT_FILE,
	SORT_AGE,
	SORT_BIRTHS,
	SORT_EVICT,
	SORT_WS,
	SORT_COLD,
	SORT_NR,
};

/**
 * struct view - which lruvecs are shown, and in what order
 * @filter: only memcgs whose path contains this; "" for all
 * @sort: the key
 * @reverse: the other way round
 * @tree: indent by memcg depth and show names only (in memcg order only,
 *        see view_is_tree())
 * @hide_empty: leave out lruvecs that hold no pages
 * @working_set: print_frame() adds the WS and COLD columns (lrugen top -b
 *               of the live system; a snapshot and a replayed frame keep
 *               the columns they had, which tests compare)
 * @ar: the state of a running lrugen autoreclaim, shown with the rows it
 *      watches (the AR column and a header line); NULL for none. The
 *      reader (arstate_load()) fills it; the view only shows it
 * @ar_warning: why the controller's state file was not shown (it could
 *              not be read, or is malformed), one line; NULL or "" for none
 */
struct view {
	char filter[128];
	enum sort_key sort;
	bool reverse;
	bool tree;
	bool hide_empty;
	bool working_set;
	const struct arstate *ar;
	const char *ar_warning;
};

/* per sort key, its name on the command line and in the view */
extern const char *const sort_names[SORT_NR];

size_t view_rows(const struct view *v, const struct lrugen_model *m, size_t *rows);
size_t view_rows_context(const struct view *v, const struct lrugen_model *m, size_t *rows,
			 bool *context);
bool view_is_tree(const struct view *v);

const struct arstate_lruvec *view_ar_record(const struct arstate *ar,
					    const struct lrugen_lruvec *l, bool *through);
const char *view_ar_cell(const struct arstate *ar, const struct lrugen_lruvec *l, char *buf,
			 size_t size);
/* the most lines view_ar_detail() writes */
#define VIEW_AR_LINES 2
int view_ar_detail(const struct arstate *ar, const struct lrugen_lruvec *l,
		   char lines[VIEW_AR_LINES][256]);
int view_ar_header(const struct view *v, char *buf, size_t size);

void print_frame(FILE *f, const struct view *v, const struct lrugen_model *m,
		 const char *title, int max_rows, int max_events);
void print_json(FILE *f, const struct lrugen_model *m);
int format_header(const struct lrugen_model *m, char lines[][256], int max);
void format_gens(const struct lrugen_lruvec *l, char *buf, size_t size);
void json_str(FILE *f, const char *s);

/**
 * struct wss_row - one lruvec of lrugen wss, and its estimate
 * @l: the lruvec
 * @e: its estimate
 */
struct wss_row {
	const struct lrugen_lruvec *l;
	struct wss_estimate e;
};

/**
 * struct wss_report - what lrugen wss prints
 * @title: the first words of the text's first line
 * @rows: the lruvecs and their estimates, in the order printed
 * @nr: rows in @rows
 * @window_ms: the working-set window
 * @interval_ms: how often a generation was added (-i); 0 for none
 * @duration_ms: for how long (-t)
 * @rounds: rounds of aging done, each a generation added to every lruvec
 * @failed: agings the kernel refused (the memcg went, or max_seq moved on
 *          by itself)
 * @counts_unknown: the source cannot know pages (a recording without
 *                  snapshots): they print as "-" and null
 */
struct wss_report {
	const char *title;
	const struct wss_row *rows;
	size_t nr;
	uint64_t window_ms;
	uint64_t interval_ms;
	uint64_t duration_ms;
	unsigned int rounds;
	unsigned int failed;
	bool counts_unknown;
};

void print_wss(FILE *f, const struct wss_report *r);
void print_wss_json(FILE *f, const struct wss_report *r);

#endif
