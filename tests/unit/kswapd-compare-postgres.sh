#!/usr/bin/env bash
# bench/kswapd-compare/workloads/postgres on bad input, on the host: it
# refuses wrong usage, settings, sizes and a run before prepare, each
# with a message that names the fix, before it starts a server or writes
# a file. What it measures is tested in the guest (tests/e2e, or
# bench/kswapd-compare/run --workload postgres).
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
pg=$LRUGEN_TOP/bench/kswapd-compare/workloads/postgres
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LRUGEN_SCRATCH=$tmp/scratch
mkdir -p "$LRUGEN_SCRATCH"
unset KC_LIMIT KC_MEMCG_PCT

[ -x "$pg" ] || fail "$pg is missing or not executable"

refused() { # WHAT REGEX ARGS...: exit status 1 and the message
	local what=$1 want=$2 got rc
	shift 2
	got=$("$@" 2>&1)
	rc=$?
	expect_eq "exit status for $what" "$rc" 1
	expect_match "message for $what" "$got" "$want"
}

usage='usage: postgres check\|prepare DIR SIZE_PCT SEED\|run RUNDIR MEMCG SEED ACCESSES\|cleanup'
refused "no command" "$usage" "$pg"
refused "an unknown command" "$usage" "$pg" start
refused "prepare without its arguments" "usage: postgres prepare DIR SIZE_PCT SEED" "$pg" prepare "$tmp/p"
refused "run without its arguments" "usage: postgres run RUNDIR MEMCG SEED ACCESSES" "$pg" run "$tmp/r"
refused "a bad KC_LIMIT" "KC_LIMIT is memcg or global, not 'both'" env KC_LIMIT=both "$pg" check
refused "a run before prepare" \
	"run: no $LRUGEN_SCRATCH/kc-postgres/pg.env: run 'postgres prepare $LRUGEN_SCRATCH/kc-postgres SIZE_PCT SEED' first" \
	"$pg" run "$tmp/r" /sys/fs/cgroup/none 1 0
expect_eq "cleanup with no server" "$("$pg" cleanup 2>&1; echo "rc=$?")" "rc=0"

# The refusals below come after check, which needs PostgreSQL here.
if ! msg=$("$pg" check 2>&1); then
	expect_match "check's message without PostgreSQL" "$msg" "run scripts/setup"
	skip "PostgreSQL is not installed on this host ($msg): the size refusals need check to pass"
fi
refused "a SIZE_PCT that is not a number" "prepare: SIZE_PCT is a percentage, not 'big'" \
	"$pg" prepare "$tmp/p" big 1
refused "a bad KC_MEMCG_PCT" "KC_MEMCG_PCT is a percentage of MemTotal below 100, not '100'" \
	env KC_MEMCG_PCT=100 "$pg" prepare "$tmp/p" 150 1
# 25% of 40 MiB is a 10 MiB limit; 50% of it, 5 MiB, is no database
refused "a database smaller than pgbench's smallest" \
	"prepare: SIZE_PCT 50 makes 5 MiB, less than pgbench's smallest database \(scale 1, about 23 MiB\)" \
	env LRUGEN_KC_MEM_KB=40960 "$pg" prepare "$tmp/p" 50 1

expect_eq "files left by the refusals" "$(ls -A "$LRUGEN_SCRATCH"; ls -d "$tmp"/p "$tmp"/r 2>/dev/null)" ""
pass
