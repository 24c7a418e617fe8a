// SPDX-License-Identifier: GPL-2.0
/*
 * The full-screen view. It only draws the model and turns keys into
 * actions; the session fills the model. getch() with a timeout is the
 * timer: the model is refreshed once the delay has passed, and keys are
 * served in between.
 */
#define _XOPEN_SOURCE_EXTENDED
#include <ctype.h>
#include <curses.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "lrugen.h"
#include "parse.h"
#include "session.h"
#include "util.h"

#define MIN_COLS 60
#define MIN_LINES 12

enum { C_TITLE = 1, C_ANON, C_FILE, C_HEAD, C_WARN, C_OK, C_KEY };

/* the table's columns, in the order they are drawn */
enum col { COL_NAME, COL_NODE, COL_ID, COL_SEQ, COL_ANON, COL_FILE, COL_AGE, COL_BIRTH,
	   COL_EVICT, COL_GENS, COL_NR };

struct layout {
	bool on[COL_NR];
	int w[COL_NR];
	int bar_w;		/* inside the brackets of one generation's bar */
};

/* at most this many lines for a result (2400 bytes at 60 columns) */
#define MSG_LINES 40

struct ui {
	struct top_opts *o;
	struct session s;
	size_t *rows;
	bool *context;		/* rows shown as ancestors of a filtered tree */
	size_t nr_rows;
	size_t sel;		/* index into rows */
	size_t top;		/* first row shown */
	char sel_path[512];	/* the selection survives refreshes by path/node */
	int sel_nid;
	uint64_t sel_id;
	bool paused;
	bool detail;
	bool events;
	bool help;
	int help_top;
	bool color;
	bool utf8;
	char search[128];	/* the last / text, for n and N */
	char message[2400];
	int message_color;
	long psize;
};

static struct termios saved_tty;
static bool saved_tty_ok;
/* what endwin() would send, from terminfo, for a signal handler to write */
static char reset_seq[256];
static size_t reset_len;

static void add_reset(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n + 2 < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* at start, once the terminal is known: attributes off, cursor on, main screen */
static void prepare_reset(void)
{
	reset_len = 0;
	add_reset("sgr0");
	add_reset("cnorm");
	add_reset("rmcup");
	memcpy(reset_seq + reset_len, "\r\n", 2);
	reset_len += 2;
}

static void restore_terminal(void)
{
	if (saved_tty_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	(void)!write(STDOUT_FILENO, reset_seq, reset_len);
}

static const struct lrugen_lruvec *selected(struct ui *u)
{
	if (!u->nr_rows)
		return NULL;
	return &u->s.model.lruvecs[u->rows[u->sel]];
}

static void remember_selection(struct ui *u)
{
	const struct lrugen_lruvec *l = selected(u);

	if (!l)
		return;
	snprintf(u->sel_path, sizeof(u->sel_path), "%s", l->path);
	u->sel_nid = l->nid;
	u->sel_id = l->memcg_id;
}

/* Recompute the rows after a refresh, a sort or a filter change. */
static void relayout(struct ui *u)
{
	struct lrugen_model *m = &u->s.model;
	size_t i, *rows;
	bool *context;
	int pass;

	rows = realloc(u->rows, (m->nr_lruvecs + 1) * sizeof(*rows));
	if (!rows)
		return;
	u->rows = rows;
	context = realloc(u->context, (m->nr_lruvecs + 1) * sizeof(*context));
	if (!context)
		return;
	u->context = context;
	u->nr_rows = view_rows_context(&u->o->view, m, u->rows, u->context);
	/* the same memcg by id and path; else the same path (a new memcg) */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < u->nr_rows; i++) {
			const struct lrugen_lruvec *l = &m->lruvecs[u->rows[i]];

			if (l->nid == u->sel_nid && !strcmp(l->path, u->sel_path) &&
			    (pass || l->memcg_id == u->sel_id)) {
				u->sel = i;
				return;
			}
		}
	}
	/* the selected memcg vanished: stay at the same place */
	if (u->sel >= u->nr_rows)
		u->sel = u->nr_rows ? u->nr_rows - 1 : 0;
	remember_selection(u);
}

static void set_message(struct ui *u, int color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_message(struct ui *u, int color, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->message, sizeof(u->message), fmt, ap);
	va_end(ap);
	u->message_color = color;
}

