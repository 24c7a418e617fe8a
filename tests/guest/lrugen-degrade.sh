#!/usr/bin/env bash
# suites: guest guest-asan
# lrugen when things go wrong: not root; memcgs that come and go between
# refreshes; SIGTERM, SIGINT, crash signals, SIGQUIT and SIGPIPE (the
# instance is removed each time); an unknown TERM; an instance left by a
# SIGKILLed lrugen (removed by the next one; another PID namespace's are
# left alone); a terminal too small (and then big enough again), and
# Ctrl-\; events turned off, a tracefs without our lru_gen events, as on a
# stock kernel, and no tracefs at all.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
out=/tmp/lrugen-degrade-$$
LG_FILES+=("$out" "$out.err" "$out.d")

# 1. not root. The binary is copied to where nobody can surely reach it.
if command -v setpriv >/dev/null; then
	mkdir -p $out.d
	cp "$LRUGEN_BIN" $out.d/lrugen
	chmod 755 $out.d $out.d/lrugen
	for cmd in "snapshot" "top -b -n 1 -d 1"; do
		# shellcheck disable=SC2086
		setpriv --reuid=65534 --regid=65534 --clear-groups $out.d/lrugen $cmd >$out 2>$out.err
		rc=$?
		[ "$rc" -ne 0 ] || fail "lrugen $cmd as nobody exited 0"
		grep -q 'lrugen needs root' $out.err || fail "lrugen $cmd as nobody: no 'needs root' in: $(cat $out.err)"
		info "lrugen $cmd as nobody: exit $rc: $(cat $out.err)"
	done
	expect_no_instances "as nobody"
else
	info "setpriv is missing: the not-root case is not run"
fi

# 2. a memcg that vanishes and one that appears between refreshes
GONE=/lrugen-degrade-gone-$$
NEW=/lrugen-degrade-new-$$
make_memcg $GONE
"$LRUGEN_BIN" top -b -n 6 -d 0.5 --flat >$out 2>$out.err &
pid=$!
LG_PIDS+=("$pid")
for _ in $(seq 1 100); do
	grep -q '  frame 2 ' $out && break
	sleep 0.1
done
grep -q '  frame 2 ' $out || fail "top -b -n 6 -d 0.5 printed no second frame in 10 s"
rmdir "$CGROUP_ROOT$GONE" || fail "cannot remove $GONE"
make_memcg $NEW
wait $pid
rc=$?
[ "$rc" -eq 0 ] || fail "top -b while memcgs came and went: exit status $rc: $(cat $out.err)"
frames=$(grep -c '  frame [0-9]' $out)
expect_eq "frames" "$frames" 6
frame() { awk -v n="$1" '/^lrugen .*  frame [0-9]+ / { f = $4 } f == n' $out; }
expect_match "frame 1" "$(frame 1)" "^$GONE +0 "
grep -q "^$NEW " <<<"$(frame 1)" && fail "frame 1 shows $NEW before it was made"
expect_match "frame 6" "$(frame 6)" "^$NEW +1 "
grep -q "^$GONE " <<<"$(frame 6)" && fail "frame 6 still shows $GONE, removed 2 s before"
info "top -b -n 6: $GONE in frame 1, gone by frame $(for f in 2 3 4 5 6; do grep -q "^$GONE " <<<"$(frame $f)" || { echo $f; break; }; done); $NEW from frame $(for f in 1 2 3 4 5 6; do grep -q "^$NEW " <<<"$(frame $f)" && { echo $f; break; }; done)"

# signal_top SIG: start lrugen top -b, wait for its instance, send it SIG;
# returns its exit status, with its pid in $pid
signal_top() {
	"$LRUGEN_BIN" top -b -d 0.5 >$out 2>$out.err &
	pid=$!
	LG_PIDS+=("$pid")
	inst=$(instance_of $pid)
	wait_instance $pid || fail "lrugen top -b made no instance ${inst##*/}: $(cat $out.err)"
	kill -"$1" $pid
	wait $pid
}

# 3. SIGTERM and SIGINT: a clean exit, the instance removed
for sig in TERM INT HUP; do
	signal_top $sig
	rc=$?
	[ "$rc" -eq 0 ] || fail "lrugen top -b after SIG$sig: exit status $rc: $(cat $out.err)"
	[ -d "$inst" ] && fail "SIG$sig: instance ${inst##*/} is left"
	info "SIG$sig: exit 0 after $(grep -c '  frame [0-9]' $out) frames, instance removed"
done

# 4. a crash signal: the handler removes the instance and dies of it. ASan
# catches SIGSEGV itself when it sees one, but a SIGSEGV from kill(1) goes
# to our handler either way; both builds are tested.
for sig in SEGV BUS ABRT; do
	signal_top $sig
	rc=$?
	want=$((128 + $(kill -l $sig)))
	[ "$rc" -eq "$want" ] || fail "lrugen top -b after SIG$sig: exit status $rc, want $want (killed by the signal): $(cat $out.err)"
	[ -d "$inst" ] && fail "SIG$sig: instance ${inst##*/} is left"
	grep -q 'fatal signal; tracefs instance removed' $out.err || fail "SIG$sig: no message from the crash handler: $(cat $out.err)"
	info "SIG$sig: killed by it (status $rc), instance removed"
