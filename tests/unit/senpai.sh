#!/usr/bin/env bash
# bench/cold/senpai, the senpai-style baseline, on a fake cgroup tree of
# plain files (--root), where the test plays the kernel: it rewrites each
# cgroup's memory.pressure between ticks and reads what senpai wrote to
# memory.high. Each step waits for a line of senpai's log, not for a time.
# Every decision of the known-answer run is recomputed here from the
# published formula and the totals senpai read (an awk model written apart
# from senpai's code): the stall of each interval, hold/probe/back-off,
# the step and the new limit within --min-size and memory.max; the
# partial probe, the back-off and the back-off capped at memory.max are
# checked against numbers worked out here too. Then: a second cgroup in
# the same run is not moved by the first's pressure; --dry-run writes
# nothing; SIGTERM, SIGINT and --ticks put memory.high back; a cgroup
# removed while it runs is dropped, the others go on, and a new cgroup
# of the same name is left alone; someone else's write to memory.high
# restarts from memory.current; bad options and cgroups exit 2 and write
# nothing.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
senpai=$LRUGEN_TOP/bench/cold/senpai
command -v python3 >/dev/null || skip "python3 is missing: run scripts/setup"
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || { kill -9 "$pid" && wait "$pid"; } 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
page=$(getconf PAGESIZE)
M=$((1024 * 1024))

# put FILE TEXT: replace a file at once, as the kernel's files change:
# senpai never reads a file half written
put() {
	printf '%s\n' "$2" >"$1.new" && mv -f "$1.new" "$1" || fail "cannot write $1"
}

# pressure DIR TOTAL: the cgroup's memory.pressure with a 'some' total
pressure() {
	put "$1/memory.pressure" "some avg10=0.00 avg60=0.00 avg300=0.00 total=$2
full avg10=0.00 avg60=0.00 avg300=0.00 total=$(($2 / 2))"
}

# mkcg DIR CURRENT HIGH MAX: a fake cgroup v2 directory with a memcg
mkcg() {
	mkdir -p "$1" || fail "cannot make $1"
	put "$1/cgroup.controllers" "cpu memory"
	put "$1/memory.current" "$2"
	put "$1/memory.high" "$3"
	put "$1/memory.max" "$4"
	pressure "$1" 1000
}

# snap DIR: every file below DIR with its size, time and contents
snap() {
	find "$1" -type f -printf '%p %s %T@\n' | sort
	find "$1" -type f -exec md5sum {} + | sort
}

# start LOG ARG...: senpai in the background, its log in LOG
start() {
	local log=$1
	shift
	"$senpai" "$@" >"$log" 2>"$log.err" &
	pid=$!
}

# wait_log LOG REGEX [N]: until LOG has N lines (default 1) that match;
# fails when senpai exits first or after 30 s
wait_log() {
	local n=${3:-1} i
	for ((i = 0; i < 1500; i++)); do
		[ "$(grep -cE -- "$2" "$1")" -ge "$n" ] && return 0
		if ! kill -0 "$pid" 2>/dev/null; then
			fail "senpai exited before $n line(s) matching '$2' (log: $(tail -n 5 "$1"); stderr: $(cat "$1.err"))"
		fi
		sleep 0.02
	done
	fail "no $n line(s) matching '$2' in 30 s: senpai is stuck or logs something else (last lines: $(tail -n 5 "$1"))"
}

