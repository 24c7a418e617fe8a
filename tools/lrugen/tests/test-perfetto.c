// SPDX-License-Identifier: GPL-2.0
/*
 * lib/perfetto.c without root: JSON strings as the export writes them
 * (memcg paths are whatever a cgroup's creator chose), and the export of
 * the VM's recording lrugen.dat, collected and written to memory.
 */
#include <string.h>

#include "perfetto.h"
#include "tap.h"

static void json_is(const char *in, const char *want, const char *what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		printf("Bail out! open_memstream failed\n");
		exit(1);
	}
	pf_json_string(f, in);
	fclose(f);
	ok(!strcmp(buf, want), "%s: got %s, want %s", what, buf, want);
	free(buf);
}

int main(void)
{
	char err[1024] = "", warn[1024] = "", path[1024];
	const char *dir = getenv("LRUGEN_FIXTURES");
	struct pf_stats st;
	struct pf_data *d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	json_is("/a/b", "\"/a/b\"", "a plain path");
	json_is("/q\"b\\s", "\"/q\\\"b\\\\s\"", "quote and backslash");
	json_is("/t\tn\n\x7f", "\"/t\\u0009n\\u000a\\u007f\"", "C0 and DEL");
	json_is("/c\xc2\x85", "\"/c\\u0085\"", "C1");
	json_is("/\xc3\xa9t\xc3\xa9", "\"/\xc3\xa9t\xc3\xa9\"", "UTF-8 as it is");
	json_is("/x\xff\xc3", "\"/x\\ufffd\\ufffd\"", "bytes that are not UTF-8");
	json_is("/\xed\xa0\x80", "\"/\\ufffd\\ufffd\\ufffd\"", "a UTF-16 surrogate");

	snprintf(path, sizeof(path), "%s/rec/lrugen.dat", dir ? dir : "../../tests/fixtures/lrugen");
	d = pf_collect(path, err, sizeof(err), warn, sizeof(warn));
	if (!ok(d != NULL, "collect lrugen.dat: %s", err))
		return tap_done();
	ok(!warn[0], "no warning: %s", warn);
	f = open_memstream(&buf, &len);
	ok(f && !pf_write(d, f, 0, &st, err, sizeof(err)), "write lrugen.dat: %s", err);
	if (f)
		fclose(f);
	ok_eq(st.snapshots, 10, "snapshots");
	ok_eq(st.births, 4, "births");
	ok_eq(st.retires, 8, "retirements");
	ok_eq(st.evicts, 32, "evictions");
	ok_eq(st.aging, 4, "aging walks");
	ok_eq(st.proactive, 1, "proactive requests");
	ok_eq(st.cgroups, 2, "cgroup events");
	ok_eq(st.closed + st.dropped, 0, "unmatched begins and ends");
	ok(!st.plain, "not plain");
	ok(len > 2 && buf[0] == '{' && !strcmp(buf + len - 3, "]}\n"), "one JSON object, ended");
	free(buf);
	pf_free(d);

	snprintf(path, sizeof(path), "%s/rec/no-lru-gen.dat", dir ? dir : "../../tests/fixtures/lrugen");
	d = pf_collect(path, err, sizeof(err), warn, sizeof(warn));
	ok(!d && strstr(err, "no lru_gen events"), "no-lru-gen.dat refused: %s", err);
	pf_free(d);
	return tap_done();
}
