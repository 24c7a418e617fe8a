/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The full-screen view, split the way htop splits its own: ui.c has the
 * terminal, the loop and the keys; ui-draw.c draws; ui-prompt.c reads a
 * line or one key on the bottom line; ui-dialogs.c holds the dialogs that
 * act (reclaim, age) or move the view (search, filter, sort, tree). They
 * share struct ui, and only the model and the library below it.
 */
#ifndef LRUGEN_UI_H
#define LRUGEN_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lrugen.h"
#include "session.h"

#define MIN_COLS 60
#define MIN_LINES 12

enum { C_TITLE = 1, C_ANON, C_FILE, C_HEAD, C_WARN, C_OK, C_KEY };

/* the table's columns, in the order they are drawn */
enum col { COL_NAME, COL_NODE, COL_ID, COL_SEQ, COL_ANON, COL_FILE, COL_AGE, COL_BIRTH,
	   COL_EVICT, COL_GENS, COL_NR };

/**
 * struct layout - the table's columns as they fit the terminal
 * @on: per column, whether it is drawn
 * @w: per column, its width
 * @bar_w: the width inside the brackets of one generation's bar
 */
struct layout {
	bool on[COL_NR];
	int w[COL_NR];
	int bar_w;
};

/* at most this many lines for a result (2400 bytes at 60 columns) */
#define MSG_LINES 40

/**
 * struct ui - the state of the full-screen view
 * @o: the options of lrugen top; the keys change its view and delay
 * @s: the session that fills the model
 * @rows: the rows shown, as indexes into the model's lruvecs
 * @context: per row, whether it is shown only as an ancestor of a match
 *           in a filtered tree
 * @nr_rows: rows in @rows
 * @sel: the selected row, an index into @rows
 * @top: the first row on the screen
 * @sel_path: the selected lruvec's memcg path: the selection survives
 *            refreshes by memcg id, path and node
 * @sel_nid: its node
 * @sel_id: its memcg id
 * @paused: no refreshes until space is pressed again
 * @detail: the detail pane of the selected lruvec is open
 * @events: the event pane is wanted (it is shown only when events are live)
 * @help: the help screen is open
 * @help_top: the first line of the help on the screen
 * @color: the terminal shows colour and the user wants it
 * @utf8: the terminal takes UTF-8, for the arrow of the sorted column
 * @search: the last text searched for with /, for n and N
 * @message: the result shown on the bottom lines until the next key;
 *           empty for the key bar
 * @message_color: its colour pair, 0 for none
 * @psize: the page size in bytes
 * @speed: replay only: recorded seconds played per second (0.25 to 64)
 */
struct ui {
	struct top_opts *o;
	struct session s;
	size_t *rows;
	bool *context;
	size_t nr_rows;
	size_t sel;
	size_t top;
	char sel_path[512];
	int sel_nid;
	uint64_t sel_id;
	bool paused;
	bool detail;
	bool events;
	bool help;
	int help_top;
	bool color;
	bool utf8;
	char search[128];
	char message[2400];
	int message_color;
	long psize;
	double speed;
};

/**
 * typedef prompt_fn - acts on the text of ui_prompt() as it is typed
 * @u: the view
 * @text: the text so far
 *
 * Called after each change of the text.
 *
 * Return: false when the text matches nothing, which the prompt then says.
 */
typedef bool (*prompt_fn)(struct ui *u, const char *text);

/* ui.c */
const struct lrugen_lruvec *ui_selected(struct ui *u);
void ui_remember_selection(struct ui *u);
void ui_relayout(struct ui *u);
void ui_set_message(struct ui *u, int color, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ui_refresh_model(struct ui *u);

/* ui-draw.c */
void ui_attr_color(struct ui *u, int pair, bool on);
int ui_put(int y, int x, const char *s);
int ui_putf(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_draw(struct ui *u);
bool ui_help_key(struct ui *u, int ch);

/* ui-prompt.c */
int ui_prompt(struct ui *u, const char *question, char *out, size_t size, prompt_fn changed);
int ui_choose(struct ui *u, const char *question, const char *keys);
bool ui_confirm(struct ui *u, const char *what);

/* ui-dialogs.c */
bool ui_replay_key(struct ui *u, int ch, double *next);
void ui_reclaim_dialog(struct ui *u);
void ui_age_dialog(struct ui *u);
bool ui_find_row(struct ui *u, const char *text, size_t from, int dir, bool self);
void ui_search(struct ui *u);
void ui_filter(struct ui *u);
void ui_sort_menu(struct ui *u);
void ui_toggle_tree(struct ui *u);

#endif