static int refresh_model(struct ui *u)
{
	int ret = session_refresh(&u->s);

	if (ret < 0) {
		set_message(u, C_WARN, "refresh failed: %s", u->s.error);
		return -1;
	}
	/* a bad read keeps the last good model and says so; the view goes on */
	if (ret > 0)
		set_message(u, C_WARN, "%s", u->s.warning);
	relayout(u);
	return 0;
}

/*
 * Colour where the terminal has it and the user wants it; without colour,
 * warnings keep their emphasis in bold.
 */
static void attr_color(struct ui *u, int pair, bool on)
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

/*
 * Text at (y, x), cut at the right edge: nothing ever wraps to the next
 * line. Returns the column after it.
 */
static int put(int y, int x, const char *s)
{
	int room = COLS - x;

	if (room <= 0)
		return x;
	mvaddnstr(y, x, s, room);
	return x + ((int)strlen(s) < room ? (int)strlen(s) : room);
}

static int putf(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int putf(int y, int x, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return put(y, x, buf);
}

static const struct {
	const char *title;
	int w;			/* 0: computed */
	int sort;		/* the sort key it shows, or -1 */
	bool left;
} cols[COL_NR] = {
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
};

/*
 * Which columns fit in the terminal's width, most important first: the
 * bars come right after the page counts. What is left widens the names,
 * then the bars. The last column stays empty, so no row can wrap.
 */
static void compute_layout(struct layout *lo)
{
	static const enum col prio[] = { COL_NAME, COL_NODE, COL_ID, COL_SEQ, COL_ANON, COL_FILE,
					 COL_GENS, COL_AGE, COL_EVICT, COL_BIRTH };
	int room = COLS - 1, used = 0, spare;
	size_t i;

	memset(lo, 0, sizeof(*lo));
	lo->bar_w = 2;
	for (i = 0; i < ARRAY_SIZE(prio); i++) {
		enum col c = prio[i];
		int w = c == COL_GENS ? LRUGEN_MAX_GENS * (lo->bar_w + 2) : cols[c].w;

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

static bool sorted_by(struct ui *u, enum col c)
{
	int k = u->o->view.sort;

	return cols[c].sort == k || (k == SORT_TOTAL && (c == COL_ANON || c == COL_FILE));
}

/* The column titles; the sorted one is marked with its direction. */
static void draw_titles(struct ui *u, const struct layout *lo, int y)
{
	int x = 0, c;

	attr_color(u, C_HEAD, true);
	attron(A_REVERSE);
	mvhline(y, 0, ' ', COLS);
	for (c = 0; c < COL_NR; c++) {
		const char *t = cols[c].title;
		bool mark = sorted_by(u, c);
		int len, pad;

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
		x = put(y, x, t);
		if (mark) {
			put(y, x, sort_mark(u));
			x++;
			attroff(A_BOLD);
			attron(A_REVERSE);
		}
		if (cols[c].left && pad > 0)
			x += pad;
		x++;
	}
	attroff(A_REVERSE);
	attr_color(u, C_HEAD, false);
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
		attr_color(u, C_ANON, true);
		for (k = 0; k < na; k++)
			mvaddch(y, x++, '#');
		attr_color(u, C_ANON, false);
		attr_color(u, C_FILE, true);
		for (k = 0; k < nf; k++)
			mvaddch(y, x++, '=');
		attr_color(u, C_FILE, false);
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

static void draw_row(struct ui *u, const struct layout *lo, size_t i, int y, uint64_t scale)
{
	const struct lrugen_lruvec *l = &u->s.model.lruvecs[u->rows[i]];
	char cell[COL_NR][256];
	uint64_t min = l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1];
	int x = 0, c, attr = i == u->sel ? A_REVERSE : u->context[i] ? A_DIM : 0;

	row_name(u, l, cell[COL_NAME], sizeof(cell[COL_NAME]));
	snprintf(cell[COL_NODE], sizeof(cell[0]), "%d", l->nid);
	snprintf(cell[COL_ID], sizeof(cell[0]), "%" PRIu64, l->memcg_id);
	snprintf(cell[COL_SEQ], sizeof(cell[0]), "%" PRIu64 "..%" PRIu64, min, l->max_seq);
	fmt_bytes(cell[COL_ANON], sizeof(cell[0]), (double)lruvec_pages(l, LRUGEN_ANON) * u->psize);
	fmt_bytes(cell[COL_FILE], sizeof(cell[0]), (double)lruvec_pages(l, LRUGEN_FILE) * u->psize);
	fmt_ms(cell[COL_AGE], sizeof(cell[0]), lruvec_oldest_ms(l));
	fmt_rate(cell[COL_BIRTH], sizeof(cell[0]), l->births_per_min);
	fmt_rate(cell[COL_EVICT], sizeof(cell[0]), l->evict_per_s);

	attron(attr);
	if (attr == A_REVERSE)
		mvhline(y, 0, ' ', COLS - 1);
	for (c = 0; c < COL_NR; c++) {
		int len, pad;

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
		put(y, x + 1, "partial");
	attroff(attr);
}

static int draw_table(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	struct layout lo;
	uint64_t scale = 0;
	size_t i;

	compute_layout(&lo);
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
		putf(y, 0, "no lruvec matches%s%s", u->o->view.filter[0] ? " the filter " : "",
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

/* Generations and tiers of the selected lruvec, from lru_gen_full. */
static int detail_lines(const struct lrugen_lruvec *l)
{
	int n = 2, i, t;

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

static int draw_detail(const struct lrugen_lruvec *l, int y)
{
	char name[256];
	int i, tier;

	attron(A_BOLD);
	putf(y++, 0, "%s node%d (memcg %" PRIu64 "): min_seq anon %" PRIu64 " file %" PRIu64
		 ", max_seq %" PRIu64 "%s", fmt_name(name, sizeof(name), l->path), l->nid, l->memcg_id, l->min_seq[0],
		 l->min_seq[1], l->max_seq, l->partial ? "  (partial input)" : "");
	attroff(A_BOLD);
	attron(A_UNDERLINE);
	putf(y++, 0, "%10s %8s %9s %9s  %4s  %-30s %-30s", "SEQ", "AGE", "ANON", "FILE", "TIER",
		 "anon refaulted/evicted/protected", "file refaulted/evicted/protected");
	attroff(A_UNDERLINE);
	for (i = l->nr_gens - 1; i >= 0; i--) {
		const struct lrugen_gen *g = &l->gens[i];
		char age[16], a[16], f[16];

		snprintf(a, sizeof(a), "%" PRIu64 "%s", g->pages[0], g->evicted[0] ? "x" : "");
		snprintf(f, sizeof(f), "%" PRIu64 "%s", g->pages[1], g->evicted[1] ? "x" : "");
		putf(y++, 0, "%10" PRIu64 " %8s %9s %9s", g->seq, fmt_ms(age, sizeof(age), g->age_ms),
			 a, f);
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
			putf(y++, 0, "%10s %8s %9s %9s  %4d  %-30s %-30s", "", "", "", "", tier,
				 cell[0], cell[1]);
				}
	}
	return y;
}

static int draw_events(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	int i;

	attron(A_UNDERLINE);
	putf(y++, 0, "latest events (%" PRIu64 " lost by the ring buffer)", m->ev_lost);
	attroff(A_UNDERLINE);
	for (i = 0; i < height - 1; i++) {
		const struct lrugen_event *e = model_log_get(m, i);
		char buf[200];

		if (!e)
			break;
		model_format_event(e, buf, sizeof(buf));
		put(y++, 0, buf);
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
	"The sorted column is marked with its direction.",
	"SEQ: min_seq..max_seq. OLDEST: age of the oldest",
	"generation that holds pages. BIRTH/m: generations born",
	"per minute. EVICT/s: pages evicted per second.",
	"Bars: a generation each, youngest first; '#' anon and",
	"'=' file pages, scaled to the biggest one on screen.",
	"Narrow terminals drop the rightmost columns first and",
	"keep the bars.",
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
		put(i, 0, help_text[u->help_top + i]);
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	putf(LINES - 1, 0, "help: lines %d-%d of %d; up/down PgUp/PgDn scroll, q or Esc closes",
	     u->help_top + 1, u->help_top + i, HELP_LINES);
	attroff(A_REVERSE);
}

/* keys in the help, scrolling; false when it closes */
static bool help_key(struct ui *u, int ch)
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
	int x = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys) && x < COLS - 1; i++) {
		attron(A_BOLD);
		x = put(LINES - 1, x, keys[i][0]);
		attroff(A_BOLD);
		attron(u->color ? COLOR_PAIR(C_KEY) : A_REVERSE);
		x = put(LINES - 1, x, keys[i][1]);
		attroff(u->color ? COLOR_PAIR(C_KEY) : A_REVERSE);
		x = put(LINES - 1, x, " ");
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

static void draw(struct ui *u)
{
	struct lrugen_model *m = &u->s.model;
	char lines[LRUGEN_MAX_NODES + 2][256], t[32];
	const struct lrugen_lruvec *l = selected(u);
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
		put(0, 0, "terminal too small");
		putf(1, 0, "%dx%d, need %dx%d", COLS, LINES, MIN_COLS, MIN_LINES);
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
	attr_color(u, C_TITLE, true);
	attron(A_BOLD);
	putf(y++, 0, "lrugen %s  delay %.1fs  sort %s%s  %s%s%s  %zu lruvecs%s%s", t, u->o->delay,
	     sort_names[u->o->view.sort], u->o->view.reverse ? " (reversed)" : "",
	     view_is_tree(&u->o->view) ? "tree" : "flat", u->o->view.filter[0] ? "  filter " : "",
	     u->o->view.filter, shown, ancestors, u->paused ? "  PAUSED" : "");
	attroff(A_BOLD);
	attr_color(u, C_TITLE, false);
	n = format_header(m, lines, LRUGEN_MAX_NODES + 2);
	for (i = 0; i < n && y < LINES - 6; i++) {
		bool warn = i == n - 1 && !m->events_live;

		attr_color(u, C_WARN, warn);
		put(y++, 0, lines[i]);
		attr_color(u, C_WARN, false);
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
		det_h = detail_lines(l);
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
		draw_detail(l, y);
	if (ev_h)
		draw_events(u, LINES - msg_h - ev_h, ev_h);

	if (u->message[0]) {
		attr_color(u, u->message_color, true);
		for (i = 0; i < msg_h; i++)
			mvaddnstr(LINES - msg_h + i, 0, msg[i], msg_len[i]);
		attr_color(u, u->message_color, false);
	} else {
		draw_keys_bar(u);
	}
	refresh();
}

/*
 * Called by prompt() after each change of the text, to act on it as it is
 * typed; returns false when the text matches nothing, which the prompt
 * then says.
 */
typedef bool (*prompt_fn)(struct ui *u, const char *text);

/*
 * A line of text, ended by Enter: 0 with the text (perhaps empty) in @out.
 * Esc cancels: -1, and @out is empty, so nothing half-typed is ever used
 * (an incremental caller undoes what @changed did). Refreshing stops while
 * the prompt is open.
 */
static int prompt(struct ui *u, const char *question, char *out, size_t size, prompt_fn changed)
{
	size_t len = 0;
	int ch, ret = 0, room;
	bool match = true;

	out[0] = 0;
	u->message[0] = 0;
	timeout(-1);
	curs_set(1);
	for (;;) {
		const char *shown = out;

		draw(u);
		move(LINES - 1, 0);
		clrtoeol();
		/* a long text scrolls: its end, where the cursor is, stays visible */
		room = COLS - 2 - (int)strlen(question) - (match ? 0 : 12);
		if (room > 0 && (int)len > room)
			shown = out + len - room;
		putf(LINES - 1, 0, "%s%s%s", question, match ? "" : "[no match] ", shown);
		refresh();
		ch = getch();
		if (session_stop || ch == 27) {
			out[0] = 0;
			ret = -1;
			break;
		}
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			break;
		if (ch == KEY_RESIZE)
			continue;
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len)
			out[--len] = 0;
		else if (ch >= 32 && ch < 127 && len + 1 < size) {
			out[len++] = (char)ch;
			out[len] = 0;
		} else {
			continue;
		}
		if (changed)
			match = changed(u, out);
	}
	curs_set(0);
	return ret;
}

/*
 * One key, no Enter, so that keys typed ahead cannot land in a later
 * field: the key if it is one of @keys (letters in either case), else 0
 * (Esc, or anything else, cancels).
 */
static int choose(struct ui *u, const char *question, const char *keys)
{
	int ch;

	u->message[0] = 0;
	draw(u);
	timeout(-1);
	move(LINES - 1, 0);
	clrtoeol();
	put(LINES - 1, 0, question);
	refresh();
	ch = getch();
	u->message[0] = 0;
	if (session_stop || ch <= 0 || ch > 127 || ch == 27)
		return 0;
	ch = tolower(ch);
	return strchr(keys, ch) ? ch : 0;
}

static bool confirm(struct ui *u, const char *what)
{
	char q[1500];

	snprintf(q, sizeof(q), "%s? [y/N] ", what);
	return choose(u, q, "y") == 'y';
}

/* "SIZE [swappiness=N|max] [flags=clean]", as nodeN/reclaim takes it */
static int parse_request(char *line, struct reclaim_req *q, char *err, size_t errlen)
{
	char *tok, *save = NULL;
	int i = 0;

	for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save), i++) {
		if (!i) {
			if (parse_size(tok, &q->bytes)) {
				snprintf(err, errlen, "'%s' is not a size (e.g. 64M)", tok);
				return -1;
			}
		} else if (!strncmp(tok, "swappiness=", 11)) {
			q->swappiness = tok + 11;
		} else if (!strncmp(tok, "flags=", 6)) {
			q->flags = tok + 6;
		} else {
			snprintf(err, errlen, "unknown option '%s': use swappiness=N|max or flags=clean", tok);
			return -1;
		}
	}
	if (!i) {
		snprintf(err, errlen, "no size given");
		return -1;
	}
	return 0;
}

static void totals(const struct lrugen_model *m, int64_t memcg_id, int nid, uint64_t *pages)
{
	size_t i;

	pages[0] = pages[1] = 0;
	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];

		if ((memcg_id >= 0 && l->memcg_id != (uint64_t)memcg_id) || (nid >= 0 && l->nid != nid))
			continue;
		pages[0] += lruvec_pages(l, LRUGEN_ANON);
		pages[1] += lruvec_pages(l, LRUGEN_FILE);
	}
}

static void do_reclaim_ui(struct ui *u)
{
	const struct lrugen_lruvec *l = selected(u);
	struct reclaim_req q = { .memcg_id = -1, .nid = -1 };
	struct action_result r = { 0 };
	char ans[8], line[128], asked[128], what[1400], path[512], err[200], name[256];
	uint64_t before[2], after[2];
	char a0[16], a1[16], f0[16], f1[16];
	uint64_t memcg_id;
	int nid;

	if (!l)
		return;
	snprintf(path, sizeof(path), "%s", l->path);
	memcg_id = l->memcg_id;
	nid = l->nid;
	fmt_name(name, sizeof(name), path);
	snprintf(what, sizeof(what),
		 "reclaim from: [n] node%d, [m] %s on node%d, [a] %s on every node (memory.reclaim)? ",
		 nid, name, nid, name);
	ans[0] = (char)choose(u, what, "nma");
	switch (ans[0]) {
	case 'n':
		q.nid = nid;
		break;
	case 'm':
	case 'a':
		/* without memcg, debugfs names every lruvec 0 */
		if (!memcg_id) {
			set_message(u, C_WARN, "this kernel has no memcgs: reclaim node%d with [n]", nid);
			return;
		}
		q.memcg_id = (int64_t)memcg_id;
		if (ans[0] == 'm')
			q.nid = nid;
		else
			q.memcg_path = path;
		break;
	default:
		set_message(u, C_WARN, "reclaim cancelled: answer n, m or a");
		return;
	}
	if (prompt(u, "size [swappiness=0..200|max] [flags=clean], e.g. 64M: ", line, sizeof(line),
		   NULL) ||
	    !line[0]) {
		set_message(u, 0, "reclaim cancelled");
		return;
	}
	/* parse_request() cuts the line into tokens: keep it for the question */
	snprintf(asked, sizeof(asked), "%s", line);
	if (parse_request(line, &q, err, sizeof(err))) {
		set_message(u, C_WARN, "reclaim: %s; nothing done", err);
		return;
	}
	if (reclaim_validate(&q, &r)) {
		set_message(u, C_WARN, "reclaim: %s; nothing done", r.message);
		return;
	}
	if (q.nid < 0)
		snprintf(what, sizeof(what), "reclaim %s from %s on every node", asked, name);
	else if (q.memcg_id >= 0)
		snprintf(what, sizeof(what), "reclaim %s from %s on node%d", asked, name, q.nid);
	else
		snprintf(what, sizeof(what), "reclaim %s from all of node%d", asked, q.nid);
	if (!confirm(u, what)) {
		set_message(u, 0, "reclaim cancelled");
		return;
	}
	totals(&u->s.model, q.memcg_id, q.nid, before);
	set_message(u, 0, "reclaiming...");
	draw(u);
	do_reclaim(&q, &r);
	refresh_model(u);
	totals(&u->s.model, q.memcg_id, q.nid, after);
	set_message(u, r.err ? C_WARN : C_OK, "%s: %s; anon %s -> %s, file %s -> %s", r.request,
		    r.message,
		    fmt_bytes(a0, sizeof(a0), (double)before[0] * u->psize),
		    fmt_bytes(a1, sizeof(a1), (double)after[0] * u->psize),
		    fmt_bytes(f0, sizeof(f0), (double)before[1] * u->psize),
		    fmt_bytes(f1, sizeof(f1), (double)after[1] * u->psize));
}

static void do_age_ui(struct ui *u)
{
	const struct lrugen_lruvec *l = selected(u);
	struct lrugen_lruvec copy;
	struct action_result r;
	const struct lrugen_lruvec *now;
	char ans[8], what[600], name[256];
	uint64_t min0, min1;

	if (!l)
		return;
	copy = *l;
	snprintf(what, sizeof(what), "%s node%d (seq %" PRIu64 "..%" PRIu64
		 "): [+] add a generation, [-] evict the oldest? ",
		 fmt_name(name, sizeof(name), l->path), l->nid,
		 l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1], l->max_seq);
	ans[0] = (char)choose(u, what, "+-");
	if (!ans[0]) {
		set_message(u, 0, "aging cancelled");
		return;
	}
	snprintf(what, sizeof(what), "%s %s node%d through /sys/kernel/debug/lru_gen",
		 ans[0] == '+' ? "age" : "evict the oldest generation of",
		 fmt_name(name, sizeof(name), copy.path), copy.nid);
	if (!confirm(u, what)) {
		set_message(u, 0, "cancelled");
		return;
	}
	if (ans[0] == '+')
		do_age(&copy, &r);
	else
		do_evict(&copy, &r);
	refresh_model(u);
	/* by id: a zombie memcg may still show the same path */
	now = model_find(&u->s.model, copy.memcg_id, copy.nid);
	if (!now) {
		set_message(u, C_WARN, "%s: %s; the lruvec is gone", r.request, r.message);
		return;
	}
	min0 = copy.min_seq[0] < copy.min_seq[1] ? copy.min_seq[0] : copy.min_seq[1];
	min1 = now->min_seq[0] < now->min_seq[1] ? now->min_seq[0] : now->min_seq[1];
	set_message(u, r.err ? C_WARN : C_OK, "%s: %s; seq %" PRIu64 "..%" PRIu64 " -> %" PRIu64
		    "..%" PRIu64, r.request, r.message, min0, copy.max_seq, min1, now->max_seq);
}

static void move_sel(struct ui *u, long delta)
{
	long s = (long)u->sel + delta;

	if (!u->nr_rows)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)u->nr_rows)
		s = (long)u->nr_rows - 1;
	u->sel = (size_t)s;
	remember_selection(u);
}

