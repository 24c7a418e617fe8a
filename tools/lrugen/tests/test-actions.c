// SPDX-License-Identifier: GPL-2.0
/*
 * The reclaim request as the full-screen view takes it ("64M
 * swappiness=max flags=clean"), parsed and checked without writing
 * anything: the same checks the command line's options go through.
 */
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "tap.h"
#include "util.h"

static void test_requests(void)
{
	static const struct {
		const char *line;
		int nid;
		int good;			/* parses and passes reclaim_validate() */
		unsigned long long bytes;
		const char *swappiness, *flags;
	} cases[] = {
		{ "64M", 0, 1, 64ULL << 20, NULL, NULL },
		{ "64M swappiness=max", 0, 1, 64ULL << 20, "max", NULL },
		{ "1G  swappiness=0   flags=clean", 1, 1, 1ULL << 30, "0", "clean" },
		{ "4096 flags=clean", 0, 1, 4096, NULL, "clean" },
		{ "15E", 0, 1, 15ULL << 60, NULL, NULL },
		{ "", 0, 0, 0, NULL, NULL },
		{ "   ", 0, 0, 0, NULL, NULL },
		{ "0", 0, 0, 0, NULL, NULL },
		{ "16E", 0, 0, 0, NULL, NULL },
		{ "64Q", 0, 0, 0, NULL, NULL },
		{ "swappiness=60", 0, 0, 0, NULL, NULL },
		{ "64M swappiness=201", 0, 0, 0, NULL, NULL },
		{ "64M swappiness=+5", 0, 0, 0, NULL, NULL },
		{ "64M swappiness=", 0, 0, 0, NULL, NULL },
		{ "64M swappiness=60 swappiness=max", 0, 0, 0, NULL, NULL },
		{ "64M flags=bogus", 0, 0, 0, NULL, NULL },
		{ "64M flags=clean flags=clean", 0, 0, 0, NULL, NULL },
		{ "64M swappiness=max flags=clean", 0, 0, 0, NULL, NULL },
		{ "64M memcg=5", 0, 0, 0, NULL, NULL },
		{ "64M 32M", 0, 0, 0, NULL, NULL },
		/* memory.reclaim (no node) takes no flags */
		{ "64M flags=clean", -1, 0, 0, NULL, NULL },
		{ "64M swappiness=30", -1, 1, 64ULL << 20, "30", NULL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct reclaim_req q = { .nid = cases[i].nid, .memcg_id = 5, .memcg_path = "/a" };
		const char *swappiness, *flags, *why;
		struct action_result r = { 0 };
		char line[128], err[200] = "";
		int good;

		snprintf(line, sizeof(line), "%s", cases[i].line);
		good = !parse_reclaim_request(line, &q, err, sizeof(err)) && !reclaim_validate(&q, &r);
		if (!cases[i].good) {
			why = err[0] ? err : r.message;
			ok(!good && why[0], "'%s' on node %d refused: %s", cases[i].line,
			   cases[i].nid, why);
			continue;
		}
		swappiness = q.swappiness ? q.swappiness : "-";
		flags = q.flags ? q.flags : "-";
		ok(good && q.bytes == cases[i].bytes &&
		   !!q.swappiness == !!cases[i].swappiness &&
		   (!q.swappiness || !strcmp(q.swappiness, cases[i].swappiness)) &&
		   !!q.flags == !!cases[i].flags && (!q.flags || !strcmp(q.flags, cases[i].flags)),
		   "'%s' on node %d: %llu bytes, swappiness %s, flags %s", cases[i].line, cases[i].nid,
		   (unsigned long long)q.bytes, swappiness, flags);
	}
}

int main(void)
{
	test_requests();
	return tap_done();
}
