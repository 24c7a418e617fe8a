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
#include <locale.h>
#include <math.h>
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

enum { C_TITLE = 1, C_ANON, C_FILE, C_HEAD, C_WARN, C_OK };

struct ui {
	struct top_opts *o;
	struct session s;
	size_t *rows;
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
	bool color;
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
	int pass;

	rows = realloc(u->rows, (m->nr_lruvecs + 1) * sizeof(*rows));
	if (!rows)
		return;
	u->rows = rows;
	u->nr_rows = view_rows(&u->o->view, m, u->rows);
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

static void attr_color(struct ui *u, int pair, bool on)
{
	if (!u->color)
		return;
	if (on)
		attron(COLOR_PAIR(pair));
	else
		attroff(COLOR_PAIR(pair));
}

/* A bar per generation, youngest first: '#' anon, '=' file. */
static void draw_bars(struct ui *u, const struct lrugen_lruvec *l, int width, uint64_t scale)
{
	int i;

	for (i = l->nr_gens - 1; i >= 0; i--) {
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
		addch('[');
		attr_color(u, C_ANON, true);
		for (k = 0; k < na; k++)
			addch('#');
		attr_color(u, C_ANON, false);
		attr_color(u, C_FILE, true);
		for (k = 0; k < nf; k++)
			addch('=');
		attr_color(u, C_FILE, false);
		for (k = na + nf; k < width; k++)
			addch(' ');
		addch(']');
	}
}

static const char *row_name(struct ui *u, const struct lrugen_lruvec *l, char *buf, size_t size)
{
	const char *base;
	char safe[256];

	if (!u->o->view.tree || u->o->view.sort != SORT_PATH)
		return fmt_name(buf, size, l->path);
	base = strrchr(l->path, '/');
	base = base && base[1] ? base + 1 : l->path;
	snprintf(buf, size, "%*s%s", 2 * l->depth, "", fmt_name(safe, sizeof(safe), base));
	return buf;
}

static int draw_table(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	int name_w, bar_w = 0, x;
	uint64_t scale = 0;
	size_t i;

	/* the bars get what is left after the numbers, up to 8 per gen */
	x = COLS - 4 - 5 - 11 - 7 - 7 - 7 - 8 - 8 - 10;
	name_w = x > 60 ? 24 : x > 40 ? 18 : 14;
	x -= name_w;
	if (x >= 4 * 4)
		bar_w = x / 4 - 2 > 8 ? 8 : x / 4 - 2;
	for (i = 0; i < u->nr_rows; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[u->rows[i]];
		int k;

		for (k = 0; k < l->nr_gens; k++) {
			uint64_t t = l->gens[k].pages[0] + l->gens[k].pages[1];

			if (t > scale)
				scale = t;
		}
	}

	attr_color(u, C_HEAD, true);
	attron(A_REVERSE);
	mvprintw(y, 0, "%-*.*s %4s %5s %11s %7s %7s %7s %8s %8s %s", name_w, name_w,
		 u->o->view.tree && u->o->view.sort == SORT_PATH ? "MEMCG (tree)" : "MEMCG",
		 "NODE", "ID", "SEQ", "ANON", "FILE", "OLDEST", "BIRTH/m", "EVICT/s",
		 bar_w ? "GENERATIONS young..old  #anon =file" : "");
	clrtoeol();
	attroff(A_REVERSE);
	attr_color(u, C_HEAD, false);
	y++;
	height--;

	if (!u->nr_rows) {
		mvprintw(y, 0, "no lruvec matches%s%s", u->o->view.filter[0] ? " the filter " : "",
			 u->o->view.filter);
		return y + 1;
	}
	if (u->sel < u->top)
		u->top = u->sel;
	if (height > 0 && u->sel >= u->top + height)
		u->top = u->sel - height + 1;
	for (i = u->top; i < u->nr_rows && (int)(i - u->top) < height; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[u->rows[i]];
		char name[256], seq[32], an[16], fi[16], age[16], br[16], ev[16];
		uint64_t min = l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1];

		snprintf(seq, sizeof(seq), "%" PRIu64 "..%" PRIu64, min, l->max_seq);
		if (i == u->sel)
			attron(A_REVERSE);
		mvprintw(y, 0, "%-*.*s %4d %5" PRIu64 " %11s %7s %7s %7s %8s %8s ", name_w, name_w,
			 row_name(u, l, name, sizeof(name)), l->nid, l->memcg_id, seq,
			 fmt_bytes(an, sizeof(an), (double)lruvec_pages(l, LRUGEN_ANON) * u->psize),
			 fmt_bytes(fi, sizeof(fi), (double)lruvec_pages(l, LRUGEN_FILE) * u->psize),
			 fmt_ms(age, sizeof(age), lruvec_oldest_ms(l)),
			 fmt_rate(br, sizeof(br), l->births_per_min),
			 fmt_rate(ev, sizeof(ev), l->evict_per_s));
		if (bar_w)
			draw_bars(u, l, bar_w, scale);
		if (l->partial)
			printw(" partial");
		clrtoeol();
		if (i == u->sel)
			attroff(A_REVERSE);
		y++;
	}
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
	mvprintw(y++, 0, "%s node%d (memcg %" PRIu64 "): min_seq anon %" PRIu64 " file %" PRIu64
		 ", max_seq %" PRIu64 "%s", fmt_name(name, sizeof(name), l->path), l->nid, l->memcg_id, l->min_seq[0],
		 l->min_seq[1], l->max_seq, l->partial ? "  (partial input)" : "");
	attroff(A_BOLD);
	clrtoeol();
	attron(A_UNDERLINE);
	mvprintw(y++, 0, "%10s %8s %9s %9s  %4s  %-30s %-30s", "SEQ", "AGE", "ANON", "FILE", "TIER",
		 "anon refaulted/evicted/protected", "file refaulted/evicted/protected");
	attroff(A_UNDERLINE);
	clrtoeol();
	for (i = l->nr_gens - 1; i >= 0; i--) {
		const struct lrugen_gen *g = &l->gens[i];
		char age[16], a[16], f[16];

		snprintf(a, sizeof(a), "%" PRIu64 "%s", g->pages[0], g->evicted[0] ? "x" : "");
		snprintf(f, sizeof(f), "%" PRIu64 "%s", g->pages[1], g->evicted[1] ? "x" : "");
		mvprintw(y++, 0, "%10" PRIu64 " %8s %9s %9s", g->seq, fmt_ms(age, sizeof(age), g->age_ms),
			 a, f);
		clrtoeol();
		if (!g->has_tiers[0] && !g->has_tiers[1])
			continue;
		for (tier = 0; tier < LRUGEN_MAX_TIERS; tier++) {
			char cell[2][40];
			int t;

			for (t = 0; t < LRUGEN_NR_TYPES; t++) {
				const struct lrugen_tier_stats *s = &g->tier[tier][t];

				if (g->has_tiers[t])
					snprintf(cell[t], sizeof(cell[t]), "%" PRIu64 "/%" PRIu64 "/%" PRIu64,
						 s->refaulted, s->evicted, s->protected);
				else
					snprintf(cell[t], sizeof(cell[t]), "-");
			}
			mvprintw(y++, 0, "%10s %8s %9s %9s  %4d  %-30s %-30s", "", "", "", "", tier,
				 cell[0], cell[1]);
			clrtoeol();
		}
	}
	return y;
}

