// SPDX-License-Identifier: GPL-2.0
/*
 * Drawing the full-screen view: header, table, detail and event panes,
 * help, and the bottom line. Nothing here reads a key or the kernel.
 */
#define _XOPEN_SOURCE_EXTENDED
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "recording.h"
#include "ui.h"
#include "util.h"
#include "wss.h"

/**
 * ui_attr_color() - turn a colour pair on or off for what is drawn next
 * @u: the view
 * @pair: the colour pair, C_TITLE to C_KEY; 0 does nothing
 * @on: on, or off
 *
 * Colour where the terminal has it and the user wants it; without colour,
 * warnings (C_WARN) keep their emphasis in bold, and the rest is plain.
 */
void ui_attr_color(struct ui *u, int pair, bool on)
{
	if (!pair)
		return;
	int a = u->color ? COLOR_PAIR(pair) : pair == C_WARN ? A_BOLD : 0;

	if (!a)
		return;
	if (on)
		attron(a);
	else
		attroff(a);
}

/**
 * ui_put() - draw text, cut at the right edge of the screen
 * @y: the line
 * @x: the column it starts in
 * @s: the text
 *
 * Nothing ever wraps to the next line.
 *
 * Return: the column after the text as drawn (@x if none fits).
 */
int ui_put(int y, int x, const char *s)
{
	int room = COLS - x;

	if (room <= 0)
		return x;
	mvaddnstr(y, x, s, room);
	return x + ((int)strlen(s) < room ? (int)strlen(s) : room);
}

/**
 * ui_putf() - draw formatted text, cut at the right edge of the screen
 * @y: the line
 * @x: the column it starts in
 * @fmt: printf() format; the text is cut at 1023 bytes
 * @...: its arguments
 *
 * Return: the column after the text as drawn, as ui_put() returns it.
 */
int ui_putf(int y, int x, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ui_put(y, x, buf);
}

/*
 * The working-set columns, for the window of lrugen wss's default, and
 * lrugen autoreclaim's state (AR, while a controller runs). ui.h's enum
 * col and struct layout end before them: this file, their only user,
 * extends both, and draws the columns in order[].
 */
enum { COL_WS = COL_NR, COL_COLD, COL_AR, NR_COLS };

struct table_layout {
	bool on[NR_COLS];
	int w[NR_COLS];
	int bar_w;
};

static const int order[] = { COL_NAME, COL_NODE, COL_ID, COL_SEQ, COL_ANON, COL_FILE, COL_WS,
			     COL_COLD, COL_AR, COL_AGE, COL_BIRTH, COL_EVICT, COL_GENS };

static const struct {
	const char *title;
	int w;			/* 0: computed */
	int sort;		/* the sort key it shows, or -1 */
	bool left;
} cols[NR_COLS] = {
	[COL_NAME] = { "MEMCG", 12, SORT_PATH, true },
	[COL_NODE] = { "NODE", 4, -1, false },
	[COL_ID] = { "ID", 5, -1, false },
	[COL_SEQ] = { "SEQ", 11, -1, false },
	[COL_ANON] = { "ANON", 7, SORT_ANON, false },
	[COL_FILE] = { "FILE", 7, SORT_FILE, false },
	[COL_AGE] = { "OLDEST", 7, SORT_AGE, false },
	[COL_BIRTH] = { "BIRTH/m", 8, SORT_BIRTHS, false },
	[COL_EVICT] = { "EVICT/s", 8, SORT_EVICT, false },
	[COL_GENS] = { "GENERATIONS young..old #anon =file", 0, -1, true },
	[COL_WS] = { "WS", 7, SORT_WS, false },
	[COL_COLD] = { "COLD", 7, SORT_COLD, false },
	[COL_AR] = { "AR", 5, -1, false },
};

/*
 * Which columns fit in the terminal's width, most important first: the
 * bars come right after the page counts. What is left widens the names,
 * then the bars. The last column stays empty, so no row can wrap. AR,
 * only while lrugen autoreclaim runs (@ar), comes right after the bars:
 * whoever runs a controller wants to see it.
 */
