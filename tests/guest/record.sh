#!/usr/bin/env bash
# suites: guest guest-asan
# timeout: 600
# lrugen record, end to end. A workload in a memcg that lives only during
# the recording (96M of anon in a 64M memcg, twice over, then a proactive
# request and a debugfs aging, all through lrugen) is recorded with
# -- COMMAND; trace-cmd report decodes every event through the plugin, with
# every lru_gen event kind and both cgroup events of that memcg, and one S
# and one E marker line per snapshot of lrugen's summary, as many as the
# --json-log holds (same numbers, same clock). Then each way a recording
# ends: a command's exit status (7; 127 for one that cannot run), SIGINT
# and SIGTERM (a readable file, replacing the one there was), Ctrl-C on a
# terminal (one SIGINT for the command, none for trace-cmd), SIGKILL of
# lrugen (trace-cmd finishes the file and removes the instance), a killed
# trace-cmd (exit 1, ftrace_enabled put back), a full tmpfs (stopped
# early, exit 1, a readable file); and bad input, which changes nothing.
# After each, no instance, no trace-cmd, no temporary file, and the
# top-level tracing settings are what they were.
# Measured under TCG on the debug kernel: 112 to 152 s, 128 to 184 s with ASan.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
require_tmux
command -v trace-cmd >/dev/null || fail "trace-cmd is not installed (scripts/setup)"
plugins=$LRUGEN_TOP/build/tracepoints-plugin
[ -f "$plugins/plugin_lru_gen.so" ] || fail "no $plugins/plugin_lru_gen.so: run make progs on the host"

dir=$LRUGEN_SCRATCH/record-$$
tiny=/mnt/record-tiny-$$
mkdir -p "$dir" || fail "cannot make $dir"
LG_FILES+=("$dir")
ftrace_enabled=/proc/sys/kernel/ftrace_enabled
ftrace_was=$(cat $ftrace_enabled 2>/dev/null)
lrugen_test_cleanup() {
	mountpoint -q "$tiny" && umount "$tiny"
	rmdir "$tiny" 2>/dev/null
	[ -n "$ftrace_was" ] && echo "$ftrace_was" >$ftrace_enabled
}

# settings: what trace-cmd or lrugen could change outside an instance
settings() {
	local f
	for f in tracing_on current_tracer set_event buffer_size_kb trace_clock \
		events/enable set_ftrace_pid tracing_cpumask trace_options; do
		printf '%s: %s\n' "$f" "$(tr '\n' ' ' <"$TRACEFS/$f")"
	done
	printf 'ftrace_enabled: %s\n' "$ftrace_was"
}
baseline=$(settings)

# expect_clean WHAT: nothing of a recording is left
expect_clean() {
	local now left
	expect_no_instances "$1"
	left=$(pgrep -a -x trace-cmd)
	[ -z "$left" ] || fail "$1: trace-cmd still runs: $left"
	# -xdev: the guest's /tmp is a tmpfs, but a checkout under the
	# host's /tmp (a CI clone) is bound into it over 9p, and walking its
	# kernel tree took some 20 s a call, 400 s a run
	left=$(find "$dir" /tmp -xdev -name '*.cpu[0-9]*' 2>/dev/null)
	[ -z "$left" ] || fail "$1: trace-cmd's temporary files are left: $left"
	now=$(settings)
	[ "$now" = "$baseline" ] || fail "$1: tracing settings changed: $(diff <(echo "$baseline") <(echo "$now"))"
}

# start NAME ARG...: lrugen record -o $dir/NAME.dat --json-log
# $dir/NAME.json ARG... in the background, stderr in $dir/NAME.err; sets pid
start() {
	local name=$1
	shift
	"$LRUGEN_BIN" record -o "$dir/$name.dat" --json-log "$dir/$name.json" "$@" 2>"$dir/$name.err" &
	pid=$!
	LG_PIDS+=("$pid")
}

