/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the lruvec table is ordered and filtered, shared by the text frames
 * and the ncurses view.
 */
#ifndef LRUGEN_VIEW_H
#define LRUGEN_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

enum sort_key {
	SORT_PATH,		/* memcg tree order, then node */
	SORT_TOTAL,		/* anon + file pages */
	SORT_ANON,
	SORT_FILE,
	SORT_AGE,		/* oldest generation */
	SORT_BIRTHS,
	SORT_EVICT,
	SORT_NR,
};

struct view {
	char filter[128];	/* substring of the memcg path; "" for all */
	enum sort_key sort;
	bool reverse;
	bool tree;		/* indent by memcg depth, show names only */
	bool hide_empty;	/* leave out lruvecs without pages */
};

extern const char *const sort_names[SORT_NR];

/*
 * Fill @rows with the indexes of the lruvecs to show, in order. Returns
 * how many; @rows must hold m->nr_lruvecs entries.
 */
size_t view_rows(const struct view *v, const struct lrugen_model *m, size_t *rows);

/*
 * The same, and when a filter is set in the tree, also the ancestors of
 * each match on the same node, with context[k] set for such a row. Both
 * arrays must hold m->nr_lruvecs entries.
 */
size_t view_rows_context(const struct view *v, const struct lrugen_model *m, size_t *rows,
			 bool *context);

/* the tree is drawn only in memcg order */
bool view_is_tree(const struct view *v);

/* Text output, for -b frames and snapshot */
void print_frame(FILE *f, const struct view *v, const struct lrugen_model *m,
		 const char *title, int max_rows, int max_events);
void print_json(FILE *f, const struct lrugen_model *m);

/* the header lines, shared by both views; returns how many were written */
int format_header(const struct lrugen_model *m, char lines[][256], int max);
/* the generations of one lruvec, youngest first, as "anon/file" pages */
void format_gens(const struct lrugen_lruvec *l, char *buf, size_t size);

#endif