static void compute_layout(struct table_layout *lo, bool ar)
{
	static const int prio[] = { COL_NAME, COL_NODE, COL_ID, COL_SEQ, COL_ANON, COL_FILE,
				    COL_GENS, COL_AR, COL_AGE, COL_EVICT, COL_BIRTH, COL_WS,
				    COL_COLD };
	int room = COLS - 1, used = 0, spare;
	size_t i;

	memset(lo, 0, sizeof(*lo));
	lo->bar_w = 2;
	for (i = 0; i < ARRAY_SIZE(prio); i++) {
		int c = prio[i];
		int w = c == COL_GENS ? LRUGEN_MAX_GENS * (lo->bar_w + 2) : cols[c].w;

		if (c == COL_AR && !ar)
			continue;
		if (used + w + (used ? 1 : 0) > room)
			continue;
		lo->on[c] = true;
		lo->w[c] = w;
		used += w + (used ? 1 : 0);
	}
	spare = room - used;
	while (spare > 0 && lo->w[COL_NAME] < 24) {
		lo->w[COL_NAME]++;
		spare--;
	}
	while (lo->on[COL_GENS] && spare >= LRUGEN_MAX_GENS && lo->bar_w < 8) {
		lo->bar_w++;
		lo->w[COL_GENS] += LRUGEN_MAX_GENS;
		spare -= LRUGEN_MAX_GENS;
	}
	while (spare > 0 && lo->w[COL_NAME] < 40) {
		lo->w[COL_NAME]++;
		spare--;
	}
}

/* "v" for biggest first, "^" for the other way; arrows on a UTF-8 terminal */
static const char *sort_mark(struct ui *u)
{
	bool down = u->o->view.sort != SORT_PATH;

	if (u->o->view.reverse)
		down = !down;
	if (u->utf8)
		return down ? "\u25bc" : "\u25b2";
	return down ? "v" : "^";
}

static bool sorted_by(struct ui *u, int c)
{
	int k = u->o->view.sort;

	return cols[c].sort == k || (k == SORT_TOTAL && (c == COL_ANON || c == COL_FILE));
}

/* The column titles; the sorted one is marked with its direction. */
static void draw_titles(struct ui *u, const struct table_layout *lo, int y)
{
	size_t i;
	int x = 0;

	ui_attr_color(u, C_HEAD, true);
	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		int c = order[i], len, pad;
		const char *t = cols[c].title;
		bool mark = sorted_by(u, c);

		if (!lo->on[c])
			continue;
		if (c == COL_NAME && view_is_tree(&u->o->view))
			t = "MEMCG (tree)";
		if (c == COL_GENS && (int)strlen(t) > lo->w[c])
			t = lo->w[c] >= 15 ? "GENS young..old" : "GENS";
		/* the mark is one column, whatever its bytes */
		len = (int)strlen(t) + (mark ? 1 : 0);
		pad = lo->w[c] - len;
		if (!cols[c].left && pad > 0)
			x += pad;
		if (mark) {
			attroff(A_REVERSE);
			attron(A_BOLD);
		}
		x = ui_put(y, x, t);
		if (mark) {
			ui_put(y, x, sort_mark(u));
			x++;
			attroff(A_BOLD);
			attron(A_REVERSE);
		}
		if (cols[c].left && pad > 0)
			x += pad;
		x++;
	}
	attroff(A_REVERSE);
	ui_attr_color(u, C_HEAD, false);
}

/* A bar per generation, youngest first: '#' anon, '=' file. */
static int draw_bars(struct ui *u, const struct lrugen_lruvec *l, int y, int x, int width,
		     uint64_t scale)
{
	int i;

	for (i = l->nr_gens - 1; i >= 0 && x + width + 2 <= COLS - 1; i--) {
		const struct lrugen_gen *g = &l->gens[i];
		uint64_t a = g->evicted[LRUGEN_ANON] ? 0 : g->pages[LRUGEN_ANON];
		uint64_t f = g->evicted[LRUGEN_FILE] ? 0 : g->pages[LRUGEN_FILE];
		int na = scale ? (int)((a * width + scale - 1) / scale) : 0;
		int nf = scale ? (int)((f * width + scale - 1) / scale) : 0;
		int k;

		if (na + nf > width) {
			if (na > nf)
				na = width - nf;
			else
				nf = width - na;
		}
		mvaddch(y, x++, '[');
		ui_attr_color(u, C_ANON, true);
		for (k = 0; k < na; k++)
			mvaddch(y, x++, '#');
		ui_attr_color(u, C_ANON, false);
		ui_attr_color(u, C_FILE, true);
		for (k = 0; k < nf; k++)
			mvaddch(y, x++, '=');
		ui_attr_color(u, C_FILE, false);
		for (k = na + nf; k < width; k++)
			mvaddch(y, x++, ' ');
		mvaddch(y, x++, ']');
	}
	return x;
}