done

# 4b. SIGQUIT (Ctrl-\) dies of it like a crash signal; SIGPIPE (top -b |
# head) too, without a message. Both used to leave the instance behind.
signal_top QUIT
rc=$?
[ "$rc" -eq 131 ] || fail "lrugen top -b after SIGQUIT: exit status $rc, want 131: $(cat $out.err)"
[ -d "$inst" ] && fail "SIGQUIT: instance ${inst##*/} is left"
info "SIGQUIT: killed by it (status $rc), instance removed"
"$LRUGEN_BIN" top -b -d 0.2 2>$out.err | head -n 1 >$out
rc=${PIPESTATUS[0]}
[ "$rc" -eq 141 ] || fail "lrugen top -b | head -n 1: exit status $rc, want 141 (SIGPIPE): $(cat $out.err)"
[ -s $out.err ] && fail "lrugen top -b | head -n 1 wrote to stderr: $(cat $out.err)"
expect_no_instances "after SIGPIPE"
info "top -b | head -n 1: SIGPIPE (status $rc), quiet, instance removed"

# 5. SIGKILL leaves the instance; the next lrugen removes it
signal_top KILL
[ -d "$inst" ] || fail "SIGKILL: no instance ${inst##*/} left, so nothing to clean up"
"$LRUGEN_BIN" top -b -n 1 -d 1 >$out 2>$out.err || fail "lrugen after a SIGKILL: exit status $?: $(cat $out.err)"
[ -d "$inst" ] && fail "the next lrugen left the stale instance ${inst##*/}"
expect_no_instances "after the stale cleanup"
info "SIGKILL: instance ${inst##*/} left, removed by the next lrugen"

# 5b. tracefs is shared by every PID namespace, but a pid means something
# only in its own: an instance naming another namespace (or of the old
# lrugen-PID form, whose namespace is unknown) may be a live lrugen in a
# container, so it stays; ours with a dead pid goes. The pid is one that
# has just exited here and that nothing has taken since.
bash -c 'exit 0' &
dead=$!
wait $dead
kill -0 $dead 2>/dev/null && fail "pid $dead was reused at once; cannot test with it"
ns=$(pid_ns)
FAKES=("$TRACEFS/instances/lrugen-$((ns + 1))-$dead" "$TRACEFS/instances/lrugen-$dead"
       "$TRACEFS/instances/lrugen-$ns-$dead")
lrugen_test_cleanup() {
	local d
	for d in "${FAKES[@]}"; do
		[ -d "$d" ] && rmdir "$d"
	done
}
for d in "${FAKES[@]}"; do
	mkdir "$d" || fail "cannot make the instance $d"
done
"$LRUGEN_BIN" top -b -n 1 -d 1 >$out 2>$out.err || fail "lrugen with foreign instances: exit status $?: $(cat $out.err)"
[ -d "${FAKES[0]}" ] || fail "lrugen removed ${FAKES[0]##*/}, which names pid $dead of another PID namespace"
[ -d "${FAKES[1]}" ] || fail "lrugen removed ${FAKES[1]##*/}, whose namespace it cannot know"
[ -d "${FAKES[2]}" ] && fail "lrugen left ${FAKES[2]##*/}: pid $dead of our namespace is gone"
rmdir "${FAKES[0]}" "${FAKES[1]}" || fail "cannot remove the test's instances"
expect_no_instances "after the namespace case"
info "stale check: ${FAKES[2]##*/} removed; ${FAKES[0]##*/} and ${FAKES[1]##*/} (namespace unknown) left alone"

# 6. --no-events: no instance, and every view says events are off
"$LRUGEN_BIN" top -b -n 1 -d 1 --no-events >$out 2>$out.err || fail "top --no-events: exit status $?"
expect_match "top -b --no-events" "$(cat $out)" "^events: off \(.+\)$"
expect_no_instances "with --no-events"
info "--no-events: $(grep '^events:' $out)"

# 7. a tracefs without our lru_gen events, as on a kernel without the
# series: a private mount namespace hides events/lru_gen
if command -v unshare >/dev/null; then
	# shellcheck disable=SC2016 # the inner bash's
	unshare -m bash -c 'mount -t tmpfs none "$1/events/lru_gen" && shift && exec "$@"' _ \
		"$TRACEFS" "$LRUGEN_BIN" top -b -n 2 -d 0.5 >$out 2>$out.err
	rc=$?
	[ "$rc" -eq 0 ] || fail "lrugen without lru_gen events: exit status $rc: $(cat $out.err)"
	expect_match "stderr without lru_gen events" "$(cat $out.err)" "no lru_gen events \(a kernel without the lrugen series\?\)"
	expect_eq "frames without lru_gen events" "$(grep -c '^events: off (no lru_gen events' $out)" 2
	expect_eq "node0 lines without lru_gen events" "$(grep -c '^node0: ' $out)" 2
	expect_no_instances "without lru_gen events"
	info "no lru_gen events: $(grep -m1 '^events:' $out)"
