// SPDX-License-Identifier: GPL-2.0
/*
 * The dialogs of the full-screen view: reclaim and aging, which ask and
 * then write to the kernel, and search, filter, sort and tree, which move
 * the view.
 */
#define _XOPEN_SOURCE_EXTENDED
#include <curses.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "recording.h"
#include "ui.h"
#include "util.h"

#define SPEED_MIN 0.25
#define SPEED_MAX 64

/* after a step or a seek: rows again, and what went wrong if anything did */
static void replay_moved(struct ui *u, int ret, const char *err, const char *at_edge)
{
	const char *damage = replay_new_warning(u->s.replay);

	if (ret < 0)
		ui_set_message(u, C_WARN, "replay: %s", err);
	else if (damage)
		ui_set_message(u, C_WARN, "replay: %s", damage);
	else if (ret > 0)
		ui_set_message(u, 0, "replay: %s", at_edge);
	ui_relayout(u);
}

/* J: a time typed as seconds since the start */
static void replay_jump(struct ui *u)
{
	struct replay *rp = u->s.replay;
	char q[128], buf[64], err[768] = "", *end;
	double sec;
	long f;

	snprintf(q, sizeof(q), "jump to (seconds since the start, 0 to %.1f): ", replay_length(rp));
	if (ui_prompt(u, q, buf, sizeof(buf), NULL) || !buf[0])
		return;
	sec = strtod(buf, &end);
	f = *end || end == buf || !isfinite(sec) ? -1 : replay_frame_at(rp, sec);
	if (f < 0 || sec > replay_length(rp) + 0.0005) {
		ui_set_message(u, C_WARN, "replay: '%s' is not a time of the recording: give seconds from 0 to %.3f",
			       buf, replay_length(rp));
		return;
	}
	replay_moved(u, replay_seek(rp, &u->s.model, (size_t)f, err, sizeof(err)), err, "");
}

/**
 * ui_replay_key() - the time controls of a replay, and the keys it refuses
 * @u: the view
 * @ch: the key
 * @next: when the next frame is due; set again as the pace changes
 *
 * Space plays or pauses (at the end, plays again from the start); '.'
 * and Right, ',' and Left step one snapshot and pause; '<' and '>' go to
 * the first and last; '+' and '-' double and halve the speed; J jumps to a
 * time. r and a, which would act on the live system, and d, its delay,
 * only say why they do nothing.
 *
 * Return: true if the key was one of those and @u replays; false for any
 * other key, or when @u shows the live system.
 */