static const char *row_name(struct ui *u, const struct lrugen_lruvec *l, char *buf, size_t size)
{
	const char *base;
	char safe[256];

	if (!view_is_tree(&u->o->view))
		return fmt_name(buf, size, l->path);
	base = strrchr(l->path, '/');
	base = base && base[1] ? base + 1 : l->path;
	snprintf(buf, size, "%*s%s", 2 * l->depth, "", fmt_name(safe, sizeof(safe), base));
	return buf;
}

static void draw_row(struct ui *u, const struct table_layout *lo, size_t i, int y, uint64_t scale)
{
	const struct lrugen_lruvec *l = &u->s.model.lruvecs[u->rows[i]];
	uint64_t min = l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1];
	int x = 0, attr = i == u->sel ? A_REVERSE : u->context[i] ? A_DIM : 0;
	char cell[NR_COLS][256];
	struct wss_estimate e;
	size_t k;

	row_name(u, l, cell[COL_NAME], sizeof(cell[COL_NAME]));
	snprintf(cell[COL_NODE], sizeof(cell[0]), "%d", l->nid);
	snprintf(cell[COL_ID], sizeof(cell[0]), "%" PRIu64, l->memcg_id);
	snprintf(cell[COL_SEQ], sizeof(cell[0]), "%" PRIu64 "..%" PRIu64, min, l->max_seq);
	if (u->s.model.counts_unknown) {
		/* a recording of events only: pages and ages were never read */
		snprintf(cell[COL_ANON], sizeof(cell[0]), "-");
		snprintf(cell[COL_FILE], sizeof(cell[0]), "-");
		snprintf(cell[COL_AGE], sizeof(cell[0]), "-");
		snprintf(cell[COL_WS], sizeof(cell[0]), "-");
		snprintf(cell[COL_COLD], sizeof(cell[0]), "-");
	} else {
		fmt_bytes(cell[COL_ANON], sizeof(cell[0]), (double)lruvec_pages(l, LRUGEN_ANON) * u->psize);
		fmt_bytes(cell[COL_FILE], sizeof(cell[0]), (double)lruvec_pages(l, LRUGEN_FILE) * u->psize);
		fmt_ms(cell[COL_AGE], sizeof(cell[0]), lruvec_oldest_ms(l));
		wss_estimate(l, WSS_WINDOW_DEFAULT_MS, &e);
		fmt_bytes(cell[COL_WS], sizeof(cell[0]), (double)wss_sum(e.ws_pages) * u->psize);
		fmt_bytes(cell[COL_COLD], sizeof(cell[0]), (double)wss_sum(e.cold_pages) * u->psize);
	}
	fmt_rate(cell[COL_BIRTH], sizeof(cell[0]), l->births_per_min);
	fmt_rate(cell[COL_EVICT], sizeof(cell[0]), l->evict_per_s);
	view_ar_cell(u->o->view.ar, l, cell[COL_AR], sizeof(cell[0]));

	attron(attr);
	if (attr == A_REVERSE)
		mvhline(y, 0, ' ', COLS - 1);
	for (k = 0; k < ARRAY_SIZE(order); k++) {
		int c = order[k], len, pad;

		if (!lo->on[c])
			continue;
		if (c == COL_GENS) {
			x = draw_bars(u, l, y, x, lo->bar_w, scale);
			break;
		}
		len = (int)strlen(cell[c]);
		/* a name too long for its column ends in '~' */
		if (len > lo->w[c]) {
			cell[c][lo->w[c] - 1] = '~';
			cell[c][lo->w[c]] = 0;
			len = lo->w[c];
		}
		pad = lo->w[c] - len;
		mvaddnstr(y, cols[c].left ? x : x + pad, cell[c], lo->w[c]);
		x += lo->w[c] + 1;
	}
	if (l->partial)
		ui_put(y, x + 1, "partial");
	attroff(attr);
}

