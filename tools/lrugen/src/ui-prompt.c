// SPDX-License-Identifier: GPL-2.0
/*
 * The bottom line as an input: a line of text with an optional action as
 * it is typed, or one key out of a few.
 */
#define _XOPEN_SOURCE_EXTENDED
#include <ctype.h>
#include <curses.h>
#include <string.h>

#include "ui.h"

/**
 * ui_prompt() - read a line of text on the bottom line
 * @u: the view, drawn behind the prompt
 * @question: what is asked, shown before the text
 * @out: where the text goes
 * @size: bytes at @out; the text is at most @size - 1 printable ASCII
 *        characters
 * @changed: called after each change of the text, to act on it as it is
 *           typed; NULL for none
 *
 * Enter ends the line. Esc, or a signal that stops lrugen, cancels, and
 * then @out is empty, so that nothing half-typed is ever used (a caller
 * with @changed undoes what it did). The model is not refreshed while the
 * prompt is open.
 *
 * Return: 0 with the text (perhaps empty) in @out, or -1 when cancelled.
 */
int ui_prompt(struct ui *u, const char *question, char *out, size_t size, prompt_fn changed)
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

		ui_draw(u);
		move(LINES - 1, 0);
		clrtoeol();
		/* a long text scrolls: its end, where the cursor is, stays visible */
		room = COLS - 2 - (int)strlen(question) - (match ? 0 : 12);
		if (room > 0 && (int)len > room)
			shown = out + len - room;
		ui_putf(LINES - 1, 0, "%s%s%s", question, match ? "" : "[no match] ", shown);
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

/**
 * ui_choose() - ask for one key out of a few on the bottom line
 * @u: the view, drawn behind the question
 * @question: what is asked, with the keys it takes
 * @keys: the keys taken; letters in lower case, and a letter typed in
 *        either case counts
 *
 * One key and no Enter, so that keys typed ahead cannot land in a later
 * field.
 *
 * Return: the key (a letter in lower case) if it is one of @keys, else 0:
 * Esc, any other key, or a signal that stops lrugen cancels.
 */
int ui_choose(struct ui *u, const char *question, const char *keys)
{
	int ch;

	u->message[0] = 0;
	ui_draw(u);
	timeout(-1);
	move(LINES - 1, 0);
	clrtoeol();
	ui_put(LINES - 1, 0, question);
	refresh();
	ch = getch();
	u->message[0] = 0;
	if (session_stop || ch <= 0 || ch > 127 || ch == 27)
		return 0;
	ch = tolower(ch);
	return strchr(keys, ch) ? ch : 0;
}

/**
 * ui_confirm() - ask "WHAT? [y/N]" on the bottom line
 * @u: the view
 * @what: what is to be done, without the question mark
 *
 * Return: true for y or Y, false for any other key.
 */
bool ui_confirm(struct ui *u, const char *what)
{
	char q[1500];

	snprintf(q, sizeof(q), "%s? [y/N] ", what);
	return ui_choose(u, q, "y") == 'y';
}
