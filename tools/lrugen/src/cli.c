// SPDX-License-Identifier: GPL-2.0
/*
 * What the subcommands share: option values, checked strictly, and the
 * lruvecs an action touched, printed before and after.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arstate.h"
#include "cli.h"
#include "session.h"
#include "parse.h"
#include "util.h"
#include "view.h"

/**
 * option_delay() - the value of -d, checked by parse_delay()
 * @s: the option's argument
 * @d: set to the delay in seconds
 *
 * Return: 0, or -1 after saying on stderr what a delay must be.
 */
int option_delay(const char *s, double *d)
{
	if (parse_delay(s, d)) {
		fprintf(stderr, "lrugen: the delay must be 0.1 to 3600 seconds, not '%s'\n", s);
		return -1;
	}
	return 0;
}

/**
 * seconds_arg() - a number of seconds given on the command line
 * @cmd: the subcommand, for the message ("wss")
 * @opt: the option, for the message ("-w")
 * @s: the option's argument
 * @lo: the least taken
 * @hi: the most taken
 * @zero: whether 0 is taken too; without it, 0 is refused even when @lo
 *        is 0 (then any positive number up to @hi is taken)
 * @sec: set to the seconds
 *
 * Return: 0, or -1 after saying on stderr, as "lrugen CMD: OPT: ...", what
 * the value must be.
 */
int seconds_arg(const char *cmd, const char *opt, const char *s, double lo, double hi, bool zero,
		double *sec)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v) ||
	    !(v == 0 ? zero : v >= lo && v <= hi)) {
		if (lo == 0 && !zero)
			fprintf(stderr, "lrugen %s: %s: '%s' is not a number of seconds above 0 and at most %.0f: give one such as 30 or 0.5\n",
				cmd, opt, s, hi);
		else
			fprintf(stderr, "lrugen %s: %s: '%s' is not a number of seconds from %g to %.0f%s: give one such as 30 or 0.5\n",
				cmd, opt, s, lo, hi, zero && lo > 0 ? ", or 0" : "");
		return -1;
	}
	*sec = v;
	return 0;
}

/**
 * state_file_arg() - check the --state FILE of lrugen top or exporter
 * @cmd: the subcommand, for the message ("top", "exporter")
 * @arg: the option's argument
 *
 * FILE is taken as lrugen autoreclaim takes its own --state, and as
 * arstate_load() reads it: an absolute path under lrugen_root, a relative
 * one from the working directory. A file that is not there is no
 * controller (yet), as for the default; a path that can never be a state
 * file is refused: empty, too long, a directory, a path through what is
 * not a directory, or what is not a regular file (a FIFO would block each
 * read).
 *
 * Return: 0, or -1 after saying why on stderr.
 */
int state_file_arg(const char *cmd, const char *arg)
{
	char full[PATH_MAX];
	struct stat st;

	if (!*arg) {
		fprintf(stderr, "lrugen %s: --state: an empty path: give the file lrugen autoreclaim --state writes, such as %s\n",
			cmd, ARSTATE_DEFAULT_PATH);
		return -1;
	}
	if (snprintf(full, sizeof(full), "%s%s", arg[0] == '/' ? lrugen_root : "", arg) >=
	    (int)sizeof(full)) {
		fprintf(stderr, "lrugen %s: --state: the path is too long\n", cmd);
		return -1;
	}
	if (stat(full, &st)) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "lrugen %s: --state: %s: %s: give the file lrugen autoreclaim --state writes\n",
			cmd, full, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "lrugen %s: --state: %s is a directory: give the file lrugen autoreclaim --state writes, such as %s%sautoreclaim.state\n",
			cmd, full, arg, arg[strlen(arg) - 1] == '/' ? "" : "/");
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "lrugen %s: --state: %s is not a regular file: give the file lrugen autoreclaim --state writes\n",
			cmd, full);
		return -1;
	}
	return 0;
}

/**
 * parse_count() - a count given on the command line
 * @what: the option, for the message ("-n", "--node")
 * @s: the option's argument: digits only, no sign, no spaces, as the
 *     kernel's own files take them
 * @max: the largest count taken
 * @n: set to the count; it may change even on failure
 *
 * Return: 0 for a count from 0 to @max, or -1 after saying on stderr what
 * it must be.
 */
int parse_count(const char *what, const char *s, long max, long *n)
{
	char *end;

	errno = 0;
	*n = isdigit((unsigned char)*s) ? strtol(s, &end, 10) : -1;
	if (*n < 0 || errno || *end || *n > max) {
		fprintf(stderr, "lrugen: %s must be a number from 0 to %ld, not '%s'\n", what, max, s);
		return -1;
	}
	return 0;
}

/**
 * node_arg() - the value of --node
 * @s: the option's argument
 * @nid: set to the node id
 *
 * Return: 0 for a node id below LRUGEN_MAX_NODES, or -1 after saying on
 * stderr what it must be. Whether the node has memory is not checked here.
 */
int node_arg(const char *s, int *nid)
{
	long n;

	if (parse_count("--node", s, LRUGEN_MAX_NODES - 1, &n))
		return -1;
	*nid = (int)n;
	return 0;
}

/**
 * print_lruvecs() - print the lruvecs an action touches, before or after it
 * @m: the model
 * @memcg_id: the memcg, or -1 for the whole node: then only the lruvecs
 *            of memcg id 1 (the root) and 0 (no memcg, or a removed one)
 *            are printed
 * @nid: the node, or -1 for every node
 * @when: the first word of each line, "before" or "after"
 *
 * One line per lruvec: its path, node, sequence numbers, pages and
 * generations.
 */
void print_lruvecs(const struct lrugen_model *m, int64_t memcg_id, int nid,
			  const char *when)
{
	size_t i;

	for (i = 0; i < m->nr_lruvecs; i++) {
		const struct lrugen_lruvec *l = &m->lruvecs[i];
		char gens[256], a[16], f[16], name[256];

		if ((memcg_id >= 0 && l->memcg_id != (uint64_t)memcg_id) || (nid >= 0 && l->nid != nid))
			continue;
		if (memcg_id < 0 && l->memcg_id > 1)
			continue;	/* whole node: show the root only */
		format_gens(l, gens, sizeof(gens));
		printf("%-6s %s node%d: seq %" PRIu64 "..%" PRIu64 ", anon %s file %s: %s\n", when,
		       fmt_name(name, sizeof(name), l->path), l->nid,
		       l->min_seq[0] < l->min_seq[1] ? l->min_seq[0] : l->min_seq[1], l->max_seq,
		       fmt_bytes(a, sizeof(a), (double)lruvec_pages(l, LRUGEN_ANON) * sysconf(_SC_PAGESIZE)),
		       fmt_bytes(f, sizeof(f), (double)lruvec_pages(l, LRUGEN_FILE) * sysconf(_SC_PAGESIZE)),
		       gens);
	}
}

/**
 * open_snapshot() - a session for the one-shot commands
 * @s: the session
 *
 * Opens a session without events and takes one sample. A sample that had
 * trouble but is usable is taken, and the warning printed on stderr.
 *
 * Return: 0, or -1 after saying why on stderr (the session is then
 * closed).
 */
int open_snapshot(struct session *s)
{
	if (session_open(s, false) || session_refresh(s) < 0) {
		fprintf(stderr, "lrugen: %s\n", s->error);
		session_close(s);
		return -1;
	}
	if (s->warning[0])
		fprintf(stderr, "lrugen: %s\n", s->warning);
	return 0;
}