static int draw_table(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	struct table_layout lo;
	uint64_t scale = 0;
	size_t i;

	compute_layout(&lo, u->o->view.ar);
	for (i = 0; i < u->nr_rows; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[u->rows[i]];
		int k;

		for (k = 0; k < l->nr_gens; k++) {
			uint64_t t = l->gens[k].pages[0] + l->gens[k].pages[1];

			if (t > scale)
				scale = t;
		}
	}
	draw_titles(u, &lo, y);
	y++;
	height--;

	if (!u->nr_rows) {
		ui_putf(y, 0, "no lruvec matches%s%s", u->o->view.filter[0] ? " the filter " : "",
		     u->o->view.filter);
		return y + 1;
	}
	if (u->sel < u->top)
		u->top = u->sel;
	if (height > 0 && u->sel >= u->top + height)
		u->top = u->sel - height + 1;
	/* rows below that fit again after a resize or a filter */
	if (height > 0 && u->top + height > u->nr_rows)
		u->top = u->nr_rows > (size_t)height ? u->nr_rows - height : 0;
	for (i = u->top; i < u->nr_rows && (int)(i - u->top) < height; i++)
		draw_row(u, &lo, i, y++, scale);
	return y;
}

/*
 * Generations and tiers of the selected lruvec, from lru_gen_full, the
 * working set, and with @ar what lrugen autoreclaim does to it
 */
static int detail_lines(const struct lrugen_lruvec *l, bool ar)
{
	int n = ar ? 3 + VIEW_AR_LINES : 3, i, t;

	for (i = 0; i < l->nr_gens; i++) {
		n++;
		for (t = 0; t < LRUGEN_NR_TYPES; t++)
			if (l->gens[i].has_tiers[t]) {
				n += LRUGEN_MAX_TIERS;
				break;
			}
	}
	return n;
}

/*
 * The working set and cold memory for lrugen wss's default window, and
 * the age bins they come from, on one line
 */
static void draw_wss_line(const struct lrugen_lruvec *l, long psize, int y)
{
	char win[16], ws[16], cold[16], unc[16], line[512], lo[16], hi[16], sz[16];
	struct wss_estimate e;
	size_t len;
	int k;

	wss_estimate(l, WSS_WINDOW_DEFAULT_MS, &e);
	len = snprintf(line, sizeof(line), "window %s: WS %s, COLD %s, uncertain %s; age bins:",
		       fmt_ms(win, sizeof(win), e.window_ms),
		       fmt_bytes(ws, sizeof(ws), (double)wss_sum(e.ws_pages) * psize),
		       fmt_bytes(cold, sizeof(cold), (double)wss_sum(e.cold_pages) * psize),
		       fmt_bytes(unc, sizeof(unc), (double)wss_sum(e.uncertain_pages) * psize));
	for (k = 0; k < e.nr_bins && len < sizeof(line); k++) {
		const struct wss_bin *b = &e.bins[k];

		fmt_ms(lo, sizeof(lo), b->age_lo_ms);
		if (b->age_hi_ms == WSS_AGE_OPEN)
			snprintf(hi, sizeof(hi), "+");
		else
			snprintf(hi, sizeof(hi), "-%s", fmt_ms(sz, sizeof(sz), b->age_hi_ms));
		len += snprintf(line + len, sizeof(line) - len, " %s%s:%s", lo, hi,
				fmt_bytes(sz, sizeof(sz), (double)wss_sum(b->pages) * psize));
	}
	ui_put(y, 0, line);
}

/*
 * @unknown: the source cannot know pages and ages (model's counts_unknown)
 * @psize: the page size, for the working-set line
 * @ar: lrugen autoreclaim's state, for its line; NULL for none
 */
