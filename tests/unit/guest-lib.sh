#!/usr/bin/env bash
# vm/guest/lib.sh, the guest helper library, on the host against stand-ins:
# a directory tree for the cgroup2 root, captured nodeN files and
# lru_gen_full, a file for lru_gen/enabled and a fake memhog. Everything
# runs under 'set -euo pipefail', as bench/kswapd-compare/guest sources
# the library, so a helper that fails where it should not, or reads an
# unset variable, ends the run early; and once more with no option at all.
# Checked: the paths' defaults and overrides; memcg_make (ancestors,
# +memory, refusing an existing memcg, "..", the root); memcg_run and
# memcg_spawn (the task joins cgroup.procs, $! is the command); memcg_remove
# (descendants first, what is gone is fine, the root refused); memcg_id;
# the node counters and the lruvec readers against numbers worked out by
# hand from the fixtures; lru_gen_set/restore; memhog_start waiting for
# "holding" and reporting an early exit; cache_fill. Failures return
# non-zero with a message on stderr and nothing on stdout.
set -u
. "$(dirname "$0")/../lib/test.sh"
fx=$LRUGEN_TOP/tests/fixtures/lrugen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the checks, in a script of their own, run under each set of options
cat >"$tmp/checks.sh" <<'EOF'
top=$1 fx=$2 tmp=$3
unset LRUGEN_BIN LRUGEN_PROGS LRUGEN_SCRATCH
LRUGEN_TOP=$top
. "$top/vm/guest/lib.sh"
. "$top/vm/guest/lib.sh"	# twice: nothing doubles
bad() { echo "BAD: $*"; exit 1; }
eq() { [ "$2" = "$3" ] || bad "$1: got '$2', want '$3'"; }
# fails CMD...: CMD returns non-zero, prints nothing on stdout and an error
# on stderr
fails() {
	local out err
	if out=$("$@" 2>"$tmp/err"); then bad "$* succeeded"; fi
	err=$(cat "$tmp/err")
	[ -z "$out" ] || bad "$* printed on stdout: $out"
	[ -n "$err" ] || bad "$* failed without a message"
	echo "refused: $*: $err"
}

eq "LRUGEN_BIN" "$LRUGEN_BIN" "$top/tools/lrugen/build/lrugen"
eq "LRUGEN_BIN_SAN" "$LRUGEN_BIN_SAN" "$top/tools/lrugen/build-san/lrugen"
eq "LRUGEN_PROGS" "$LRUGEN_PROGS" "$top/build/progs"
eq "LRUGEN_SCRATCH" "$LRUGEN_SCRATCH" /mnt/scratch
eq "build/progs in PATH" "$(tr ':' '\n' <<<"$PATH" | grep -cx "$top/build/progs")" 1
eq "LRUGEN_BIN overridden" "$(LRUGEN_BIN=/x/lrugen bash -c '. "$0"; echo "$LRUGEN_BIN"' "$top/vm/guest/lib.sh")" /x/lrugen

# memcgs, on a plain directory tree standing in for cgroup2
CGROUP_ROOT=$tmp/cg
mkdir "$CGROUP_ROOT"
memcg_make /a/b c "$CGROUP_ROOT/d"
for d in a a/b c d; do [ -d "$CGROUP_ROOT/$d" ] || bad "memcg_make did not make /$d"; done
eq "root's subtree_control" "$(cat "$CGROUP_ROOT/cgroup.subtree_control")" +memory
eq "/a's subtree_control" "$(cat "$CGROUP_ROOT/a/cgroup.subtree_control")" +memory
[ ! -e "$CGROUP_ROOT/a/b/cgroup.subtree_control" ] || bad "memcg_make turned on +memory below the new memcg"
fails memcg_make /a/b
fails memcg_make /
fails memcg_make /a/../x
fails memcg_make ""
[ ! -e "$CGROUP_ROOT/x" ] || bad "memcg_make /a/../x made /x"
eq "memcg_id /a/b" "$(memcg_id /a/b)" "$(stat -c %i "$CGROUP_ROOT/a/b")"
eq "memcg_id /" "$(memcg_id /)" "$(stat -c %i "$CGROUP_ROOT")"
fails memcg_id /nope

