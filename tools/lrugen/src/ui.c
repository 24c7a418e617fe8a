// SPDX-License-Identifier: GPL-2.0
/*
 * The full-screen view: the terminal, the loop and the keys. It only
 * draws the model and turns keys into actions; the session fills the
 * model. getch() with a timeout is the timer: the model is refreshed once
 * the delay has passed, and keys are served in between.
 */
#define _XOPEN_SOURCE_EXTENDED
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "arstate.h"
#include "parse.h"
#include "recording.h"
#include "ui.h"
#include "util.h"

/*
 * lrugen autoreclaim's state, read at each refresh of the live system;
 * the view (u->o->view.ar) points at it while a controller runs
 */
static struct arstate ar_state;
static char ar_warning[512];

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

/**
 * ui_selected() - the selected lruvec
 * @u: the view
 *
 * Return: the lruvec of the selected row, or NULL when there are no rows.
 */
const struct lrugen_lruvec *ui_selected(struct ui *u)
{
	if (!u->nr_rows)
		return NULL;
	return &u->s.model.lruvecs[u->rows[u->sel]];
}

/**
 * ui_remember_selection() - note which lruvec is selected
 * @u: the view; call it after changing @u->sel
 *
 * Keeps the selected lruvec's path, node and memcg id, by which
 * ui_relayout() finds it again after a refresh, a sort or a filter.
 */
void ui_remember_selection(struct ui *u)
{
	const struct lrugen_lruvec *l = ui_selected(u);

	if (!l)
		return;
	snprintf(u->sel_path, sizeof(u->sel_path), "%s", l->path);
	u->sel_nid = l->nid;
	u->sel_id = l->memcg_id;
}

/**
 * ui_relayout() - recompute the rows after a refresh, a sort or a filter change
 * @u: the view
 *
 * The selection stays on the same lruvec: the same memcg id, path and
 * node, or else the same path and node (a memcg made anew). When it is
 * gone, the selection stays at the same place, or the last row. If memory
 * runs out, the rows stay as they were.
 */
void ui_relayout(struct ui *u)
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
	ui_remember_selection(u);
}

/**
 * ui_set_message() - show a result on the bottom lines until the next key
 * @u: the view
 * @color: its colour pair (C_WARN, C_OK), or 0 for none
 * @fmt: printf() format of the message; a long one is cut
 * @...: its arguments
 */
void ui_set_message(struct ui *u, int color, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->message, sizeof(u->message), fmt, ap);
	va_end(ap);
	u->message_color = color;
}

/**
 * ui_refresh_model() - take a sample and lay the rows out again
 * @u: the view
 *
 * A refresh that had trouble but left a usable model says so in the
 * message and goes on. The live system's refresh reads lrugen
 * autoreclaim's state file too: shown while its writer runs, a warning
 * in the header when it cannot be read.
 *
 * Return: 0, or -1 when the session cannot go on (the message says why).
 */
int ui_refresh_model(struct ui *u)
{
	int ret = session_refresh(&u->s);

	if (ret < 0) {
		ui_set_message(u, C_WARN, "refresh failed: %s", u->s.error);
		return -1;
	}
	/* a bad read keeps the last good model and says so; the view goes on */
	if (ret > 0)
		ui_set_message(u, C_WARN, "%s", u->s.warning);
	if (!u->s.replay) {
		ret = arstate_load(u->o->state, &ar_state, ar_warning, sizeof(ar_warning));
		u->o->view.ar = ret > 0 ? &ar_state : NULL;
		u->o->view.ar_warning = ret < 0 ? ar_warning : NULL;
	}
	ui_relayout(u);
	return 0;
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
	ui_remember_selection(u);
}