static int draw_detail(const struct lrugen_lruvec *l, bool unknown, long psize,
		       const struct arstate *ar, int y)
{
	char lines[VIEW_AR_LINES][256];
	char name[256];
	int i, tier, n;

	attron(A_BOLD);
	ui_putf(y++, 0, "%s node%d (memcg %" PRIu64 "): min_seq anon %" PRIu64 " file %" PRIu64
		 ", max_seq %" PRIu64 "%s", fmt_name(name, sizeof(name), l->path), l->nid, l->memcg_id, l->min_seq[0],
		 l->min_seq[1], l->max_seq, l->partial ? "  (partial input)" : "");
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	ui_putf(y++, 0, "%10s %8s %9s %9s  %4s  %-30s %-30s", "SEQ", "AGE", "ANON", "FILE", "TIER",
		 "anon refaulted/evicted/protected", "file refaulted/evicted/protected");
	attroff(A_UNDERLINE);
	for (i = l->nr_gens - 1; i >= 0; i--) {
		const struct lrugen_gen *g = &l->gens[i];
		char age[16], a[16], f[16];

		if (unknown) {
			snprintf(a, sizeof(a), "-%s", g->evicted[0] ? "x" : "");
			snprintf(f, sizeof(f), "-%s", g->evicted[1] ? "x" : "");
			snprintf(age, sizeof(age), "-");
		} else {
			snprintf(a, sizeof(a), "%" PRIu64 "%s", g->pages[0], g->evicted[0] ? "x" : "");
			snprintf(f, sizeof(f), "%" PRIu64 "%s", g->pages[1], g->evicted[1] ? "x" : "");
			fmt_ms(age, sizeof(age), g->age_ms);
		}
		ui_putf(y++, 0, "%10" PRIu64 " %8s %9s %9s", g->seq, age, a, f);
		if (!g->has_tiers[0] && !g->has_tiers[1])
			continue;
		for (tier = 0; tier < LRUGEN_MAX_TIERS; tier++) {
			char cell[2][40];
			int t;

			for (t = 0; t < LRUGEN_NR_TYPES; t++) {
				const struct lrugen_tier_stats *s = &l->tier[t][tier];

				if (g->has_tiers[t])
					snprintf(cell[t], sizeof(cell[t]), "%" PRIu64 "/%" PRIu64 "/%" PRIu64,
						 s->refaulted, s->evicted, s->protected);
				else
					snprintf(cell[t], sizeof(cell[t]), "-");
			}
			ui_putf(y++, 0, "%10s %8s %9s %9s  %4d  %-30s %-30s", "", "", "", "", tier,
				 cell[0], cell[1]);
				}
	}
	if (unknown)
		ui_put(y++, 0, "working set: - (no pages or ages in this recording)");
	else
		draw_wss_line(l, psize, y++);
	n = view_ar_detail(ar, l, lines);
	for (i = 0; i < n; i++)
		ui_put(y++, 0, lines[i]);
	return y;
}

static int draw_events(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	int i;

	attron(A_UNDERLINE);
	ui_putf(y++, 0, "latest events (%" PRIu64 " lost by the ring buffer)", m->ev_lost);
	attroff(A_UNDERLINE);
	for (i = 0; i < height - 1; i++) {
		const struct lrugen_event *e = model_log_get(m, i);
		char buf[200];

		if (!e)
			break;
		model_format_event(e, buf, sizeof(buf));
		ui_put(y++, 0, buf);
		}
	return y;
}