static int draw_events(struct ui *u, int y, int height)
{
	struct lrugen_model *m = &u->s.model;
	int i;

	attron(A_UNDERLINE);
	if (m->events_live)
		mvprintw(y++, 0, "latest events (%" PRIu64 " lost by the ring buffer)", m->ev_lost);
	else
		mvprintw(y++, 0, "events off: %s", m->notice ? m->notice : "snapshots only");
	attroff(A_UNDERLINE);
	clrtoeol();
	for (i = 0; i < height - 1; i++) {
		const struct lrugen_event *e = model_log_get(m, i);
		char buf[200];

		if (!e)
			break;
		model_format_event(e, buf, sizeof(buf));
		mvprintw(y++, 0, "%.*s", COLS, buf);
		clrtoeol();
	}
	return y;
}

static const char *const help_text[] = {
	"lrugen top: generations of every memcg on every node",
	"",
	"  q          quit (the tracefs instance is removed)",
	"  h ?        this help",
	"  space      pause or resume refreshing",
	"  s / S      next sort key / reverse the order",
	"  /          filter by memcg path (empty: no filter)",
	"  t          tree or flat view",
	"  i          hide or show lruvecs without pages (as top hides idle tasks)",
	"  up down j k PgUp PgDn Home End   move",
	"  Enter      generations and tiers of the selected row",
	"  e          show or hide the event pane",
	"  d          set the delay",
	"  r          reclaim: the node, the memcg on the node, or the memcg everywhere",
	"  a          age the selected lruvec (+) or evict its oldest generation (-)",
	"",
	"Bars: one per generation, youngest first; '#' anon, '=' file pages.",
	"BIRTH/m: generations born per minute. EVICT/s: pages evicted per second",
	"(from lru_gen_evict events). Every action asks first and shows its result.",
	"",
	"press any key",
};

