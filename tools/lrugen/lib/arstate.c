// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's state file (arstate.h). Not written yet: every
 * call fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arstate.h"

const char *arstate_name(enum arstate_state s)
{
	static const char *const names[AR_NR_STATES] = {
		"wait", "idle", "reclaim", "dry-run", "backoff", "gone", "error",
	};

	return (unsigned int)s < AR_NR_STATES ? names[s] : "?";
}

int arstate_write(const char *path, const struct arstate *st)
{
	(void)path;
	(void)st;
	return -ENOSYS;
}

int arstate_parse(FILE *f, struct arstate *st, char *err, size_t errlen)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	snprintf(err, errlen, "not implemented");
	return -ENOSYS;
}

int arstate_read(const char *path, struct arstate *st, char *err, size_t errlen)
{
	(void)path;
	return arstate_parse(NULL, st, err, errlen);
}

const struct arstate_lruvec *arstate_find(const struct arstate *st, int nid, uint64_t memcg_id)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (st->lruvecs[i].nid == nid && st->lruvecs[i].memcg_id == memcg_id)
			return &st->lruvecs[i];
	return NULL;
}

void arstate_free(struct arstate *st)
{
	free(st->lruvecs);
	memset(st, 0, sizeof(*st));
}