/* at most 59 columns a line: the narrowest terminal shows it whole */
static const char *const help_text[] = {
	"lrugen top: the generations of every memcg on every node",
	"",
	"  q  F10      quit (the tracefs instance is removed)",
	"  h ?  F1     this help",
	"  space       pause or resume refreshing",
	"  Ctrl-L      redraw the whole screen",
	"",
	"  up down j k    move one row",
	"  PgUp PgDn      move half a screen",
	"  Home g End G   first or last row",
	"  Enter       generations and tiers of the selected row",
	"  e           show or hide the event pane",
	"",
	"  s  S        next sort key; reverse the order",
	"  F6          choose the sort key from a list",
	"  t  F5       tree (in memcg order) or flat view",
	"  /  F3       search: the selection jumps to the first",
	"              path that contains the text, as it is",
	"              typed; Enter keeps it, Esc goes back",
	"  n  N        next or previous match of that search",
	"  \\  F4       filter: only paths that contain the text,",
	"              as it is typed; Enter keeps it (empty:",
	"              none), Esc restores the old one. A",
	"              filtered tree also shows, dimmed, the",
	"              ancestors of each match",
	"  i           hide or show lruvecs without pages",
	"  d           set the delay between refreshes",
	"",
	"  r           reclaim from [n] the node, [m] the memcg",
	"              on the node or [a] the memcg everywhere,",
	"              then a request: 64M swappiness=max, or",
	"              32M flags=clean",
	"  a           age the selected lruvec [+], or evict its",
	"              oldest generation [-]",
	"              Each action asks first ([y/N], one key);",
	"              its result stays until the next key",
	"",
	"Replaying a recording (lrugen top --replay FILE):",
	"  space       play or pause; at the end, play again",
	"  . Right     one snapshot forward (and pause)",
	"  , Left      one snapshot back (and pause)",
	"  + -         faster or slower: x0.25 to x64",
	"  J           jump to a time, in seconds since the start",
	"  < >         the first or the last snapshot",
	"  r a d       nothing: a recording cannot be changed",
	"",
	"The sorted column is marked with its direction.",
	"SEQ: min_seq..max_seq. WS, COLD: the working set and",
	"the cold memory for a 2m window, estimated from the",
	"generations' ages as lrugen wss does (Enter shows the",
	"age bins). OLDEST: age of the oldest generation that",
	"holds pages. BIRTH/m: generations born per minute.",
	"EVICT/s: pages evicted per second. AR, while lrugen",
	"autoreclaim runs: what it did to the lruvec last period",
	"(recl, dry, back: backing off, idle, wait: bins too",
	"young, gone, err); '^' when it reaches the lruvec",
	"through the memcg it was given, an ancestor. Enter",
	"says why, and what it reclaimed.",
	"Bars: a generation each, youngest first; '#' anon and",
	"'=' file pages, scaled to the biggest one on screen.",
	"Narrow terminals drop COLD, WS, BIRTH/m, EVICT/s,",
	"OLDEST and AR first, and keep the bars.",
};

#define HELP_LINES ((int)ARRAY_SIZE(help_text))

static void draw_help(struct ui *u)
{
	int h = LINES - 1, i;

	if (u->help_top > HELP_LINES - h)
		u->help_top = HELP_LINES - h;
	if (u->help_top < 0)
		u->help_top = 0;
	for (i = 0; i < h && u->help_top + i < HELP_LINES; i++)
		ui_put(i, 0, help_text[u->help_top + i]);
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	ui_putf(LINES - 1, 0, "help: lines %d-%d of %d; up/down PgUp/PgDn scroll, q or Esc closes",
	     u->help_top + 1, u->help_top + i, HELP_LINES);
	attroff(A_REVERSE);
}

/**
 * ui_help_key() - a key pressed while the help is open
 * @u: the view
 * @ch: the key, as getch() returns it
 *
 * The arrows, j and k, PgUp, PgDn and space, Home, End, g and G scroll
 * the help; a resize and Ctrl-L keep it open.
 *
 * Return: true if the key was one of those; false for any other, which
 * closes the help.
 */
bool ui_help_key(struct ui *u, int ch)
{
	int page = LINES - 2 > 1 ? LINES - 2 : 1;

	switch (ch) {
	case KEY_UP:
	case 'k':
		u->help_top--;
		break;
	case KEY_DOWN:
	case 'j':
		u->help_top++;
		break;
	case KEY_PPAGE:
		u->help_top -= page;
		break;
	case KEY_NPAGE:
	case ' ':
		u->help_top += page;
		break;
	case KEY_HOME:
	case 'g':
		u->help_top = 0;
		break;
	case KEY_END:
	case 'G':
		u->help_top = HELP_LINES;
		break;
	case KEY_RESIZE:
	case 12:
		break;
	default:
		return false;
	}
	return true;
}

