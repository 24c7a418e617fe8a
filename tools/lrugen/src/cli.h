/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line: one function per subcommand, and what they share.
 */
#ifndef LRUGEN_CLI_H
#define LRUGEN_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

void usage(FILE *f, const char *cmd);

int option_delay(const char *s, double *d);
int seconds_arg(const char *cmd, const char *opt, const char *s, double lo, double hi, bool zero,
		double *sec);
int state_file_arg(const char *cmd, const char *arg);
int parse_count(const char *what, const char *s, long max, long *n);
int node_arg(const char *s, int *nid);

void print_lruvecs(const struct lrugen_model *m, int64_t memcg_id, int nid, const char *when);

struct session;
int open_snapshot(struct session *s);

int cmd_top(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_reclaim(int argc, char **argv);
int cmd_age(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_wss(int argc, char **argv);
int cmd_exporter(int argc, char **argv);
int cmd_autoreclaim(int argc, char **argv);

#endif