/*
 * The next row from @from on (wrapping around) in direction @dir whose
 * path contains @text, ignoring case; @from itself counts when @self.
 */
static bool find_row(struct ui *u, const char *text, size_t from, int dir, bool self)
{
	size_t k, i;

	if (!u->nr_rows || !text[0])
		return false;
	for (k = self ? 0 : 1; k <= u->nr_rows; k++) {
		i = (from + u->nr_rows + (dir > 0 ? k : u->nr_rows - k % u->nr_rows)) % u->nr_rows;
		if (strcasestr(u->s.model.lruvecs[u->rows[i]].path, text)) {
			u->sel = i;
			remember_selection(u);
			return true;
		}
	}
	return false;
}

static size_t search_from;

/* '/': the selection follows the text as it is typed */
static bool search_changed(struct ui *u, const char *text)
{
	if (!text[0]) {
		u->sel = search_from;
		remember_selection(u);
		return true;
	}
	if (find_row(u, text, search_from, 1, true))
		return true;
	u->sel = search_from;
	remember_selection(u);
	return false;
}

static void do_search(struct ui *u)
{
	char buf[sizeof(u->search)];

	search_from = u->sel;
	if (prompt(u, "search (memcg path contains, Esc goes back): ", buf, sizeof(buf),
		   search_changed)) {
		u->sel = search_from;
		remember_selection(u);
		return;
	}
	if (buf[0])
		snprintf(u->search, sizeof(u->search), "%s", buf);
}