/* the bottom line without a message: keys, htop's way */
static void draw_keys_bar(struct ui *u)
{
	static const char *const keys[][2] = {
		{ "F1", "Help" }, { "F3", "Search" }, { "F4", "Filter" }, { "F5", "Tree" },
		{ "F6", "SortBy" }, { "Enter", "Details" }, { "r", "Reclaim" }, { "a", "Age" },
		{ "Spc", "Pause" }, { "F10", "Quit" },
	};
	/* a replay cannot act; it moves in time instead */
	static const char *const replay_keys[][2] = {
		{ "F1", "Help" }, { "Spc", "Play" }, { ",.", "Step" }, { "+-", "Speed" },
		{ "J", "Jump" }, { "F3", "Search" }, { "F4", "Filter" }, { "F5", "Tree" },
		{ "F6", "SortBy" }, { "F10", "Quit" },
	};
	const char *const (*bar)[2] = u->s.replay ? replay_keys : keys;
	size_t nr = u->s.replay ? ARRAY_SIZE(replay_keys) : ARRAY_SIZE(keys);
	int x = 0;
	size_t i;

	for (i = 0; i < nr && x < COLS - 1; i++) {
		attron(A_BOLD);
		x = ui_put(LINES - 1, x, bar[i][0]);
		attroff(A_BOLD);
		attron(u->color ? COLOR_PAIR(C_KEY) : A_REVERSE);
		x = ui_put(LINES - 1, x, bar[i][1]);
		attroff(u->color ? COLOR_PAIR(C_KEY) : A_REVERSE);
		x = ui_put(LINES - 1, x, " ");
	}
}

/*
 * Cut @text into lines of at most @width columns, at spaces where it can.
 * Returns how many, at most @max.
 */
static int wrap(const char *text, int width, int max, const char **start, int *len)
{
	int n = 0, l = (int)strlen(text);

	if (width < 1)
		return 0;
	while (l > 0 && n < max) {
		int take = l;

		if (take > width) {
			take = width;
			while (take > width / 2 && text[take] != ' ')
				take--;
			if (text[take] != ' ')
				take = width;
		}
		start[n] = text;
		len[n++] = take;
		text += take;
		l -= take;
		while (*text == ' ')
			text++, l--;
	}
	return n;
}

/*
 * A replay's title: the recording's clock and length, the snapshot shown,
 * its local time when the recording says when it began, the speed and
 * whether it plays; then a line naming the recording, with
 * what it lacks in the warning colour.
 */
static int draw_replay_title(struct ui *u, int y, size_t shown, const char *ancestors)
{
	struct replay *rp = u->s.replay;
	long pos = replay_pos(rp);
	char now[32], len[32], wall[40];
	const char *at = replay_wall_clock(rp, pos, wall, sizeof(wall));
	const char *state = pos >= 0 && replay_at_end(rp) ? "ended" : u->paused ? "paused" : "playing";
	int x;

	snprintf(len, sizeof(len), "%02llu:%02llu:%02llu", (unsigned long long)replay_length(rp) / 3600,
		 (unsigned long long)replay_length(rp) / 60 % 60,
		 (unsigned long long)replay_length(rp) % 60);
	ui_putf(y++, 0, "lrugen %s of %s  %s %ld of %zu%s%s  x%g %s  sort %s%s  %s%s%s  %zu lruvecs%s",
		replay_clock(rp, pos, now, sizeof(now)), len,
		replay_is_plain(rp) ? "frame" : "snapshot", pos + 1, replay_count(rp),
		at ? "  " : "", at ? at : "", u->speed, state,
		sort_names[u->o->view.sort], u->o->view.reverse ? " (reversed)" : "",
		view_is_tree(&u->o->view) ? "tree" : "flat", u->o->view.filter[0] ? "  filter " : "",
		u->o->view.filter, shown, ancestors);
	attroff(A_BOLD);
	ui_attr_color(u, C_TITLE, false);
	x = ui_putf(y, 0, "replay of %s%s%s%s", replay_file(rp), replay_host(rp) ? ", recorded on " : "",
		    replay_host(rp) ? replay_host(rp) : "", replay_notice(rp)[0] ? ": " : "");
	ui_attr_color(u, C_WARN, true);
	ui_put(y++, x, replay_notice(rp));
	ui_attr_color(u, C_WARN, false);
	ui_attr_color(u, C_TITLE, true);
	attron(A_BOLD);
	return y;
}

/**
 * ui_draw() - draw the whole screen from the model
 * @u: the view
 *
 * The title and header lines, the table, and, as room allows, the detail
 * pane, the event pane and the message or key bar at the bottom; or the
 * help, or a note that the terminal is too small (under MIN_COLS x
 * MIN_LINES). It reads no key, and nothing from the kernel.
 */