bool ui_replay_key(struct ui *u, int ch, double *next)
{
	struct replay *rp = u->s.replay;
	struct lrugen_model *m = &u->s.model;
	char err[768] = "";
	int ret;

	if (!rp)
		return false;
	switch (ch) {
	case ' ':
		if (replay_at_end(rp)) {
			ret = replay_seek(rp, m, 0, err, sizeof(err));
			replay_moved(u, ret, err, "");
			u->paused = false;
		} else {
			u->paused = !u->paused;
		}
		break;
	case '.':
	case KEY_RIGHT:
		u->paused = true;
		ret = replay_step(rp, m, 1, err, sizeof(err));
		replay_moved(u, ret, err, "this is the last snapshot");
		break;
	case ',':
	case KEY_LEFT:
		u->paused = true;
		ret = replay_step(rp, m, -1, err, sizeof(err));
		replay_moved(u, ret, err, "this is the first snapshot");
		break;
	case '<':
		replay_moved(u, replay_seek(rp, m, 0, err, sizeof(err)), err, "");
		break;
	case '>':
		replay_moved(u, replay_seek(rp, m, replay_count(rp) - 1, err, sizeof(err)), err, "");
		break;
	case '+':
	case '=':
		if (u->speed < SPEED_MAX)
			u->speed *= 2;
		ui_set_message(u, 0, "replay speed x%g%s", u->speed, u->speed >= SPEED_MAX ? " (the most)" : "");
		break;
	case '-':
		if (u->speed > SPEED_MIN)
			u->speed /= 2;
		ui_set_message(u, 0, "replay speed x%g%s", u->speed, u->speed <= SPEED_MIN ? " (the least)" : "");
		break;
	case 'J':
		replay_jump(u);
		break;
	case 'r':
	case 'a':
		ui_set_message(u, C_WARN, "replay: actions are disabled (this is a recording %s%s, not the live system)",
			       replay_host(rp) ? "of " : "in ",
			       replay_host(rp) ? replay_host(rp) : replay_file(rp));
		return true;
	case 'd':
		ui_set_message(u, C_WARN, "replay: no delay to set: frames come at the recording's pace, times the speed (x%g; + and - change it)",
			       u->speed);
		return true;
	default:
		return false;
	}
	*next = now_s() + replay_interval(rp) / u->speed;
	return true;
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

/**
 * ui_reclaim_dialog() - the r key: proactive reclaim of the selected lruvec
 * @u: the view
 *
 * Asks where to reclaim from (the node, the memcg on the node, or the
 * memcg on every node), then the size and options, checks them, asks for
 * confirmation, and only then writes the request. The result, with the
 * pages before and after, is shown as the message. Any wrong answer
 * cancels, and nothing is written.
 */
void ui_reclaim_dialog(struct ui *u)
{
	const struct lrugen_lruvec *l = ui_selected(u);
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
	ans[0] = (char)ui_choose(u, what, "nma");
	switch (ans[0]) {
	case 'n':
		q.nid = nid;
		break;
	case 'm':
	case 'a':
		/* without memcg, debugfs names every lruvec 0 */
		if (!memcg_id) {
			ui_set_message(u, C_WARN, "this kernel has no memcgs: reclaim node%d with [n]", nid);
			return;
		}
		q.memcg_id = (int64_t)memcg_id;
		if (ans[0] == 'm')
			q.nid = nid;
		else
			q.memcg_path = path;
		break;
	default:
		ui_set_message(u, C_WARN, "reclaim cancelled: answer n, m or a");
		return;
	}
	if (ui_prompt(u, "size [swappiness=0..200|max] [flags=clean], e.g. 64M: ", line, sizeof(line),
		   NULL) ||
	    !line[0]) {
		ui_set_message(u, 0, "reclaim cancelled");
		return;
	}
	/* the parser cuts the line into tokens: keep it for the question */
	snprintf(asked, sizeof(asked), "%s", line);
	if (parse_reclaim_request(line, &q, err, sizeof(err))) {
		ui_set_message(u, C_WARN, "reclaim: %s; nothing done", err);
		return;
	}
	if (reclaim_validate(&q, &r)) {
		ui_set_message(u, C_WARN, "reclaim: %s; nothing done", r.message);
		return;
	}
	if (q.nid < 0)
		snprintf(what, sizeof(what), "reclaim %s from %s on every node", asked, name);
	else if (q.memcg_id >= 0)
		snprintf(what, sizeof(what), "reclaim %s from %s on node%d", asked, name, q.nid);
	else
		snprintf(what, sizeof(what), "reclaim %s from all of node%d", asked, q.nid);
	if (!ui_confirm(u, what)) {
		ui_set_message(u, 0, "reclaim cancelled");
		return;
	}
	totals(&u->s.model, q.memcg_id, q.nid, before);
	ui_set_message(u, 0, "reclaiming...");
	ui_draw(u);
	do_reclaim(&q, &r);
	ui_refresh_model(u);
	totals(&u->s.model, q.memcg_id, q.nid, after);
	ui_set_message(u, r.err ? C_WARN : C_OK, "%s: %s; anon %s -> %s, file %s -> %s", r.request,
		    r.message,
		    fmt_bytes(a0, sizeof(a0), (double)before[0] * u->psize),
		    fmt_bytes(a1, sizeof(a1), (double)after[0] * u->psize),
		    fmt_bytes(f0, sizeof(f0), (double)before[1] * u->psize),
		    fmt_bytes(f1, sizeof(f1), (double)after[1] * u->psize));
}

/**
 * ui_age_dialog() - the a key: age the selected lruvec, or evict its oldest
 * generation
 * @u: the view
 *
 * Asks + or -, then for confirmation, then writes the command to debugfs
 * lru_gen and shows the result with the sequence numbers before and after.
 */
void ui_age_dialog(struct ui *u)
{
	const struct lrugen_lruvec *l = ui_selected(u);
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
	ans[0] = (char)ui_choose(u, what, "+-");
	if (!ans[0]) {
		ui_set_message(u, 0, "aging cancelled");
		return;
	}
	snprintf(what, sizeof(what), "%s %s node%d through /sys/kernel/debug/lru_gen",
		 ans[0] == '+' ? "age" : "evict the oldest generation of",
		 fmt_name(name, sizeof(name), copy.path), copy.nid);
	if (!ui_confirm(u, what)) {
		ui_set_message(u, 0, "cancelled");
		return;
	}
	if (ans[0] == '+')
		do_age(&copy, &r);
	else
		do_evict(&copy, &r);
	ui_refresh_model(u);
	/* by id: a zombie memcg may still show the same path */
	now = model_find(&u->s.model, copy.memcg_id, copy.nid);
	if (!now) {
		ui_set_message(u, C_WARN, "%s: %s; the lruvec is gone", r.request, r.message);
		return;
	}
	min0 = copy.min_seq[0] < copy.min_seq[1] ? copy.min_seq[0] : copy.min_seq[1];
	min1 = now->min_seq[0] < now->min_seq[1] ? now->min_seq[0] : now->min_seq[1];
	ui_set_message(u, r.err ? C_WARN : C_OK, "%s: %s; seq %" PRIu64 "..%" PRIu64 " -> %" PRIu64
		    "..%" PRIu64, r.request, r.message, min0, copy.max_seq, min1, now->max_seq);
}

/**
 * ui_find_row() - select the next row whose path contains a text
 * @u: the view
 * @text: the text, matched ignoring case
 * @from: the row to start from
 * @dir: 1 to search down, -1 up; past either end the search wraps around
 * @self: try @from first; else it comes last, after every other row
 *
 * Return: true if a row was found and selected, false if none matches
 * (or @text is empty).
 */
bool ui_find_row(struct ui *u, const char *text, size_t from, int dir, bool self)
{
	size_t k, i;

	if (!u->nr_rows || !text[0])
		return false;
	for (k = self ? 0 : 1; k <= u->nr_rows; k++) {
		i = (from + u->nr_rows + (dir > 0 ? k : u->nr_rows - k % u->nr_rows)) % u->nr_rows;
		if (strcasestr(u->s.model.lruvecs[u->rows[i]].path, text)) {
			u->sel = i;
			ui_remember_selection(u);
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
		ui_remember_selection(u);
		return true;
	}
	if (ui_find_row(u, text, search_from, 1, true))
		return true;
	u->sel = search_from;
	ui_remember_selection(u);
	return false;
}

/**
 * ui_search() - the / and F3 keys: find a row by its path as the text is typed
 * @u: the view
 *
 * Enter keeps the selection and remembers the text for n and N; Esc goes
 * back to the row selected before.
 */
void ui_search(struct ui *u)
{
	char buf[sizeof(u->search)];

	search_from = u->sel;
	if (ui_prompt(u, "search (memcg path contains, Esc goes back): ", buf, sizeof(buf),
		   search_changed)) {
		u->sel = search_from;
		ui_remember_selection(u);
		return;
	}
	if (buf[0])
		snprintf(u->search, sizeof(u->search), "%s", buf);
}

/* '\': the filter follows the text as it is typed */
static bool filter_changed(struct ui *u, const char *text)
{
	snprintf(u->o->view.filter, sizeof(u->o->view.filter), "%s", text);
	ui_relayout(u);
	return u->nr_rows > 0;
}

/**
 * ui_filter() - the \ and F4 keys: show only memcgs whose path contains a text
 * @u: the view
 *
 * The rows follow the text as it is typed. Enter keeps the filter (an
 * empty one shows all); Esc goes back to the filter before.
 */
void ui_filter(struct ui *u)
{
	char old[sizeof(u->o->view.filter)], buf[sizeof(u->o->view.filter)];

	snprintf(old, sizeof(old), "%s", u->o->view.filter);
	if (ui_prompt(u, "filter (memcg path contains, empty for all, Esc keeps the old): ", buf,
		   sizeof(buf), filter_changed)) {
		filter_changed(u, old);
		return;
	}
	/* Enter at once on the empty line clears the filter */
	filter_changed(u, buf);
}

/**
 * ui_sort_menu() - the F6 key: pick the sort key from a list
 * @u: the view
 *
 * Each key is picked by its first letter; any other key leaves the sort
 * as it was.
 */
void ui_sort_menu(struct ui *u)
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
	ch = ui_choose(u, q, keys);
	for (k = 0; k < SORT_NR; k++) {
		if (ch && keys[k] == ch) {
			u->o->view.sort = k;
			ui_relayout(u);
			return;
		}
	}
	ui_set_message(u, 0, "sort unchanged");
}

/**
 * ui_toggle_tree() - the t and F5 keys: the memcg tree on or off
 * @u: the view
 *
 * The tree is only true in memcg order, so turning it on sorts so.
 */
void ui_toggle_tree(struct ui *u)
{
	if (view_is_tree(&u->o->view)) {
		u->o->view.tree = false;
	} else {
		u->o->view.tree = true;
		u->o->view.sort = SORT_PATH;
	}
	ui_relayout(u);
}