/* '\': the filter follows the text as it is typed */
static bool filter_changed(struct ui *u, const char *text)
{
	snprintf(u->o->view.filter, sizeof(u->o->view.filter), "%s", text);
	relayout(u);
	return u->nr_rows > 0;
}

static void do_filter(struct ui *u)
{
	char old[sizeof(u->o->view.filter)], buf[sizeof(u->o->view.filter)];

	snprintf(old, sizeof(old), "%s", u->o->view.filter);
	if (prompt(u, "filter (memcg path contains, empty for all, Esc keeps the old): ", buf,
		   sizeof(buf), filter_changed)) {
		filter_changed(u, old);
		return;
	}
	/* Enter at once on the empty line clears the filter */
	filter_changed(u, buf);
}

/* F6: the sort keys in a list, one key each */
static void do_sort_menu(struct ui *u)
{
	char q[256], keys[SORT_NR + 1];
	int k, len = 0, ch;

	len += snprintf(q + len, sizeof(q) - len, "sort by:");
	for (k = 0; k < SORT_NR; k++) {
		keys[k] = sort_names[k][0];
		len += snprintf(q + len, sizeof(q) - len, " [%c]%s", keys[k], sort_names[k] + 1);
	}
	keys[SORT_NR] = 0;
	snprintf(q + len, sizeof(q) - len, "? ");
	ch = choose(u, q, keys);
	for (k = 0; k < SORT_NR; k++) {
		if (ch && keys[k] == ch) {
			u->o->view.sort = k;
			relayout(u);
			return;
		}
	}
	set_message(u, 0, "sort unchanged");
}

