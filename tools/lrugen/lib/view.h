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

/**
 * enum sort_key - what the lruvecs are sorted by
 * @SORT_PATH: memcg tree order, then node
 * @SORT_TOTAL: anon + file pages, most first
 * @SORT_ANON: anon pages, most first
 * @SORT_FILE: file pages, most first
 * @SORT_AGE: the age of the oldest generation, oldest first
 * @SORT_BIRTHS: generations born per minute, most first
 * @SORT_EVICT: pages evicted per second, most first
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
 */
struct view {
	char filter[128];
	enum sort_key sort;
	bool reverse;
	bool tree;
	bool hide_empty;
};

/* per sort key, its name on the command line and in the view */
extern const char *const sort_names[SORT_NR];

size_t view_rows(const struct view *v, const struct lrugen_model *m, size_t *rows);
size_t view_rows_context(const struct view *v, const struct lrugen_model *m, size_t *rows,
			 bool *context);
bool view_is_tree(const struct view *v);

void print_frame(FILE *f, const struct view *v, const struct lrugen_model *m,
		 const char *title, int max_rows, int max_events);
void print_json(FILE *f, const struct lrugen_model *m);
int format_header(const struct lrugen_model *m, char lines[][256], int max);
void format_gens(const struct lrugen_lruvec *l, char *buf, size_t size);

#endif