static void draw(struct ui *u)
{
	struct lrugen_model *m = &u->s.model;
	char lines[LRUGEN_MAX_NODES + 2][256], t[32];
	const struct lrugen_lruvec *l = selected(u);
	time_t now = time(NULL);
	int n, i, y = 0, table_h, ev_h = 0, det_h = 0;
	struct tm tm;

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		/* two short lines: the reason must fit a narrow terminal too */
		mvprintw(0, 0, "terminal too small");
		mvprintw(1, 0, "%dx%d, need %dx%d", COLS, LINES, MIN_COLS, MIN_LINES);
		refresh();
		return;
	}
	if (u->help) {
		for (i = 0; i < (int)ARRAY_SIZE(help_text) && i < LINES; i++)
			mvprintw(i, 0, "%.*s", COLS, help_text[i]);
		refresh();
		return;
	}
	localtime_r(&now, &tm);
	strftime(t, sizeof(t), "%H:%M:%S", &tm);
	attr_color(u, C_TITLE, true);
	attron(A_BOLD);
	mvprintw(y++, 0, "lrugen %s  delay %.1fs  sort %s%s  %s%s%s  %zu lruvecs%s", t, u->o->delay,
		 sort_names[u->o->view.sort], u->o->view.reverse ? " (reversed)" : "",
		 u->o->view.tree ? "tree" : "flat", u->o->view.filter[0] ? "  filter " : "",
		 u->o->view.filter, u->nr_rows, u->paused ? "  PAUSED" : "");
	clrtoeol();
	attroff(A_BOLD);
	attr_color(u, C_TITLE, false);
	n = format_header(m, lines, LRUGEN_MAX_NODES + 2);
	for (i = 0; i < n && y < LINES - 6; i++) {
		if (i == n - 1 && !m->events_live)
			attr_color(u, C_WARN, true);
		mvprintw(y++, 0, "%.*s", COLS, lines[i]);
		clrtoeol();
		attr_color(u, C_WARN, false);
	}

	/* what is left: table, then detail, then events, then the status line */
	table_h = LINES - y - 1;
	if (u->detail && l) {
		det_h = detail_lines(l);
		if (det_h > table_h - 4)
			det_h = 0;
		table_h -= det_h;
	}
	if (u->events) {
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
	y = draw_table(u, y, table_h);
	y = LINES - 1 - det_h - ev_h;
	if (det_h)
		draw_detail(l, y);
	if (ev_h)
		draw_events(u, LINES - 1 - ev_h, ev_h);

	attr_color(u, u->message_color, true);
	if (u->message[0])
		mvprintw(LINES - 1, 0, "%.*s", COLS - 1, u->message);
	else
		mvprintw(LINES - 1, 0, "q quit  h help  space pause  s sort  / filter  Enter details  r reclaim  a age");
	clrtoeol();
	attr_color(u, u->message_color, false);
	refresh();
}