eq "memcg_run's output and status" "$(memcg_run /c - sh -c 'echo ran; exit 3'; echo "rc=$?")" "ran
rc=3"
pid=$(cat "$CGROUP_ROOT/c/cgroup.procs")
[ -n "$pid" ] || bad "memcg_run wrote no pid to /c's cgroup.procs"
memcg_spawn /d - sleep 30 >"$tmp/spawn.out"
sp=$!
for _ in $(seq 50); do [ "$(cat "/proc/$sp/comm" 2>/dev/null)" = sleep ] && break; sleep 0.1; done
eq "the command behind \$! of memcg_spawn" "$(cat "/proc/$sp/comm")" sleep
eq "the pid in /d's cgroup.procs" "$(cat "$CGROUP_ROOT/d/cgroup.procs")" "$sp"
kill "$sp"
wait "$sp" 2>/dev/null || :
rm -f "$CGROUP_ROOT/c/cgroup.procs" "$CGROUP_ROOT/d/cgroup.procs"
fails memcg_run /nope - true
fails memcg_run /c

rm "$CGROUP_ROOT/cgroup.subtree_control" "$CGROUP_ROOT/a/cgroup.subtree_control"
memcg_remove /a /c /gone
for d in a c; do [ ! -d "$CGROUP_ROOT/$d" ] || bad "memcg_remove left /$d"; done
fails memcg_remove /
touch "$CGROUP_ROOT/d/busy"	# rmdir refuses it, as cgroup does a memcg with tasks
fails memcg_remove /d
rm "$CGROUP_ROOT/d/busy"
memcg_remove "$CGROUP_ROOT/d"
[ ! -d "$CGROUP_ROOT/d" ] || bad "memcg_remove left /d"
memcg_kill /gone

# caches and counter refreshes, into a stand-in for /proc/sys/vm; then
# without one, as for a caller that is not root
PROC_VM=$tmp/vm
mkdir "$PROC_VM"
drop_caches
eq "drop_caches wrote" "$(cat "$PROC_VM/drop_caches")" 3
stat_refresh
eq "stat_refresh wrote" "$(cat "$PROC_VM/stat_refresh")" 1
PROC_VM=$tmp/no-vm
fails drop_caches
stat_refresh || bad "stat_refresh failed: it is best effort"

# node counters, on captured meminfo and vmstat
NODES=$tmp/node
mkdir -p "$NODES/node0"
cp "$fx/node0-meminfo.txt" "$NODES/node0/meminfo"
cp "$fx/node0-vmstat.txt" "$NODES/node0/vmstat"
eq "node_meminfo 0 MemFree" "$(node_meminfo 0 MemFree)" 677820
eq "node_meminfo 0 Active(file)" "$(node_meminfo 0 "Active(file)")" 3204
eq "node_file_mb 0" "$(node_file_mb 0)" $(((3204 + 102828) / 1024))
eq "node_anon_mb 0" "$(node_anon_mb 0)" $((205356 / 1024))
eq "node_lru_mb 0" "$(node_lru_mb 0)" $(((388 + 204900 + 3204 + 102828) / 1024))
want=$(awk '$1 == "nr_inactive_file" { print $2 }' "$fx/node0-vmstat.txt")
eq "node_vmstat 0 nr_inactive_file" "$(node_vmstat 0 nr_inactive_file)" "$want"
fails node_meminfo 7 MemFree
fails node_meminfo 0 NoSuchField
fails node_vmstat 0 no_such_counter
fails node_file_mb 7
fails vmstat no_such_counter