void ui_draw(struct ui *u)
{
	struct lrugen_model *m = &u->s.model;
	char lines[LRUGEN_MAX_NODES + 2][256], t[32], ar_line[512];
	const struct lrugen_lruvec *l = ui_selected(u);
	const char *msg[MSG_LINES];
	int msg_len[MSG_LINES];
	time_t now = time(NULL);
	int n, i, y = 0, table_h, ev_h = 0, det_h = 0, msg_h = 1;
	size_t shown = 0;
	char ancestors[48] = "";
	struct tm tm;

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		/* two short lines: the reason must fit a narrow terminal too */
		ui_put(0, 0, "terminal too small");
		ui_putf(1, 0, "%dx%d, need %dx%d", COLS, LINES, MIN_COLS, MIN_LINES);
		refresh();
		return;
	}
	if (u->help) {
		draw_help(u);
		refresh();
		return;
	}
	localtime_r(&now, &tm);
	strftime(t, sizeof(t), "%H:%M:%S", &tm);
	for (i = 0; i < (int)u->nr_rows; i++)
		shown += !u->context[i];
	if (shown < u->nr_rows)
		snprintf(ancestors, sizeof(ancestors), " (+%zu ancestors)", u->nr_rows - shown);
	ui_attr_color(u, C_TITLE, true);
	attron(A_BOLD);
	if (u->s.replay)
		y = draw_replay_title(u, y, shown, ancestors);
	else
		ui_putf(y++, 0, "lrugen %s  delay %.1fs  sort %s%s  %s%s%s  %zu lruvecs%s%s", t, u->o->delay,
			sort_names[u->o->view.sort], u->o->view.reverse ? " (reversed)" : "",
			view_is_tree(&u->o->view) ? "tree" : "flat", u->o->view.filter[0] ? "  filter " : "",
			u->o->view.filter, shown, ancestors, u->paused ? "  PAUSED" : "");
	attroff(A_BOLD);
	ui_attr_color(u, C_TITLE, false);
	n = format_header(m, lines, LRUGEN_MAX_NODES + 2);
	for (i = 0; i < n && y < LINES - 6; i++) {
		bool warn = i == n - 1 && !m->events_live;

		ui_attr_color(u, C_WARN, warn);
		ui_put(y++, 0, lines[i]);
		ui_attr_color(u, C_WARN, false);
	}
	/* lrugen autoreclaim, while it runs, or why its state is not shown */
	i = view_ar_header(&u->o->view, ar_line, sizeof(ar_line));
	if (i && y < LINES - 6) {
		ui_attr_color(u, C_WARN, i == 2);
		ui_put(y++, 0, ar_line);
		ui_attr_color(u, C_WARN, false);
	}

	/* a result takes the lines it needs, leaving the table a few */
	if (u->message[0]) {
		int max = LINES - y - 4 < MSG_LINES ? LINES - y - 4 : MSG_LINES;

		msg_h = wrap(u->message, COLS - 1, max, msg, msg_len);
		if (msg_h < 1)
			msg_h = 1;
	}
	/* what is left: table, then detail, then events, then the message */
	table_h = LINES - y - msg_h;
	if (u->detail && l) {
		det_h = detail_lines(l, u->o->view.ar);
		if (det_h > table_h - 4)
			det_h = 0;
		table_h -= det_h;
	}
	/* with events off the header says so once; no pane to say it again */
	if (u->events && m->events_live) {
		/* a third of the room, or all the table does not need */
		int spare = table_h - (int)u->nr_rows - 1;

		ev_h = table_h / 3;
		if (ev_h > 10)
			ev_h = 10;
		if (spare > ev_h)
			ev_h = spare > 30 ? 30 : spare;
		if (ev_h < 3)
			ev_h = 0;
		table_h -= ev_h;
	}
	draw_table(u, y, table_h);
	y = LINES - msg_h - det_h - ev_h;
	if (det_h)
		draw_detail(l, m->counts_unknown, u->psize, u->o->view.ar, y);
	if (ev_h)
		draw_events(u, LINES - msg_h - ev_h, ev_h);

	if (u->message[0]) {
		ui_attr_color(u, u->message_color, true);
		for (i = 0; i < msg_h; i++)
			mvaddnstr(LINES - msg_h + i, 0, msg[i], msg_len[i]);
		ui_attr_color(u, u->message_color, false);
	} else {
		draw_keys_bar(u);
	}
	refresh();
}
