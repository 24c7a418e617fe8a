/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_H
#define LRUGEN_H

#include "view.h"

struct top_opts {
	struct view view;
	double delay;		/* seconds between refreshes */
	long iterations;	/* -n: 0 for no limit */
	bool batch;
	bool events;
	bool mono;		/* -C: no colour */
};

int run_ui(struct top_opts *o);

#endif