/* t, F5: the tree is only true in memcg order, so asking for it sorts so */
static void toggle_tree(struct ui *u)
{
	if (view_is_tree(&u->o->view)) {
		u->o->view.tree = false;
	} else {
		u->o->view.tree = true;
		u->o->view.sort = SORT_PATH;
	}
	relayout(u);
}

/* Returns false to quit. */
static bool handle_key(struct ui *u, int ch, double *next)
{
	int page = LINES / 2 > 1 ? LINES / 2 : 1;
	char buf[128];

	if (u->help) {
		if (!help_key(u, ch))
			u->help = false;
		return true;
	}
	/* a result stays until the next key */
	if (ch != KEY_RESIZE)
		u->message[0] = 0;
	switch (ch) {
	case 'q':
	case 'Q':
	case KEY_F(10):
		return false;
	case 'h':
	case '?':
	case KEY_F(1):
		u->help = true;
		u->help_top = 0;
		break;
	case ' ':
		u->paused = !u->paused;
		*next = now_s();
		break;
	case 12:	/* Ctrl-L */
		clearok(curscr, TRUE);
		break;
	case 's':
		u->o->view.sort = (u->o->view.sort + 1) % SORT_NR;
		relayout(u);
		break;
	case 'S':
		u->o->view.reverse = !u->o->view.reverse;
		relayout(u);
		break;
	case KEY_F(6):
		do_sort_menu(u);
		break;
	case 't':
	case KEY_F(5):
		toggle_tree(u);
		break;
	case 'i':
		u->o->view.hide_empty = !u->o->view.hide_empty;
		relayout(u);
		break;
	case '/':
	case KEY_F(3):
		do_search(u);
		break;
	case 'n':
	case 'N':
		if (!u->search[0])
			set_message(u, C_WARN, "no search yet: / or F3 searches");
		else if (!find_row(u, u->search, u->sel, ch == 'n' ? 1 : -1, false))
			set_message(u, C_WARN, "no memcg path contains '%s'", u->search);
		break;
	case '\\':
	case KEY_F(4):
		do_filter(u);
		break;
	case 'd':
		if (!prompt(u, "delay in seconds: ", buf, sizeof(buf), NULL) && buf[0]) {
			double d;

			if (parse_delay(buf, &d))
				set_message(u, C_WARN, "the delay must be 0.1 to 3600 seconds, not '%s'", buf);
			else
				u->o->delay = d;
			*next = now_s() + u->o->delay;
		}
		break;
	case 'e':
		if (!u->s.model.events_live)
			set_message(u, C_WARN, "no event pane: events are off (%s)",
				    u->s.model.notice ? u->s.model.notice : "snapshots only");
		else
			u->events = !u->events;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		u->detail = !u->detail;
		break;
	case KEY_UP:
	case 'k':
		move_sel(u, -1);
		break;
	case KEY_DOWN:
	case 'j':
		move_sel(u, 1);
		break;
	case KEY_PPAGE:
		move_sel(u, -page);
		break;
	case KEY_NPAGE:
		move_sel(u, page);
		break;
	case KEY_HOME:
	case 'g':
		move_sel(u, -(long)u->nr_rows);
		break;
	case KEY_END:
	case 'G':
		move_sel(u, (long)u->nr_rows);
		break;
	case 'r':
		do_reclaim_ui(u);
		*next = now_s() + u->o->delay;
		break;
	case 'a':
		do_age_ui(u);
		*next = now_s() + u->o->delay;
		break;
	default:
		break;
	}
	return true;
}