else
	info "unshare is missing: the case of a kernel without lru_gen events is not run"
fi

# 7b. no tracefs mounted: lrugen says so and mounts none (libtracefs's
# tracefs_tracing_dir() mounts one when it finds none)
if command -v unshare >/dev/null; then
	# (the inner bash's; it writes $out.n, not $out)
	# shellcheck disable=SC2016,SC2094
	unshare -m bash -c 'umount "$1" && ! grep -q " tracefs " /proc/mounts || exit 3
		shift; "$@"; rc=$?; grep -c " tracefs " /proc/mounts >"$0.n"; exit $rc' \
		$out "$TRACEFS" "$LRUGEN_BIN" top -b -n 1 -d 0.5 >$out 2>$out.err
	rc=$?
	[ "$rc" -ne 3 ] || fail "could not unmount $TRACEFS in a private mount namespace"
	[ "$rc" -eq 0 ] || fail "lrugen without tracefs: exit status $rc: $(cat $out.err)"
	expect_match "stderr without tracefs" "$(cat $out.err)" "tracefs is not mounted \(lrugen does not mount it\)"
	expect_eq "tracefs mounts after lrugen ran without one" "$(cat $out.n)" 0
	expect_eq "node0 lines without tracefs" "$(grep -c '^node0: ' $out)" 1
	rm -f $out.n
	info "no tracefs: $(grep -m1 '^events:' $out); nothing mounted"
fi

# 8. a terminal too small, then big enough
if command -v tmux >/dev/null; then
	tmux_start 40 8
	send "$LRUGEN_BIN top -d 1 2>$out.err; echo lrugen-exit=\$?"
	key Enter
	expect_screen "40x8 terminal" '^terminal too small'
	expect_screen "40x8 terminal" '^40x8, need 60x12'
	info "40x8: $(grep -A1 'too small' <<<"$SCREEN" | sed 's/ *$//' | tr '\n' ' ')"
	tm resize-window -t "$LG_SESSION" -x 160 -y 40
	expect_screen "160x40 terminal" '^node1: total'
	expect_screen "160x40 terminal" '^MEMCG \(tree\)(▲|\^) +NODE +ID +SEQ'
	info "160x40: the table is back"
	tm resize-window -t "$LG_SESSION" -x 50 -y 10
	expect_screen "50x10 terminal" '^50x10, need 60x12'
	tm resize-window -t "$LG_SESSION" -x 100 -y 30
	expect_screen "100x30 terminal" '^MEMCG'
	key q
	expect_screen "quit" 'lrugen-exit=[0-9]+'
	grep -q 'lrugen-exit=0' <<<"$SCREEN" || fail "lrugen top exited with $(grep -o 'lrugen-exit=[0-9]*' <<<"$SCREEN"): $(cat $out.err)"
	expect_no_instances "after the resizes"
	info "resized 40x8 -> 160x40 -> 50x10 -> 100x30, then q: exit 0"

	# an unknown terminal: a clear error, and no instance left (initscr()
	# used to exit by itself once the instance was made)
	send "clear; TERM=nosuchterm $LRUGEN_BIN top 2>$out.err; echo unknown-term-exit=\$?"
	key Enter
	expect_screen "TERM=nosuchterm" '^unknown-term-exit=[0-9]+'
	grep -q '^unknown-term-exit=1' <<<"$SCREEN" || fail "lrugen top with TERM=nosuchterm: $(grep -o '^unknown-term-exit=[0-9]*' <<<"$SCREEN"), want 1: $(cat $out.err)"
	expect_match "lrugen top with TERM=nosuchterm" "$(cat $out.err)" "cannot use the terminal \(TERM=nosuchterm\)"
	expect_no_instances "with TERM=nosuchterm"
	info "TERM=nosuchterm: exit 1: $(cat $out.err)"
	send "clear"
	key Enter

	# Ctrl-\ (SIGQUIT) in the full-screen view: the shell gets its
	# terminal back, as after q, with terminfo's sequences
	send "clear; $LRUGEN_BIN top -d 1 2>$out.err; echo lrugen-exit=\$?"
	key Enter
	expect_screen "top before Ctrl-\\" '^MEMCG'
	key "C-\\"
	expect_screen "Ctrl-\\" 'lrugen-exit=131'
	read -r alt <<<"$(tm display -p -t "$LG_SESSION" '#{alternate_on}')"
	expect_eq "alternate screen after Ctrl-\\" "$alt" 0
	send "stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|icrnl)' | tr '\n' ' '; echo =mo''des"
	key Enter
	expect_screen "terminal modes" '^(-?[a-z]+ )+=modes *$'
	modes=$(grep -oE '^(-?[a-z]+ )+=modes' <<<"$SCREEN" | tail -n 1)
	expect_eq "terminal modes after Ctrl-\\" "$modes" "icrnl icanon echo =modes"
	expect_no_instances "after Ctrl-\\"
	info "Ctrl-\\: status 131, alternate screen off, $modes, instance removed"
else
	info "tmux is missing: the terminal size case is not run"
fi
pass