# wait_snapshots NAME N: until NAME's --json-log holds N snapshots
wait_snapshots() {
	local i n
	for ((i = 0; i < 600; i++)); do
		# (no file yet: 0)
		n=$({ grep -c '^# snapshot ' "$dir/$1.json" || :; } 2>/dev/null)
		n=${n:-0}
		[ "$n" -ge "$2" ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "$1: lrugen record exited before $2 snapshots: $(cat "$dir/$1.err")"
		sleep 0.1
	done
	fail "$1: fewer than $2 snapshots in 60 s: $(cat "$dir/$1.err")"
}

# finish NAME WANT: wait for lrugen record; its exit status must be WANT
finish() {
	local rc
	wait "$pid"
	rc=$?
	[ "$rc" -eq "$2" ] || fail "$1: lrugen record exited $rc, want $2: $(cat "$dir/$1.err")"
}

# summary_of NAME: "SNAPSHOTS EVENTS LOST" from the summary line
summary_of() {
	sed -nE 's/^lrugen record: [^,]+, ([0-9]+) snapshots, ([0-9]+) events, ([0-9]+) lost, .*/\1 \2 \3/p' \
		"$dir/$1.err" | tail -n 1
}

# report FILE: trace-cmd report of FILE through the plugin, or fail
report() {
	local out
	out=$(TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$1" 2>&1) ||
		fail "trace-cmd report $1 failed: $(tail -n 5 <<<"$out")"
	grep -q 'FAILED TO PARSE' <<<"$out" && fail "trace-cmd report $1: $(grep -m 3 'FAILED TO PARSE' <<<"$out")"
	echo "$out"
}

# marker_lines TEXT TYPE: the lines of ours of one type in a report
marker_lines() {
	sed -nE "s/^(.*tracing_mark_write: )?(lrugen $2( .*)?)\$/\2/p" <<<"$1"
}

# check_recording NAME REASON STATUS: the summary, the markers of
# NAME.dat and the snapshots of NAME.json agree, and the X line says
# REASON and STATUS; sets rep, snaps and events
check_recording() {
	local name=$1 s e x lost js
	read -r snaps events lost <<<"$(summary_of "$name")"
	[ -n "$snaps" ] || fail "$name: no summary line: $(cat "$dir/$name.err")"
	rep=$(report "$dir/$name.dat")
	s=$(marker_lines "$rep" S | grep -c .)
	e=$(marker_lines "$rep" E | grep -c .)
	expect_eq "$name: S lines (snapshots begun) against the summary's snapshots" "$s" "$snaps"
	expect_eq "$name: E lines (snapshots complete) against the summary's snapshots" "$e" "$snaps"
	expect_eq "$name: H lines" "$(marker_lines "$rep" H | grep -c .)" 1
	# the JSON log: the S lines' numbers, clock and read time, in order
	# (a binary from before READ_MS writes neither)
	js=$(sed -nE 's/^# snapshot ([0-9]+) ([0-9]+)( [0-9]+)?$/\1 \2\3/p' "$dir/$name.json")
	expect_eq "$name: the --json-log's snapshots against the S lines" \
		"$js" "$(marker_lines "$rep" S | awk '{ print $3, $4 (NF >= 6 ? " " $6 : "") }')"
	x=$(marker_lines "$rep" X)
	expect_match "$name: the X line" "$x" "^lrugen X reason=$2 status=$3 lost=$lost\$"
	info "$name: $snaps snapshots, $events events, $lost lost; $x"
}

# --- a workload, recorded around it -------------------------------------

M=/lrugen-record-$$
LG_MEMCGS+=("$M")
work=$dir/work.sh
cat >"$work" <<'EOF'
# the recorded command: a memcg made and removed while lrugen records
exec 2>"$3"
. "$LRUGEN_TOP/vm/guest/lib.sh"
m=$1 lrugen=$2
memcg_make "$m" || exit 1
echo 64M >"$CGROUP_ROOT$m/memory.max" || exit 1
# memcg reclaim: aging, births, evictions, retirements
memcg_run "$m" 0 memhog 96M 2 >/dev/null || { echo "memhog 96M 2 in $m failed" >&2; exit 1; }
memhog_start 0 48M "$m" 600 || exit 1
"$lrugen" reclaim --node 0 --memcg "$m" 16M >/dev/null || exit 1
"$lrugen" age --node 0 --memcg "$m" >/dev/null || exit 1
memcg_kill "$m" && memcg_remove "$m"
EOF
start work -d 0.5 -- bash "$work" "$M" "$LRUGEN_BIN" "$dir/work.log"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || fail "recording the workload: exit status $rc: $(cat "$dir/work.err" "$dir/work.log")"
check_recording work command-exited 0
work_snaps=$snaps
[ "$(summary_of work | cut -d' ' -f3)" -eq 0 ] ||
	fail "the ring buffer lost events with 4 MiB per CPU; the counts above cannot be compared"
expect_eq "lines on stderr (no progress off a terminal)" "$(grep -c . "$dir/work.err")" 1
[ "$events" -gt 0 ] || fail "the summary counts no events"
# the summary counts the events in the ring buffers when the recording
# stopped; the few that come before trace-cmd turns tracing off are in the
# file too
n=$(grep -vc -e 'tracing_mark_write: ' -e '^lrugen ' -e '^cpus=' -e '^$' <<<"$rep")
info "work: $events events in the summary, $n in the file"
[ "$n" -ge "$events" ] && [ "$n" -le $((events + 20)) ] ||
	fail "the summary counts $events events, and the file holds $n"
for ev in $LRU_GEN_EVENTS; do
	n=$(grep -cE ": $ev: " <<<"$rep")
	[ "$n" -gt 0 ] || fail "trace-cmd report: no $ev event in the recording"
	info "work: $ev: $n"
done
grep -qE ': lru_gen_birth: .* born for debugfs' <<<"$rep" || fail "no birth from lrugen age in the recording"
# the memcg's identity: cgroup_mkdir's id is the memcg_id of the snapshots
id=$(sed -nE "s|.*: cgroup_mkdir: +root=[0-9]+ id=([0-9]+) level=1 path=$M\$|\1|p" <<<"$rep")
[ -n "$id" ] || fail "no cgroup_mkdir of $M: $(grep -m 3 cgroup_ <<<"$rep")"
grep -qE ": cgroup_rmdir: +root=[0-9]+ id=$id level=1 path=$M\$" <<<"$rep" ||
	fail "no cgroup_rmdir of $M (id $id): $(grep -m 3 cgroup_ <<<"$rep")"
grep -q "\"memcg_id\": $id, \"memcg\": \"$M\"" "$dir/work.json" ||
	fail "no snapshot in the --json-log shows $M with memcg_id $id"
expect_match "the header" "$(marker_lines "$rep" H)" \
	"^lrugen H 1 .* interval_ms=500 .* instance=lrugen-$(pid_ns)-$pid start=[0-9]+\.[0-9]{3} mono_ms=[0-9]+\$"
expect_match "the command" "$(marker_lines "$rep" C)" "^lrugen C bash $work $M "
expect_clean "after the recorded workload"

# --- the command's exit status --------------------------------------------

start exit7 -- sh -c 'exit 7'
finish exit7 7
check_recording exit7 command-exited 7
expect_clean "after exit 7"
start noexec -- /nonexistent-$$
finish noexec 127
grep -q "cannot run /nonexistent-$$: No such file or directory" "$dir/noexec.err" ||
	fail "no message for a command that cannot run: $(cat "$dir/noexec.err")"
check_recording noexec command-exited 127
expect_clean "after a command that cannot run"

# --- signals --------------------------------------------------------------

for sig in INT TERM; do
	# an existing file is replaced, as trace-cmd does
	echo old >"$dir/sig$sig.dat"
	start "sig$sig" -d 0.5
	wait_snapshots "sig$sig" 2
	kill -"$sig" "$pid"
	finish "sig$sig" 0
	check_recording "sig$sig" signal 0
	expect_clean "after SIG$sig"
done

# Ctrl-C on a terminal reaches lrugen and the command (lrugen's process
# group), not trace-cmd (a group of its own), and lrugen does not pass it
# on again: the command counts one SIGINT, and exits 101 a second later;
# lrugen takes a last snapshot, the file ends with its X line, and lrugen
# returns 101. On the terminal, the progress line, and then the summary
# in its place.
tmux_start 200 20
# shellcheck disable=SC2016 # expanded by the shell in the pane
cmd='sh -c '"'"'n=0; trap "n=\$((n + 1))" INT; while [ $n -eq 0 ]; do sleep 0.1; done; sleep 1; exit $((100 + n))'"'"
send "$LRUGEN_BIN record -o $dir/tty.dat --json-log $dir/tty.json -- $cmd; echo tty-exit=\$?"
key Enter
pid=$(for ((i = 0; i < 50; i++)); do p=$(lrugen_pid) && [ -n "$p" ] && echo "$p" && break; sleep 0.1; done)
[ -n "$pid" ] || fail "no lrugen record in the tmux pane: $(screen)"
wait_snapshots tty 2
expect_screen "the progress line" "^recording [0-9.]+m?s: [0-9]+ snapshots, [0-9]+ events, [0-9]+ lost, [0-9.]+[KMG]? so far -> $dir/tty.dat"
info "on the terminal: $(grep '^recording ' <<<"$SCREEN")"
key C-c
expect_screen "lrugen's exit" "^tty-exit=[0-9]+" 60
grep -q '^tty-exit=101$' <<<"$SCREEN" ||
	fail "Ctrl-C: $(grep '^tty-exit' <<<"$SCREEN"), want 101 (the command got one SIGINT): $SCREEN"
grep -q '^recording ' <<<"$SCREEN" && fail "the progress line is still on the screen: $SCREEN"
grep '^lrugen record: ' <<<"$SCREEN" >"$dir/tty.err"
check_recording tty command-exited 101
tmux_stop
expect_clean "after Ctrl-C on a terminal"

# SIGKILL: trace-cmd gets SIGINT (its parent-death signal), writes the
# file and removes the instance; there is no X line
start kill -d 0.5
wait_snapshots kill 2
kill -KILL "$pid"
# (bash would say "Killed")
{ wait "$pid"; } 2>/dev/null
for ((i = 0; i < 600; i++)); do
	[ -z "$(lrugen_instances)" ] && ! pgrep -x trace-cmd >/dev/null && break
	sleep 0.1
done
rep=$(report "$dir/kill.dat")
s=$(marker_lines "$rep" S | grep -c .)
[ "$s" -ge 2 ] || fail "SIGKILL: $s S lines in the file trace-cmd finished, want 2 or more"
[ -z "$(marker_lines "$rep" X)" ] || fail "SIGKILL: an X line in the file: $(marker_lines "$rep" X)"
expect_clean "after SIGKILL of lrugen"
info "SIGKILL: trace-cmd finished kill.dat ($s snapshots) and removed the instance in $((i / 10)).$((i % 10)) s"

# trace-cmd killed: lrugen stops, removes what it left and puts
# ftrace_enabled back (trace-cmd writes 1 there at start)
[ -n "$ftrace_was" ] && echo 0 >$ftrace_enabled
start tcdied -d 0.5
wait_snapshots tcdied 2
tc=$(pgrep -P "$pid" -x trace-cmd)
[ -n "$tc" ] || fail "no trace-cmd under lrugen record $pid"
kill -KILL "$tc"
finish tcdied 1
grep -q "trace-cmd record ended (killed by signal 9" "$dir/tcdied.err" ||
	fail "no message for a killed trace-cmd: $(cat "$dir/tcdied.err")"
if [ -n "$ftrace_was" ]; then
	expect_eq "ftrace_enabled after trace-cmd was killed" "$(cat $ftrace_enabled)" 0
	echo "$ftrace_was" >$ftrace_enabled
fi
[ -e "$dir/tcdied.dat" ] && fail "a file from a killed trace-cmd: $dir/tcdied.dat"
expect_clean "after trace-cmd was killed"

# --- a full disk ----------------------------------------------------------

mkdir -p "$tiny" && mount -t tmpfs -o size=32M tmpfs "$tiny" || fail "cannot mount a tmpfs on $tiny"
"$LRUGEN_BIN" record -o "$tiny/full.dat" --json-log "$dir/full.json" --buffer-kb 64 -d 0.2 \
	2>"$dir/full.err" &
pid=$!
LG_PIDS+=("$pid")
wait_snapshots full 2
# leave 4 MiB: less than finishing needs with lrugen's reserve, more
# than the file takes
avail=$(df -k --output=avail "$tiny" | tail -n 1)
dd if=/dev/zero of="$tiny/filler" bs=1k count=$((avail - 4096)) status=none ||
	fail "cannot fill $tiny"
finish full 1
grep -q "stopped early, while it can still be finished" "$dir/full.err" ||
	fail "no message for the full disk: $(cat "$dir/full.err")"
ln -s "$tiny/full.dat" "$dir/full.dat"
check_recording full disk-full 1
expect_clean "after the full disk"

# --- bad input changes nothing --------------------------------------------

echo keep >"$dir/keep.dat"
# bad CASE WANT_STATUS MESSAGE_REGEX COMMAND...
bad() {
	local what=$1 want=$2 re=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" -eq "$want" ] || fail "$what: exit status $rc, want $want: $out"
	expect_match "$what: the message" "$out" "$re"
	expect_eq "$what: the file that was there" "$(cat "$dir/keep.dat")" keep
	[ -e "$dir/new.dat" ] && fail "$what: $dir/new.dat was made"
	expect_clean "$what"
	info "$what: $out"
}
bad "-d 0" 2 "the delay must be 0.1 to 3600 seconds" "$LRUGEN_BIN" record -d 0 -o "$dir/new.dat"
bad "--duration 0" 2 "--duration must be 0.1 to" "$LRUGEN_BIN" record --duration 0 -o "$dir/new.dat"
bad "a command without --" 2 "a command to record goes after --" "$LRUGEN_BIN" record -o "$dir/new.dat" sleep 1
bad "--duration and a command" 2 "exclude each other" "$LRUGEN_BIN" record --duration 1 -o "$dir/new.dat" -- true
bad "no such directory" 1 "there is no directory /nonexistent-$$" "$LRUGEN_BIN" record -o "/nonexistent-$$/x.dat"
bad "a read-only directory" 1 "Read-only file system; give -o a file" "$LRUGEN_BIN" record -o "/usr/lrugen-$$.dat"
bad "a directory as the output" 1 "is a directory: give -o a file name" "$LRUGEN_BIN" record -o "$dir"
# "not root" is checked on the host (tests/unit/lrugen-offline.sh). It
# was moved there after two CI runs stopped at 600 s here, blamed on
# another uid's first exec over 9p; expect_clean's walk of a /tmp
# checkout (above) is the likelier cause, as a run took 513 s without it
bad "no trace-cmd" 1 "trace-cmd is not on the PATH: .* apt install trace-cmd" env PATH=/nonexistent "$LRUGEN_BIN" record -o "$dir/keep.dat"
bad "LRUGEN_ROOT" 1 "a recording needs the live system: unset it" env LRUGEN_ROOT=/nonexistent "$LRUGEN_BIN" record -o "$dir/keep.dat"
bad "no tracefs" 1 "tracefs is not mounted .*: mount -t tracefs" \
	unshare -m sh -c "umount -a -t tracefs && exec \"\$0\" record -o \"\$1\"" "$LRUGEN_BIN" "$dir/keep.dat"
rm -f "$tiny/filler" "$tiny/full.dat"
dd if=/dev/zero of="$tiny/filler" bs=1M count=28 status=none || fail "cannot fill $tiny"
bad "no room to start" 1 "only [0-9.]+M free in $tiny, and a recording needs at least" \
	"$LRUGEN_BIN" record -o "$tiny/x.dat"
[ -e "$tiny/x.dat" ] && fail "no room to start: $tiny/x.dat was made"
pass "recorded a workload (all lru_gen events, its memcg's life, $work_snaps snapshots); exit 7, 127, SIGINT, SIGTERM, SIGKILL, trace-cmd killed, full disk and bad input leave nothing behind"