# lruvecs, on captured lru_gen_full files
LRU_GEN_FULL=$fx/lru_gen_full.txt
eq "lruvec_gens 1 0" "$(lruvec_gens 1 0 | tr '\n' ,)" "1 0 43,2 0 0,3 91 773,4 4 28,"
eq "lruvec_seqs 1 0" "$(lruvec_seqs 1 0)" "4 1 1"
eq "lruvec_seqs 1 1" "$(lruvec_seqs 1 1)" "3 0 0"
eq "lruvec_pages 1 0" "$(lruvec_pages 1 0)" "95 844"
LRU_GEN_FULL=$fx/lru_gen_full-after-reclaim.txt
eq "lruvec_gens 2 0, evicted" "$(lruvec_gens 2 0 | head -n 1)" "2 0x 0x"
eq "lruvec_seqs 2 0, after reclaim" "$(lruvec_seqs 2 0)" "5 3 3"
eq "lruvec_min 2 0" "$(lruvec_min 2 0)" 3
eq "lruvec_pages 2 0, without the evicted" "$(lruvec_pages 2 0)" "38425 33"
# one type evicted further than the other
LRU_GEN_FULL=$tmp/full
printf '%s\n' "memcg     5 /t" " node     0" "          3      100          0x          7x" \
	"          4      100          5x          9 " "          5      100         11          0 " \
	"                     0          0r          0e          0p          0r          0e          0p" \
	"          6       50          2           3 " "                             2116T       1323Y         12F         10A" \
	>"$LRU_GEN_FULL"
eq "lruvec_seqs 5 0, min_seqs apart" "$(lruvec_seqs 5 0)" "6 5 4"
eq "lruvec_min 5 0" "$(lruvec_min 5 0)" 4
eq "lruvec_pages 5 0" "$(lruvec_pages 5 0)" "13 12"
fails lruvec_gens 999 0
fails lruvec_seqs 1 7
fails lruvec_pages 999 0
fails lruvec_min 999 0

# MGLRU on and off, on a stand-in file
LRU_GEN_ENABLED=$tmp/enabled
lru_gen_restore	# nothing to restore yet
echo 0x0007 >"$LRU_GEN_ENABLED"
eq "lru_gen_get" "$(lru_gen_get)" 0x0007
lru_gen_set n
lru_gen_set y
eq "after lru_gen_set y" "$(cat "$LRU_GEN_ENABLED")" y
lru_gen_restore
eq "after lru_gen_restore" "$(cat "$LRU_GEN_ENABLED")" 0x0007
LRU_GEN_ENABLED=$tmp/none/enabled
fails lru_gen_get

# memhog_start, with stand-ins for memhog: one that gets there, one that dies
LRUGEN_PROGS=$tmp/progs
mkdir -p "$LRUGEN_PROGS"
printf '#!/bin/sh\nsleep 0.5\necho "memhog: holding for $3 s"\nexec sleep "$3"\n' >"$LRUGEN_PROGS/memhog"
chmod +x "$LRUGEN_PROGS/memhog"
memhog_start - 1M "" 30
[ -n "$MEMHOG_PID" ] || bad "memhog_start set no MEMHOG_PID"
# the stand-in execs sleep once it has said "holding"
for _ in $(seq 50); do [ "$(cat "/proc/$MEMHOG_PID/comm" 2>/dev/null)" = sleep ] && break; sleep 0.1; done
eq "the command behind MEMHOG_PID" "$(cat "/proc/$MEMHOG_PID/comm")" sleep
kill "$MEMHOG_PID"
wait "$MEMHOG_PID" 2>/dev/null || :
printf '#!/bin/sh\necho "memhog: out of luck" >&2\nexit 1\n' >"$LRUGEN_PROGS/memhog"
fails memhog_start - 1M
grep -q 'out of luck' "$tmp/err" || bad "memhog_start did not show memhog's own error: $(cat "$tmp/err")"
fails memhog_start -

# cache_fill
cache_fill - "$tmp/cache" 2
eq "cache_fill's file" "$(stat -c %s "$tmp/cache")" $((2 * 1024 * 1024))
fails cache_fill - "$tmp/no/such/dir/cache" 1
echo "all checks passed"
EOF

for opts in "-euo pipefail" ""; do
	rm -rf "$tmp/run"
	mkdir "$tmp/run"
	# shellcheck disable=SC2086
	out=$(bash ${opts:+$opts} "$tmp/checks.sh" "$LRUGEN_TOP" "$fx" "$tmp/run" 2>&1 </dev/null)
	rc=$?
	[ "$rc" -eq 0 ] && grep -q '^all checks passed$' <<<"$out" ||
		fail "under 'set ${opts:-(no options)}': exit status $rc: $(tail -n 5 <<<"$out")"
	info "set ${opts:-(no options)}: $(grep -c '^refused:' <<<"$out") failures refused with a message, all checks passed"
done
pass "$(grep '^refused:' <<<"$out" | head -n 3)"