/*
 * Read a line on the status line. Returns 0, or -1 when the user pressed
 * Escape or gave nothing. Refreshing stops while the prompt is open.
 */
/*
 * A line of text, ended by Enter: 0 with the text (perhaps empty) in @out.
 * Esc cancels: -1, and @out is empty, so nothing half-typed is ever used.
 */
static int prompt(struct ui *u, const char *question, char *out, size_t size)
{
	size_t len = 0;
	int ch, ret = 0;

	out[0] = 0;
	timeout(-1);
	curs_set(1);
	for (;;) {
		mvprintw(LINES - 1, 0, "%.*s%s", COLS - 1, question, out);
		clrtoeol();
		refresh();
		ch = getch();
		if (session_stop || ch == 27) {
			out[0] = 0;
			ret = -1;
			break;
		}
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			break;
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len)
			out[--len] = 0;
		else if (ch >= 32 && ch < 127 && len + 1 < size) {
			out[len++] = (char)ch;
			out[len] = 0;
		}
	}
	curs_set(0);
	u->message[0] = 0;
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

	timeout(-1);
	mvprintw(LINES - 1, 0, "%.*s", COLS - 1, question);
	clrtoeol();
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
	if (prompt(u, "size [swappiness=0..200|max] [flags=clean], e.g. 64M: ", line, sizeof(line)) ||
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

/* Returns false to quit. */
static bool handle_key(struct ui *u, int ch, double *next)
{
	int page = LINES / 2 > 1 ? LINES / 2 : 1;
	char buf[128];

	if (u->help) {
		u->help = false;
		return true;
	}
	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case 'h':
	case '?':
		u->help = true;
		break;
	case ' ':
		u->paused = !u->paused;
		*next = now_s();
		break;
	case 's':
		u->o->view.sort = (u->o->view.sort + 1) % SORT_NR;
		relayout(u);
		break;
	case 'S':
		u->o->view.reverse = !u->o->view.reverse;
		relayout(u);
		break;
	case 't':
		u->o->view.tree = !u->o->view.tree;
		break;
	case 'i':
		u->o->view.hide_empty = !u->o->view.hide_empty;
		relayout(u);
		break;
	case '/':
		/* Enter sets the filter (empty: none); Esc keeps the old one */
		if (!prompt(u, "filter (memcg path contains, empty for all): ", buf, sizeof(buf))) {
			snprintf(u->o->view.filter, sizeof(u->o->view.filter), "%s", buf);
			relayout(u);
		}
		break;
	case 'd':
		if (!prompt(u, "delay in seconds: ", buf, sizeof(buf)) && buf[0]) {
			double d;

			if (parse_delay(buf, &d))
				set_message(u, C_WARN, "the delay must be 0.1 to 3600 seconds, not '%s'", buf);
			else
				u->o->delay = d;
			*next = now_s() + u->o->delay;
		}
		break;
	case 'e':
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
	case 27:
		u->message[0] = 0;
		break;
	default:
		break;
	}
	return true;
}

static void init_colors(struct ui *u)
{
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(C_TITLE, COLOR_CYAN, -1);
	init_pair(C_ANON, COLOR_GREEN, -1);
	init_pair(C_FILE, COLOR_BLUE, -1);
	init_pair(C_HEAD, COLOR_YELLOW, -1);
	init_pair(C_WARN, COLOR_RED, -1);
	init_pair(C_OK, COLOR_GREEN, -1);
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
	if (u.s.notice[0])
		set_message(&u, C_WARN, "%s", u.s.notice);

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
	if (ret)
		fprintf(stderr, "lrugen: %s\n", u.s.error);
	return ret;
}