# stop SIGNAL: send it and wait for senpai to exit, 30 s at most; the exit
# status goes in $rc
stop() {
	local i
	kill -"$1" "$pid" 2>/dev/null
	for ((i = 0; i < 1500; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	kill -0 "$pid" 2>/dev/null && fail "senpai still runs 30 s after SIG$1"
	wait "$pid"
	rc=$?
	pid=
}

# high DIR: DIR's memory.high while senpai may be writing it; a plain file
# is empty between its O_TRUNC and its write(), which cgroupfs never is
high() {
	local v i
	for ((i = 0; i < 500; i++)); do
		v=$(cat "$1/memory.high")
		[ -n "$v" ] && break
		sleep 0.01
	done
	echo "$v"
}

# field KEY LINE
field() { grep -o "\(^\| \)$1=[^ ]*" <<<"$2" | head -n 1 | cut -d= -f2; }

# model LOG CGROUP LO HI INTERVAL_TICKS: check every tick of CGROUP in LOG
# against the published algorithm, computed here: the stall of the
# interval from the totals read, then hold, probe or back-off, the step
# and the new limit (page aligned, within LO and HI). Prints the number
# of decisions checked, or the first that differs.
model() {
	awk -v cg="$2" -v lo="$3" -v hi="$4" -v ivt="$5" -v page="$page" \
		-v target=10000 -v maxp=0.05 -v maxb=1 -v cp=10 -v cb=20 '
	function clampx(x) {
		x = int(x / page) * page
		return x < lo ? lo : x > hi ? hi : x
	}
	function bad(what) {
		printf "line %d: %s: %s\n", NR, what, $0
		err = 1
		exit 1
	}
	{
		for (i = 1; i <= NF; i++) {
			if ($i !~ /^[a-z_]+=[^ ]*$/)
				bad("not key=value: " $i)
			k = $i
			sub(/=.*/, "", k)
			v[k] = substr($i, length(k) + 2)
		}
	}
	v["cgroup"] != cg { next }
	v["action"] == "start" {
		limit = v["new"]; last = v["total_us"]; stall = 0; since = 0; started = 1
		next
	}
	v["action"] ~ /^(hold|probe|backoff)$/ {
		if (!started)
			bad("a tick before the start line")
		d = v["total_us"] - last
		if (d < 0)
			d = 0
		last = v["total_us"]
		stall += d
		since++
		if (stall > target) {
			e = stall / target
			s = maxb * (e / cb) ^ 2
			if (s > maxb)
				s = maxb
			want = "backoff"
			nl = clampx(int(limit + limit * s))
		} else if (since >= ivt) {
			e = target / (stall > 1 ? stall : 1)
			s = maxp * (e / cp) ^ 2
			if (s > maxp)
				s = maxp
			want = "probe"
			nl = clampx(int(limit - limit * s))
		} else {
			want = "hold"
			nl = limit
		}
		if (v["action"] != want)
			bad("action " v["action"] ", the model says " want " (stall " stall ", tick " since " of " ivt ")")
		if (v["delta_us"] != d || v["stall_us"] != stall)
			bad("delta/stall " v["delta_us"] "/" v["stall_us"] ", the model says " d "/" stall)
		if (v["limit"] != limit)
			bad(sprintf("limit %s, the model says %.0f", v["limit"], limit))
		if (v["new"] != nl)
			bad(sprintf("new limit %s, the model says %.0f", v["new"], nl))
		if (want != "hold") {
			stall = 0
			since = 0
			n[want]++
		}
		limit = nl
		checked++
	}
	END {
		if (!err)
			printf "%d ticks: %d probes, %d back-offs\n", checked, n["probe"], n["backoff"]
	}' "$1"
}

# --- the known-answer run ------------------------------------------------
# /a: 1 GiB used, memory.max 1.5 GiB; /b: its neighbour at constant
# pressure. Probes of 5% (--max-probe 0.05) every 3 ticks, down to 400M:
# far enough that each step below is taken before the limit reaches the
# bound, however late the test writes (18 probes at least); the expected
# limits are bounded all the same.
root=$tmp/cg
mkcg "$root/a" $((1024 * M)) max $((1536 * M))
mkcg "$root/b" $((600 * M)) $((2000 * M)) max
log=$tmp/known.log
start "$log" --root "$root" --tick 0.05 --interval 0.15 --max-probe 0.05 --min-size 400M /a b
lo=$((400 * M)) hi_a=$((1536 * M))

# expect WHAT LINE STEP: LINE's step is STEP and its new limit is its old
# one moved by STEP, rounded down to a page, within lo and hi_a
expect() {
	local want
	want=$(awk -v l="$(field limit "$2")" -v s="$3" -v p="$page" -v lo="$lo" -v hi="$hi_a" 'BEGIN {
		x = int(int(l + l * s) / p) * p
		if (x < lo)
			x = lo
		if (x > hi)
			x = hi
		printf "%.6f %.0f", s, x }')
	expect_eq "$1: step and limit" "$(field step "$2") $(field new "$2")" "$want"
}

wait_log "$log" "cgroup=/a action=start"
line=$(grep "cgroup=/a action=start" "$log")
expect_eq "/a's first limit, memory.current" "$(field new "$line")" $((1024 * M))
# full probes: no stall, 5% of the limit each, every third tick
wait_log "$log" "cgroup=/a action=probe" 2
line=$(grep "cgroup=/a action=probe" "$log" | head -n 1)
expect_eq "first probe's tick" "$(field tick "$line")" 3
expect_eq "first probe's limit" "$(field limit "$line")" $((1024 * M))
expect "first probe" "$line" -0.05

total=1000
# 3000 us of stall in an interval, under the 10000 target: a smaller
# probe, 0.05 * (10000 / 3000 / 10)^2 of the limit
total=$((total + 3000))
pressure "$root/a" $total
wait_log "$log" "cgroup=/a action=probe .* stall_us=3000 "
line=$(grep "cgroup=/a action=probe .* stall_us=3000 " "$log")
expect "partial probe" "$line" "$(awk 'BEGIN { printf "%.6f", -0.05 * (10000 / 3000 / 10) ^ 2 }')"

# 30000 us: 3 times the target; a back-off at the very tick that read it,
# of 1.0 * (3 / 20)^2
total=$((total + 30000))
pressure "$root/a" $total
wait_log "$log" "cgroup=/a action=backoff .* stall_us=30000 "
line=$(grep "cgroup=/a action=backoff .* stall_us=30000 " "$log")
expect "back-off" "$line" "$(awk 'BEGIN { printf "%.6f", (3 / 20) ^ 2 }')"
expect_match "back-off's reason" "$line" "reason=stall-above-target "

# 400000 us, 40 times: the whole --max-backoff, a doubling, cut at
# memory.max when the limit was above half of it
total=$((total + 400000))
pressure "$root/a" $total
wait_log "$log" "cgroup=/a action=backoff .* stall_us=400000 "
line=$(grep "cgroup=/a action=backoff .* stall_us=400000 " "$log")
expect "whole back-off" "$line" 1.000000
[ "$(field limit "$line")" -le $((hi_a / 2)) ] || expect_eq "whole back-off's bound" "$(field bound "$line")" max

# then probes down to --min-size, and no further
wait_log "$log" "cgroup=/a action=probe .* bound=min " 2
line=$(grep "cgroup=/a action=probe .* bound=min " "$log" | tail -n 1)
expect_eq "limit at --min-size" "$(field limit "$line") $(field new "$line")" "$lo $lo"
expect_eq "memory.high at --min-size" "$(high "$root/a")" "$lo"

stop TERM
expect_eq "exit status after SIGTERM" "$rc" 0
got=$(model "$log" /a "$lo" "$hi_a" 3) || fail "/a: $got"
info "/a, model: $got"
n=$(model "$log" /b "$lo" $((100 * 1024 * M)) 3) || fail "/b: $n"
info "/b, model: $n"
expect_match "/b: probes only" "$n" " [1-9][0-9]* probes, 0 back-offs"
expect_eq "/a's memory.high restored" "$(cat "$root/a/memory.high")" max
expect_eq "/b's memory.high restored" "$(cat "$root/b/memory.high")" $((2000 * M))
expect_match "restore lines" "$(grep -c 'action=restore reason=sigterm ' "$log")" "^2$"
expect_match "last line" "$(tail -n 1 "$log")" "action=exit reason=sigterm$"
[ -s "$log.err" ] && fail "senpai wrote to stderr: $(cat "$log.err")"

# --- what it writes --------------------------------------------------------
# With an interval of 1000 s nothing probes, so memory.high stays as the
# last decision left it while the test reads it: memory.current at start,
# memory.max after a back-off to it.
rm -rf "$root"
mkcg "$root/a" $((140 * M)) max $((150 * M))
log=$tmp/written.log
start "$log" --root "$root" --tick 0.02 --interval 1000 /a
wait_log "$log" "cgroup=/a action=start"
expect_eq "memory.high at start, memory.current" "$(cat "$root/a/memory.high")" $((140 * M))
pressure "$root/a" 401000
wait_log "$log" "cgroup=/a action=backoff .* stall_us=400000 "
expect_eq "memory.high after a back-off, memory.max" "$(cat "$root/a/memory.high")" $((150 * M))
stop TERM
expect_eq "exit status after SIGTERM" "$rc" 0
expect_eq "memory.high restored" "$(cat "$root/a/memory.high")" max

# --- SIGINT and --ticks restore too -------------------------------------
rm -rf "$root"
mkcg "$root/a" $((300 * M)) $((400 * M)) max
start "$tmp/int.log" --root "$root" --tick 0.02 --interval 0.04 /a
wait_log "$tmp/int.log" "cgroup=/a action=probe"
v=$(high "$root/a")
[ "$v" -lt $((300 * M)) ] || fail "no probe in memory.high: $v"
stop INT
expect_eq "exit status after SIGINT" "$rc" 0
expect_eq "memory.high restored at SIGINT" "$(cat "$root/a/memory.high")" $((400 * M))
expect_match "SIGINT restore line" "$(cat "$tmp/int.log")" "cgroup=/a action=restore reason=sigint "

"$senpai" --root "$root" --tick 0.01 --interval 0.02 --ticks 6 /a >"$tmp/ticks.log" 2>&1
expect_eq "exit status after --ticks 6" "$?" 0
expect_eq "probes in 6 ticks of 2" "$(grep -c 'cgroup=/a action=probe' "$tmp/ticks.log")" 3
expect_eq "memory.high restored after --ticks" "$(cat "$root/a/memory.high")" $((400 * M))
expect_match "--ticks restore line" "$(cat "$tmp/ticks.log")" "cgroup=/a action=restore reason=ticks-done "

# --- someone else sets memory.high: start again from memory.current ----------
# (no probe in 1000 s: senpai writes nothing while the test does)
start "$tmp/ext.log" --root "$root" --tick 0.02 --interval 1000 /a
wait_log "$tmp/ext.log" "cgroup=/a action=start"
put "$root/a/memory.high" $((50 * M))
wait_log "$tmp/ext.log" "cgroup=/a action=external reason=memory.high-is-$((50 * M)) "
line=$(grep "cgroup=/a action=external" "$tmp/ext.log")
expect_eq "limit after someone else's write" "$(field new "$line")" $((300 * M))
stop TERM
expect_eq "memory.high restored after someone else's write" "$(cat "$root/a/memory.high")" $((400 * M))

# --- --dry-run writes nothing --------------------------------------------
rm -rf "$root"
mkcg "$root/a" $((300 * M)) max max
mkcg "$root/b" $((200 * M)) $((250 * M)) max
before=$(snap "$root")
"$senpai" --root "$root" --dry-run --tick 0.01 --interval 0.03 --ticks 12 /a /b >"$tmp/dry.log" 2>&1
expect_eq "exit status of --dry-run" "$?" 0
expect_eq "files after --dry-run" "$(snap "$root")" "$before"
expect_eq "dry-run probes of /a" "$(grep -c 'cgroup=/a action=probe .* written=dry-run$' "$tmp/dry.log")" 4
grep -E 'written=yes' "$tmp/dry.log" && fail "--dry-run logged a write"
line=$(grep 'cgroup=/a action=probe' "$tmp/dry.log" | tail -n 1)
[ "$(field new "$line")" -lt $((300 * M)) ] || fail "--dry-run's probes did not go down: $line"

# --- a cgroup removed while it runs ----------------------------------------
rm -rf "$root"
mkcg "$root/a" $((300 * M)) max max
mkcg "$root/b" $((200 * M)) max max
log=$tmp/removed.log
start "$log" --root "$root" --tick 0.02 --interval 0.04 /a /b
wait_log "$log" "cgroup=/b action=probe"
rm -rf "$root/b"
# a new cgroup of the same name: not the one senpai was given
mkcg "$root/b" $((200 * M)) max max
after_b=$(snap "$root/b")
wait_log "$log" "cgroup=/b action=removed reason=cgroup-gone"
n=$(grep -n "cgroup=/b action=removed" "$log" | cut -d: -f1)
# /a goes on: two more probes after /b went
for ((i = 0; i < 1500; i++)); do
	[ "$(tail -n +"$n" "$log" | grep -c 'cgroup=/a action=probe')" -ge 2 ] && break
	sleep 0.02
done
[ "$(tail -n +"$n" "$log" | grep -c 'cgroup=/a action=probe')" -ge 2 ] || fail "/a had no probe after /b was removed: $(tail -n 5 "$log")"
stop TERM
expect_eq "exit status with a cgroup removed" "$rc" 0
expect_eq "the new /b after the run" "$(snap "$root/b")" "$after_b"
expect_eq "/b lines after its removal" "$(tail -n +$((n + 1)) "$log" | grep -c 'cgroup=/b')" 0
expect_eq "/a restored" "$(cat "$root/a/memory.high")" max
expect_eq "files in the tree" "$(find "$root" -type f | sort | tr '\n' ' ')" \
	"$(for d in a b; do printf '%s ' "$root/$d/cgroup.controllers" "$root/$d/memory.current" "$root/$d/memory.high" "$root/$d/memory.max" "$root/$d/memory.pressure"; done)"
# the last cgroup gone: senpai ends by itself
start "$tmp/last.log" --root "$root" --tick 0.02 --interval 0.04 /a
wait_log "$tmp/last.log" "cgroup=/a action=probe"
rm -rf "$root/a"
wait_log "$tmp/last.log" "action=exit reason=no-cgroups-left"
stop TERM
expect_eq "exit status with no cgroup left" "$rc" 0

# --- bad input: exit 2, a message, nothing written ------------------------
rm -rf "$root"
mkcg "$root/good" $((300 * M)) max max
mkcg "$root/nopsi" $((300 * M)) max max
rm "$root/nopsi/memory.pressure"
mkcg "$root/nomem" $((300 * M)) max max
rm "$root/nomem/memory.high"
mkcg "$root/v1" $((300 * M)) max max
rm "$root/v1/cgroup.controllers"
mkcg "$root/junk" $((300 * M)) max max
put "$root/junk/memory.pressure" "nothing here"
mkcg "$root/badhigh" $((300 * M)) lots max
touch "$root/file"
ln -s "$root/good" "$root/link"
before=$(snap "$root")
while IFS='|' read -r args want; do
	# shellcheck disable=SC2086 # $args is a whole command line
	err=$("$senpai" --root "$root" $args 2>&1 >"$tmp/bad.out")
	rc=$?
	expect_eq "exit status for '$args'" "$rc" 2
	expect_match "message for '$args'" "$err" "$want"
	[ -s "$tmp/bad.out" ] && fail "'$args' printed a log: $(cat "$tmp/bad.out")"
	expect_eq "files after '$args'" "$(snap "$root")" "$before"
done <<EOF
/good /missing|senpai: /missing: no such cgroup
/good /file|senpai: /file: .* is not a directory
/good /link|senpai: /link: .* is not a directory
/good /v1|senpai: /v1: .* not a cgroup v2 directory
/good /nomem|senpai: /nomem: .* has no memory.high: turn on \+memory
/good /nopsi|senpai: /nopsi: .* has no memory.pressure: .*CONFIG_PSI
/good /junk|senpai: /junk: no 'some ... total=N' line
/good /badhigh|senpai: /badhigh: memory.high holds 'lots'
/good /|senpai: /: the root cgroup has no memory.high
/good /../etc|senpai: /../etc: has a '..'
/good good|senpai: good: the same cgroup as /good
|usage: senpai
--bogus /good|unrecognized arguments: --bogus
--interval 0 /good|argument --interval: '0' must be a number above 0
--tick x /good|argument --tick: 'x' is not a number
--tick 2 --interval 1 /good|--interval 1.0 is shorter than --tick 2.0
--pressure -5 /good|argument --pressure: '-5' must be a number above 0
--max-probe 1.5 /good|--max-probe 1.5: a probe must take less than the whole limit
--max-backoff nan /good|argument --max-backoff: 'nan' must be a number above 0
--min-size 2G --max-size 1G /good|--min-size 2147483648 is above --max-size 1073741824
--min-size 12Q /good|argument --min-size: '12Q' is not a size
--max-size 16E /good|argument --max-size: '16E' is too big
--ticks 0 /good|argument --ticks: '0' must be a number above 0
--root $tmp/nowhere /good|senpai: --root .* is not a directory
EOF
pass "known answers, dry run, restore at SIGTERM, SIGINT and --ticks, removed cgroups and bad input"
