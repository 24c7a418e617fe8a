#!/usr/bin/env bash
# suites: guest
# timeout: 600
# (45 to 97 s in 4 runs under TCG; how long depends on the back-off after
# the first probe, 10 to 62% of the limit, which the probes then undo 1%
# a second: up to 400 s are allowed for that.)
# bench/cold/senpai on real memcgs: memload's 160 MiB (a quarter of it hot,
# the rest written once and never touched again) in a memcg of its own;
# senpai, at a 1 s interval and a 2 ms target, brings memory.high and the
# memcg's usage below 80% of that while the memcg's memory PSI stays
# under 5% of the time and memload runs on, without an OOM kill. A second
# memcg given to senpai is removed while it runs: senpai logs it and goes
# on. It never touches the parent's or a sibling's files, and SIGTERM puts
# memory.high back to what it was.
set -u
. "$(dirname "$0")/../lib/reclaim.sh"
require_root
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
# SENPAI_BIN: another senpai to test (a changed copy, to see this test fail)
senpai=${SENPAI_BIN:-$LRUGEN_TOP/bench/cold/senpai}
top=/senpai-$$
work=$top/work
other=$top/other
gone=$top/gone
log=${LRUGEN_OUT:-/tmp}/senpai.log
pid=''
load=''
cleanup() {
	[ -z "$pid" ] || { kill -9 "$pid" && wait "$pid"; } 2>/dev/null
	memcg_kill "$work"
	memcg_remove "$top"
}
trap cleanup EXIT
need_memcg "$work"
need_memcg "$other"
need_memcg "$gone"
cg=$CGROUP_ROOT
[ -e "$cg$work/memory.pressure" ] || fail "$cg$work/memory.pressure is missing: the kernel needs CONFIG_PSI=y"
MIB=$((1024 * 1024))
size=$((160 * MIB))
goal=$((size * 8 / 10))
# distinct values senpai must leave alone, and the one it must put back
echo $((2048 * MIB)) >"$cg$top/memory.high"
echo $((777 * MIB)) >"$cg$other/memory.high"
echo $((900 * MIB)) >"$cg$other/memory.max"
echo $((1024 * MIB)) >"$cg$work/memory.high"

# files FILE...: each file's path and contents, for before and after
files() {
	local f
	for f in "$@"; do
		printf '%s=%s\n' "$f" "$(tr '\n' ' ' <"$f")"
	done
}
others=()
for f in memory.high memory.max memory.low memory.min memory.swap.max memory.oom.group; do
	others+=("$cg$top/$f" "$cg$other/$f")
done
before=$(files "${others[@]}")

# wait_until SECONDS WHAT COMMAND...: until COMMAND succeeds, every 0.2 s,
# or fail saying WHAT did not happen
wait_until() {
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 5; i++)); do
		"$@" && return 0
		[ -z "$pid" ] || kill -0 "$pid" 2>/dev/null ||
			fail "senpai exited before $what: $(tail -n 5 "$log"; cat "$log.err")"
		sleep 0.2
	done
	fail "$what did not happen in $secs s (senpai's last lines: $(tail -n 3 "$log" 2>/dev/null))"
}
anon_bytes() { awk '$1 == "anon" { print $2 }' "$cg$work/memory.stat"; }
populated() { [ "$(anon_bytes)" -ge $((size - 2 * MIB)) ]; }
logged() { grep -qE -- "$1" "$log"; }
# some_us: the memcg's 'some' stall total, microseconds
some_us() { sed -n 's/^some .*total=\([0-9]*\)$/\1/p' "$cg$work/memory.pressure"; }
below_goal() {
	[ "$(cat "$cg$work/memory.high")" -lt $goal ] && [ "$(cat "$cg$work/memory.current")" -lt $goal ]
}

memcg_spawn "$work" - memload --anon $size --hot 25:100 --accesses 100000000000 >"${log%.log}-memload.out" 2>&1
load=$!
wait_until 180 "memload's $((size / MIB)) MiB in $work" populated

s0=$(some_us) t0=$(date +%s%N)
"$senpai" --tick 0.25 --interval 1 --pressure 2000 --min-size 16M "$work" "$gone" >"$log" 2>"$log.err" &
pid=$!
wait_until 30 "senpai's start in $work" logged "cgroup=$work action=start reason=from-current"
wait_until 30 "a probe of $gone" logged "cgroup=$gone action=probe"
memcg_remove "$gone" || fail "cannot remove $gone (above)"
wait_until 30 "senpai's note that $gone is gone" logged "cgroup=$gone action=removed reason=cgroup-gone"

wait_until 400 "memory.high and memory.current of $work below $((goal / MIB)) MiB" below_goal
s1=$(some_us) t1=$(date +%s%N)
high=$(cat "$cg$work/memory.high") cur=$(cat "$cg$work/memory.current")
stall_pm=$(((s1 - s0) * 1000 * 1000 / (t1 - t0)))
probes=$(grep -c "cgroup=$work action=probe" "$log")
backoffs=$(grep -c "cgroup=$work action=backoff" "$log")
info "after $(((t1 - t0) / 1000000000)) s: memory.high $((high / MIB)) MiB, memory.current $((cur / MIB)) MiB of $((size / MIB)) MiB; stall $((s1 - s0)) us, $((stall_pm / 10)).$((stall_pm % 10))% of the time; $probes probes, $backoffs back-offs"
[ "$stall_pm" -le 50 ] || fail "the memcg stalled $((stall_pm / 10)).$((stall_pm % 10))% of the time under senpai, more than 5%: the controller let pressure run away (log: $log)"
kill -0 "$load" 2>/dev/null || fail "memload stopped under senpai: $(cat "${log%.log}-memload.out")"
expect_eq "OOM kills in $work" "$(awk '$1 == "oom_kill" { print $2 }' "$cg$work/memory.events")" 0
n=$(grep -n "cgroup=$gone action=removed" "$log" | head -n 1 | cut -d: -f1)
expect_eq "lines about $gone after it was removed" "$(tail -n +$((n + 1)) "$log" | grep -c "cgroup=$gone ")" 0
cpu=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
info "senpai's CPU time so far: $((cpu * 1000 / $(getconf CLK_TCK))) ms"

kill -TERM "$pid"
wait_until 30 "senpai's exit after SIGTERM" logged "action=exit reason=sigterm"
wait "$pid"
rc=$?
pid=
expect_eq "senpai's exit status after SIGTERM" "$rc" 0
expect_eq "$work's memory.high after SIGTERM" "$(cat "$cg$work/memory.high")" $((1024 * MIB))
expect_match "restore line" "$(cat "$log")" "cgroup=$work action=restore reason=sigterm .* new=$((1024 * MIB)) written=yes"
expect_eq "parent's and sibling's files" "$(files "${others[@]}")" "$before"
names=$(sed -n 's/.* cgroup=\([^ ]*\) .*/\1/p' "$log" | LC_ALL=C sort -u | tr '\n' ' ')
expect_eq "cgroups in senpai's log" "$names" "- $gone $work "
[ -s "$log.err" ] && fail "senpai wrote to stderr: $(cat "$log.err")"
pass