/* -C, or NO_COLOR in the environment (no-color.org), keep it monochrome */
static void init_colors(struct ui *u)
{
	const char *no_color = getenv("NO_COLOR");

	if (u->o->mono || (no_color && no_color[0]))
		return;
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(C_TITLE, COLOR_CYAN, -1);
	init_pair(C_ANON, COLOR_GREEN, -1);
	init_pair(C_FILE, COLOR_BLUE, -1);
	init_pair(C_HEAD, COLOR_YELLOW, -1);
	init_pair(C_WARN, COLOR_RED, -1);
	init_pair(C_OK, COLOR_GREEN, -1);
	init_pair(C_KEY, COLOR_BLACK, COLOR_CYAN);
	u->color = true;
}

int run_ui(struct top_opts *o)
{
	struct ui u = { .o = o, .events = true, .psize = sysconf(_SC_PAGESIZE) };
	unsigned long refreshes = 0;
	SCREEN *screen;
	double next;
	int ret = 0;

	if (session_open(&u.s, o->events)) {
		fprintf(stderr, "lrugen: %s\n", u.s.error);
		return 1;
	}
	setlocale(LC_ALL, "");
	if (!tcgetattr(STDIN_FILENO, &saved_tty))
		saved_tty_ok = true;
	/* initscr() would exit by itself on an unknown TERM, instance left */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		session_close(&u.s);
		fprintf(stderr, "lrugen: cannot use the terminal (TERM=%s): %s\n",
			getenv("TERM") ? getenv("TERM") : "",
			getenv("TERM") ? "no terminfo entry for it, or not a terminal"
				       : "TERM is not set");
		return 1;
	}
	prepare_reset();
	session_restore_terminal = restore_terminal;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	init_colors(&u);
	u.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");

	next = now_s();
	while (!session_stop) {
		double t = now_s();
		int ch, wait;

		if (!u.paused && t >= next) {
			if (refresh_model(&u)) {
				ret = 1;
				break;
			}
			refreshes++;
			next = t + o->delay;
			if (o->iterations && (long)refreshes >= o->iterations) {
				draw(&u);
				break;
			}
		}
		draw(&u);
		wait = u.paused ? 1000 : (int)ceil((next - now_s()) * 1000);
		timeout(wait < 0 ? 0 : wait);
		ch = getch();
		if (ch == ERR)
			continue;
		if (ch == KEY_RESIZE)
			continue;
		if (!handle_key(&u, ch, &next))
			break;
	}
	endwin();
	session_restore_terminal = NULL;
	delscreen(screen);
	session_close(&u.s);
	free(u.rows);
	free(u.context);
	if (ret)
		fprintf(stderr, "lrugen: %s\n", u.s.error);
	return ret;
}