/* Returns false to quit. */
static bool handle_key(struct ui *u, int ch, double *next)
{
	int page = LINES / 2 > 1 ? LINES / 2 : 1;
	char buf[128];

	if (u->help) {
		if (!ui_help_key(u, ch))
			u->help = false;
		return true;
	}
	/* a result stays until the next key */
	if (ch != KEY_RESIZE)
		u->message[0] = 0;
	if (ui_replay_key(u, ch, next))
		return true;
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
		ui_relayout(u);
		break;
	case 'S':
		u->o->view.reverse = !u->o->view.reverse;
		ui_relayout(u);
		break;
	case KEY_F(6):
		ui_sort_menu(u);
		break;
	case 't':
	case KEY_F(5):
		ui_toggle_tree(u);
		break;
	case 'i':
		u->o->view.hide_empty = !u->o->view.hide_empty;
		ui_relayout(u);
		break;
	case '/':
	case KEY_F(3):
		ui_search(u);
		break;
	case 'n':
	case 'N':
		if (!u->search[0])
			ui_set_message(u, C_WARN, "no search yet: / or F3 searches");
		else if (!ui_find_row(u, u->search, u->sel, ch == 'n' ? 1 : -1, false))
			ui_set_message(u, C_WARN, "no memcg path contains '%s'", u->search);
		break;
	case '\\':
	case KEY_F(4):
		ui_filter(u);
		break;
	case 'd':
		if (!ui_prompt(u, "delay in seconds: ", buf, sizeof(buf), NULL) && buf[0]) {
			double d;

			if (parse_delay(buf, &d))
				ui_set_message(u, C_WARN, "the delay must be 0.1 to 3600 seconds, not '%s'", buf);
			else
				u->o->delay = d;
			*next = now_s() + u->o->delay;
		}
		break;
	case 'e':
		if (!u->s.model.events_live)
			ui_set_message(u, C_WARN, "no event pane: events are off (%s)",
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
		ui_reclaim_dialog(u);
		*next = now_s() + u->o->delay;
		break;
	case 'a':
		ui_age_dialog(u);
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

/**
 * run_ui() - lrugen top's full-screen view
 * @o: the options; the keys change its view and delay
 *
 * Opens a session and the terminal, then refreshes the model every
 * @o->delay seconds and serves keys in between, getch() with a timeout
 * being the timer, until q, a signal, or @o->iterations refreshes. With
 * @o->replay, the session plays that recording instead: a refresh is the
 * next snapshot, due after the recorded interval divided by the speed,
 * and the time keys move through it. The terminal is put back and the
 * session closed on every way out.
 *
 * Return: 0, or 1 after saying on stderr why the session or the terminal
 * failed.
 */
int run_ui(struct top_opts *o)
{
	struct ui u = { .o = o, .events = true, .psize = sysconf(_SC_PAGESIZE), .speed = 1 };
	unsigned long refreshes = 0;
	SCREEN *screen;
	double next;
	int ret = 0;

	if (o->replay ? session_open_replay(&u.s, o->replay) : session_open(&u.s, o->events)) {
		fprintf(stderr, "lrugen: %s\n", u.s.error);
		return 1;
	}
	if (u.s.warning[0])
		ui_set_message(&u, C_WARN, "%s", u.s.warning);
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
		/* a replay that has shown its last frame waits for a key */
		bool ended = u.s.replay && replay_pos(u.s.replay) >= 0 && replay_at_end(u.s.replay);
		int ch, wait;

		if (!u.paused && !ended && t >= next) {
			if (ui_refresh_model(&u)) {
				ret = 1;
				break;
			}
			refreshes++;
			next = t + (u.s.replay ? replay_interval(u.s.replay) / u.speed : o->delay);
			if (o->iterations && (long)refreshes >= o->iterations) {
				ui_draw(&u);
				break;
			}
		}
		ui_draw(&u);
		wait = u.paused || ended ? 1000 : (int)ceil((next - now_s()) * 1000);
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
	o->view.ar = NULL;
	o->view.ar_warning = NULL;
	arstate_free(&ar_state);
	if (ret)
		fprintf(stderr, "lrugen: %s\n", u.s.error);
	return ret;
}
