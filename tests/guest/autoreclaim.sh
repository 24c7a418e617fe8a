#!/usr/bin/env bash
# suites: guest guest-asan
# timeout: 480
# (about 2 to 3 minutes under TCG; the limit leaves room for a busy host)
# lrugen autoreclaim on real memcgs under /autoreclaim-PID, each check a
# numbered step (a "step N ok: ..." line; the first that fails ends the
# test, saying what went wrong):
#   a: memload's 96M on node 0, 24M hot, 72M written once and never again
#      (a 50 ms ticker on its CPU, as in lrugen-wss), and a memhog of 24M
#      on node 1; b: a sibling never given, 64M held on node 0; c: 32M
#      held, removed while the controller runs; d: a thrasher under its own
#      16M memory.max, for the back-offs.
# 1. bad configurations (a missing memcg, the root, a node that does not
#    exist, --swappiness 201, -a 0, a memcg twice, debugfs unmounted with
#    -i > 0, not root) exit 2 with a message and change nothing: no state
#    file, no generation, no proactive reclaim on either node.
# 2. -n logs dry-run decisions asking for more than 0 bytes of a and
#    reclaims and ages nothing; --duration ends it with status 0.
# 3. --node 1 --max-step 4M --min-size: requests only on node 1 (log and
#    both nodes' pgsteal_proactive_node), none over 4M, a's usage never
#    below the minimum; node 0 not aged; SIGINT ends it with status 0.
# 4. a and c, --max-step 6M: a loses at least 70% of its 96M cold memory
#    while its hot pages stay (refaults under 10% of them); c is removed
#    after its first reclaim: "gone", a goes on being reclaimed, and a new
#    memcg at c's path is neither aged nor reclaimed nor named; SIGTERM
#    ends it with status 0.
# 5. back-offs on d: --max-psi 0 while d stalls without refaults gives
#    psi-above-bound, --max-promotion 0 while d refaults gives
#    promotion-above-bound; no request during a back-off, each back-off
#    that follows another twice as long.
# 6. the last memcg removed: it exits 0 with reason no-memcgs-left.
# Throughout: b is never reclaimed, aged or changed, no memcg's limits
# are written, each node's pgsteal_proactive_node grows by what the logs
# say was reclaimed there, the state file exists while it runs and is
# removed at every exit.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
grep -q zram /proc/swaps || fail "no zram swap: run the guest with vm/run --zram"
[ -e "$NODES/node1/reclaim" ] || fail "no $NODES/node1/reclaim: this test needs two nodes with the lrugen kernel (vm/run's default)"
[ -e "$CGROUP_ROOT/memory.pressure" ] || fail "no $CGROUP_ROOT/memory.pressure: the kernel needs CONFIG_PSI=y"
"$LRUGEN_BIN" help autoreclaim >/dev/null 2>&1 ||
	fail "$LRUGEN_BIN has no autoreclaim command: build it (make lrugen)"

MIB=$((1024 * 1024))
psize=$(getconf PAGESIZE)
ncpu=$(getconf _NPROCESSORS_ONLN)
# the logs where vm/run keeps them; state files and the copy run as
# nobody on the guest's tmpfs
out=${LRUGEN_OUT:-/tmp}/autoreclaim-$$
tmp=/tmp/autoreclaim-$$
mkdir -p "$out" "$tmp" || fail "cannot make $out and $tmp"
LG_FILES+=("$tmp")
top=/autoreclaim-$$
A=$top/a
B=$top/b
C=$top/c
D=$top/d
make_memcg $top
need_memcg $A
need_memcg $B
need_memcg $C
need_memcg $D
cg=$CGROUP_ROOT
ida=$(memcg_id $A) && idb=$(memcg_id $B) && idc=$(memcg_id $C) && idd=$(memcg_id $D) ||
	fail "no ids for the test's memcgs (above)"
step=0
step_t=$SECONDS
ar=''		# the running controller's pid
arlog=''	# its log, state file and stderr
arstate=''
arerr=''

# ok WHAT: one step passed, and how long it took
ok() {
	step=$((step + 1))
	echo "step $step ok ($((SECONDS - step_t)) s): $*"
	step_t=$SECONDS
}

# mstat MEMCG KEY: a memory.stat counter
mstat() {
	awk -v k="$2" '$1 == k { print $2; f = 1 } END { if (!f) print "none" }' "$cg$1/memory.stat"
}

# seqs MEMCG: "max_seq@node0 max_seq@node1" of its lruvecs
seqs() {
	local id n max s=''
	id=$(memcg_id "$1") || fail "no id for $1"
	for n in 0 1; do
		read -r max _ <<<"$(lruvec_seqs "$id" $n)"
		[ -n "$max" ] || fail "no lruvec of $1 (id $id) on node $n in lru_gen_full"
		s+="$max "
	done
	echo "${s% }"
}

# proactive: both nodes' pgscan_proactive_node and pgsteal_proactive_node,
# folded from the CPUs (node_vmstat refreshes)
proactive() {
	local n
	for n in 0 1; do
		printf 'node%s scan %s steal %s ' $n "$(node_vmstat $n pgscan_proactive_node)" \
			"$(node_vmstat $n pgsteal_proactive_node)"
	done
	echo
}

# steal NODE: the node's pgsteal_proactive_node, refreshed
steal() {
	node_vmstat "$1" pgsteal_proactive_node || fail "no pgsteal_proactive_node for node $1 (above)"
}

# limits MEMCG...: the limit files no controller of ours may write
limits() {
	local m f
	for m in "$@"; do
		for f in memory.high memory.max memory.low memory.min memory.swap.max; do
			printf '%s/%s=%s ' "$m" $f "$(cat "$cg$m/$f")"
		done
	done
	echo
}

# sel FILE KEY=VALUE...: the lines of a log that have each KEY=VALUE as a field
sel() {
	local f=$1
	shift
	awk -v want="$*" '
	BEGIN { n = split(want, w, " ") }
	{
		delete have
		for (j = 1; j <= NF; j++)
			have[$j] = 1
		for (i = 1; i <= n; i++)
			if (!(w[i] in have))
				next
		print
	}' "$f"
}

# total LINES KEY: the sum of KEY=value over the lines
total() {
	field "$1" "$2" | awk '{ n += $1 } END { printf "%d\n", n }'
}

# lines_after FILE N: the lines of FILE after its Nth
lines_after() {
	tail -n +$(($2 + 1)) "$1"
}

# line_no FILE KEY=VALUE...: the number of the first line with them, or 0
line_no() {
	local f=$1
	shift
	awk -v want="$*" '
	BEGIN { n = split(want, w, " ") }
	{
		delete have
		for (j = 1; j <= NF; j++)
			have[$j] = 1
		for (i = 1; i <= n; i++)
			if (!(w[i] in have))
				next
		print NR
		exit
	}' "$f" | grep . || echo 0
}

# tail_log: the controller's last lines, for a failure message
tail_log() {
	echo "(log $arlog:"
	tail -n 8 "$arlog" 2>/dev/null
	echo "stderr: $(tail -n 5 "$arerr" 2>/dev/null))"
}

# wait_until SECONDS WHAT COMMAND...: until COMMAND succeeds, every 0.2 s,
# while the controller runs; or fail saying WHAT did not happen
wait_until() {
	local secs=$1 what=$2 i
	shift 2
	for ((i = 0; i < secs * 5; i++)); do
		"$@" && return 0
		[ -z "$ar" ] || kill -0 "$ar" 2>/dev/null ||
			fail "lrugen autoreclaim exited before $what $(tail_log)"
		sleep 0.2
	done
	fail "$what did not happen in $secs s $(tail_log)"
}
logged() { [ "$(line_no "$arlog" "$@")" -gt 0 ]; }
state_written() { head -n 1 "$arstate" 2>/dev/null | grep -q "^lrugen-autoreclaim version=1 pid=$ar "; }

# ar_start NAME ARG...: lrugen autoreclaim ARG... in the background, its
# log in $arlog, its state file $arstate; returns once it has written it
ar_start() {
	arlog=$out/$1.log arerr=$out/$1.err arstate=$tmp/$1.state
	shift
	rm -f "$arstate"
	info "run: lrugen autoreclaim $*"
	ar_t=$SECONDS
	"$LRUGEN_BIN" autoreclaim --state "$arstate" "$@" >"$arlog" 2>"$arerr" &
	ar=$!
	LG_PIDS+=("$ar")
	wait_until 30 "the state file $arstate" state_written
	expect_eq "first line of $arlog" "$(head -n 1 "$arlog" | sed -n 's/^t=[0-9.]* action=\([a-z-]*\) .*/\1/p')" config
}

# ar_end REASON [SIGNAL]: send SIGNAL if given; wait for it to exit (30 s)
# and check status 0, the exit line and the state file removed
ar_end() {
	local reason=$1 sig=${2:-} i rc last
	[ -z "$sig" ] || kill -s "$sig" "$ar"
	for ((i = 0; i < 150; i++)); do
		kill -0 "$ar" 2>/dev/null || break
		sleep 0.2
	done
	kill -0 "$ar" 2>/dev/null && fail "lrugen autoreclaim still runs 30 s after ${sig:-its end ($reason)} $(tail_log)"
	wait "$ar"
	rc=$?
	ar=''
	expect_eq "exit status after ${sig:-$reason} (stderr: $(cat "$arerr"))" $rc 0
	last=$(tail -n 1 "$arlog")
	expect_match "last line after ${sig:-$reason}" "$last" "^t=[0-9.]+ action=exit reason=$reason( |$)"
	[ ! -e "$arstate" ] || fail "the state file $arstate is still there after the exit ($reason)"
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$arerr" &&
		fail "sanitizer report: $(cat "$arerr")"
	[ ! -s "$arerr" ] || info "stderr: $(cat "$arerr")"
	logs+=("$arlog")
	info "ran $((SECONDS - ar_t)) s, to $reason: $(tail -n 1 "$arlog")"
}
logs=()	# the logs of the runs so far

# --- the workloads --------------------------------------------------------
hot_pages=$((96 * MIB / psize / 4))
memcg_spawn $A 0 "$LRUGEN_PROGS/memload" --anon 96M --hot 25:100 --writes 0 \
	--accesses 1099511627776 >"$out/memload-a.out" 2>&1 || fail "memload did not start"
mload=$!
LG_PIDS+=("$mload")
# Under TCG a page's accessed bit is set again only when its translation
# leaves QEMU's software TLB, which a CR3 load empties: a task of another
# mm waking on memload's CPU every 50 ms makes those switches (see
# lrugen-wss.sh)
"$LRUGEN_PROGS/onnode" 0 bash -c 'while :; do sleep 0.05; done' &
LG_PIDS+=($!)
memcg_hog $A 1 24
memcg_hog $B 0 64
memcg_hog $C 0 32
want=$((96 * MIB / psize - 64))
populated() {
	local anon
	read -r anon _ <<<"$(lruvec_pages "$ida" 0)"
	kill -0 $mload 2>/dev/null || fail "memload exited: $(cat "$out/memload-a.out")"
	[ "${anon:-0}" -ge $want ]
}
wait_until 120 "memload's 96M in $A on node 0" populated
b_stat() {
	local k
	for k in anon pgscan pgsteal pgscan_proactive pgsteal_proactive workingset_refault_anon \
		workingset_refault_file workingset_activate_anon workingset_restore_anon; do
		printf '%s=%s ' $k "$(mstat $B $k)"
	done
	echo "seqs=$(seqs $B)"
}
b0=$(b_stat)
b_cur0=$(cat "$cg$B/memory.current")
limits0=$(limits $A $B)
p0=$(proactive)
info "set up in $((SECONDS - step_t)) s: memcgs $A (id $ida), $B (id $idb), $C (id $idc), $D (id $idd); $B: $b0"
step_t=$SECONDS

# --- 1. bad configurations -------------------------------------------------
seqs0="$(seqs $A) $(seqs $B) $(seqs $C)"
st=$tmp/bad.state
bad() {
	local what=$1 rc t=$SECONDS
	shift
	timeout -k 5 30 "$@" >"$out/bad.out" 2>"$out/bad.err"
	rc=$?
	[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "$what: still running after 30 s: it accepted the configuration ($(head -n 3 "$out/bad.out"))"
	[ $rc -eq 2 ] || fail "$what: exit status $rc, want 2 (stdout: $(head -n 3 "$out/bad.out"); stderr: $(cat "$out/bad.err"))"
	grep -q '^lrugen autoreclaim: ' "$out/bad.err" ||
		fail "$what: no 'lrugen autoreclaim: ...' message on stderr: $(cat "$out/bad.err")"
	grep -qE 'action=(start|age|reclaim|dry-run)' "$out/bad.out" &&
		fail "$what: it logged actions: $(cat "$out/bad.out")"
	[ ! -e "$st" ] || fail "$what: it wrote the state file $st"
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$out/bad.err" &&
		fail "$what: sanitizer report: $(cat "$out/bad.err")"
	info "$what: exit 2 in $((SECONDS - t)) s: $(head -n 1 "$out/bad.err")"
}
arb() { echo "$LRUGEN_BIN" autoreclaim --state "$st" -a 6 -d 1 --duration 5 "$@"; }
# shellcheck disable=SC2046 # arb's words
{
	bad "a memcg that does not exist" $(arb $top/nope)
	bad "a cgroup id that does not exist" $(arb 999999999)
	bad "the root cgroup" $(arb /)
	bad "the root cgroup by id" $(arb 1)
	bad "node 7 of 2" $(arb --node 7 $A)
	bad "--swappiness 201" $(arb --swappiness 201 $A)
	bad "-a 0" $(arb -a 0 $A)
	bad "the same memcg twice" $(arb $A $A)
	bad "the same memcg by path and id" $(arb $A "$ida")
	bad "a good memcg with a missing one" $(arb $A $top/nope)
}
[ -e /run/lrugen/autoreclaim.state ] && fail "/run/lrugen/autoreclaim.state exists before the default-path case"
bad "the root cgroup, default state file" "$LRUGEN_BIN" autoreclaim -a 6 -d 1 --duration 5 /
[ -e /run/lrugen/autoreclaim.state ] && fail "the root cgroup: it wrote /run/lrugen/autoreclaim.state"
command -v unshare >/dev/null || fail "unshare is missing (util-linux)"
# debugfs unmounted, in a mount namespace of its own
bad "debugfs unmounted, -i 3" unshare -m bash -c 'umount -l /sys/kernel/debug && exec "$@"' _ \
	"$LRUGEN_BIN" autoreclaim --state "$st" -a 6 -i 3 -d 1 --duration 5 $A
# not root: the binary copied where nobody can surely run it. A setpriv
# that hangs (once seen over 9p) is the guest's problem, not lrugen's:
# /bin/true goes first, and only then the controller.
mkdir -p "$tmp/nobody"
cp "$LRUGEN_BIN" "$tmp/nobody/lrugen"
chmod 755 "$tmp" "$tmp/nobody" "$tmp/nobody/lrugen"
asnobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! command -v setpriv >/dev/null; then
	info "setpriv is missing: the not-root case is not run"
elif ! timeout -k 2 10 "${asnobody[@]}" /bin/true; then
	info "setpriv --reuid ... /bin/true did not finish in 10 s: the not-root case is not run"
else
	bad "not root" "${asnobody[@]}" "$tmp/nobody/lrugen" autoreclaim --state "$st" -a 6 -d 1 --duration 5 $A
fi
expect_eq "generations of $A, $B, $C after the bad configurations" "$(seqs $A) $(seqs $B) $(seqs $C)" "$seqs0"
expect_eq "proactive reclaim counters after the bad configurations" "$(proactive)" "$p0"
ok "bad configurations exit 2 and change nothing"

# --- 2. dry run --------------------------------------------------------------
# One aging of a and c by hand: the walk moves what memload and memhog
# touched when they populated into the youngest generation and clears the
# accessed bits, so that generation's age is how long since anything of
# theirs was seen, and it turns cold 3 s later. A dry run ages nothing
# itself.
age_by_hand() {
	local id n max
	id=$(memcg_id "$1") || fail "no id for $1"
	for n in 0 1; do
		read -r max _ <<<"$(lruvec_seqs "$id" $n)"
		echo "+ $id $n $max 1 1" >"$LRU_GEN_DEBUGFS" || fail "cannot age $1 on node $n through $LRU_GEN_DEBUGFS"
	done
}
age_by_hand $A
age_by_hand $C
s_a=$(seqs $A) p1=$(proactive) cur1=$(cat "$cg$A/memory.current")
ar_start dry-run -n -a 3 -d 1 --duration 8 $A
dry_asked() { [ -n "$(sel "$arlog" action=dry-run "id=$ida" | awk '/ request=[1-9]/')" ]; }
wait_until 60 "a dry-run decision asking for more than 0 bytes of $A" dry_asked
ar_end duration
expect_match "config line" "$(head -n 1 "$arlog")" ' dry_run=1( |$)'
dry=$(sel "$arlog" action=dry-run "id=$ida")
n=$(awk '/ request=[1-9]/' <<<"$dry" | grep -c .)
expect_eq "dry-run lines with reclaimed other than 0" "$(sel "$arlog" action=dry-run | grep -vc ' reclaimed=0\( \|$\)')" 0
expect_eq "age, reclaim, gone and error lines in the dry run" \
	"$(grep -E '^t=[0-9.]+ action=(age|reclaim|gone|error) ' "$arlog")" ''
expect_eq "generations of $A after the dry run" "$(seqs $A)" "$s_a"
expect_eq "proactive reclaim counters after the dry run" "$(proactive)" "$p1"
cur=$(cat "$cg$A/memory.current")
expect_near "memory.current of $A after the dry run, bytes" "$cur" "$cur1" $((MIB))
ok "dry run: $n decisions asking for up to $(field "$dry" request | sort -n | tail -n 1) bytes, nothing reclaimed or aged"

# --- 3. --node, --max-step, --min-size -----------------------------------
# a's memhog on node 1 is 24M, cold since the aging by hand; the minimum
# sits 12M below a's usage, so it stops the controller, not the cold memory
cur0=$(cat "$cg$A/memory.current")
refault0=$(mstat $A workingset_refault_anon)
min=$((cur0 / MIB - 12))
s_a=$(seqs $A) p1=$(proactive)
ar_start limits -a 6 -d 1 --node 1 --max-step 4M --min-size ${min}M --swappiness max \
	--max-promotion 1000000 --max-psi 100 $A
low=$cur0
at_min() {
	local c
	c=$(cat "$cg$A/memory.current")
	[ "$c" -lt "$low" ] && low=$c
	# idle within a page or a charge batch of the minimum, cold left
	[ -n "$(sel "$arlog" action=idle "id=$ida" node=1 | awk -v m=$((min * MIB + MIB)) '
		{ for (i = 1; i <= NF; i++) if ($i ~ /^current=/) c = substr($i, 9)
		  if (c + 0 <= m && / cold=[1-9]/) { print; exit } }')" ]
}
wait_until 90 "an idle decision on $A near its --min-size ${min}M with cold memory left" at_min
ar_end sigint INT
c=$(cat "$cg$A/memory.current")
[ "$c" -lt "$low" ] && low=$c
# reclaim takes at most a batch of 64 pages per pass past the request
[ "$low" -ge $((min * MIB - MIB)) ] ||
	fail "$A's memory.current went down to $low bytes, more than 1M below --min-size ${min}M"
reqs=$(sel "$arlog" action=reclaim)
[ -n "$reqs" ] || fail "no reclaim line before the minimum was reached $(tail_log)"
expect_eq "decision lines on a node other than 1" \
	"$(grep -E ' action=(reclaim|dry-run|idle|wait|backoff|start|age) ' "$arlog" | grep -vc ' node=1\( \|$\)')" 0
big=$(field "$reqs" request | awk -v m=$((4 * MIB)) '$1 > m')
[ -z "$big" ] || fail "requests over --max-step 4M: $big"
field "$reqs" request | grep -qx $((4 * MIB)) ||
	fail "no request of exactly --max-step 4M although 24M was cold: $(field "$reqs" request | tr '\n' ' ')"
# each request at most what the memcg's usage, as it logged it, has above
# the minimum (page-aligned)
over=$(awk -v m=$((min * MIB)) -v p="$psize" '
	{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
	f["request"] > f["current"] - m + p - 1 { print }' <<<"$reqs")
[ -z "$over" ] || fail "requests for more than memory.current - --min-size: $over"
expect_eq "reclaim lines for another memcg than $A" "$(grep ' action=reclaim ' "$arlog" | grep -vc " id=$ida\\( \\|$\\)")" 0
read -r a0 a1 <<<"$(seqs $A)"
read -r sa0 sa1 <<<"$s_a"
expect_eq "max_seq of $A on node 0 under --node 1" "$a0" "$sa0"
info "max_seq of $A on node 1: $sa1 -> $a1"
p2=$(proactive)
expect_eq "node 0's proactive counters under --node 1" "$(awk '{ print $1, $2, $3, $4, $5 }' <<<"$p2")" \
	"$(awk '{ print $1, $2, $3, $4, $5 }' <<<"$p1")"
ok "--node 1 --max-step 4M --min-size ${min}M: $(grep -c . <<<"$reqs") requests of at most 4M, only on node 1; $A lowest at $((low / 1024)) KiB for a minimum of $((min * 1024)) KiB"

# --- 4. reclaim of a's cold memory; c removed while it runs --------------
# a second aging by hand, just before: a's hot pages, touched since the
# first, go to the youngest generation, its cold ones stay where the first
# left them (cold at once for -a 6); c's held pages are already cold
age_by_hand $A
age_by_hand $C
ar_start main -a 6 -d 1 --max-step 6M --max-promotion 1000000 --max-psi 100 $A $C
for m in "$ida 0" "$ida 1" "$idc 0" "$idc 1"; do
	read -r id n <<<"$m"
	wait_until 30 "a start line for id $id on node $n" logged action=start "id=$id" "node=$n"
done
c_reclaimed() { [ -n "$(sel "$arlog" action=reclaim "id=$idc" | awk '/ reclaimed=[1-9]/')" ]; }
wait_until 60 "a first reclaim from $C" c_reclaimed
memcg_kill $C || fail "cannot kill $C's memhog (above)"
memcg_remove $C || fail "cannot remove $C (above)"
wait_until 30 "a gone line for $C" logged action=gone "id=$idc"
gone_at=$(line_no "$arlog" action=gone "id=$idc")
no_c_state() { ! grep -q "memcg_id=$idc " "$arstate"; }
wait_until 30 "$C dropped from the state file" no_c_state
# a new memcg at c's path, with memory the controller must not touch
need_memcg $C
idc2=$(memcg_id $C) || fail "no id for the new $C"
[ "$idc2" != "$idc" ] || fail "the new $C has the old one's id $idc"
memcg_hog $C 0 16
s_c2=$(seqs $C) lim_c2=$(limits $C)
read -r a_seq _ <<<"$(seqs $A)"
dropped() {
	local s
	read -r s _ <<<"$(seqs $A)"
	# two of a's agings since the new memcg was made, and 70% of the
	# 96M cold gone
	[ "$s" -ge $((a_seq + 2)) ] &&
		[ $((cur0 - $(cat "$cg$A/memory.current"))) -ge $((96 * MIB * 7 / 10)) ]
}
wait_until 120 "$A below its start by 70% of its 96M of cold memory, and two agings of $A" dropped
grep -q "^lruvec node=0 memcg_id=$ida " "$arstate" || fail "no record of $A on node 0 in the state file: $(cat "$arstate")"
ar_end sigterm TERM
cur=$(cat "$cg$A/memory.current")
refaults=$(($(mstat $A workingset_refault_anon) - refault0))
anon=$(mstat $A anon)
info "$A: memory.current $((cur0 / MIB))M -> $((cur / MIB))M, anon $((anon / MIB))M, $refaults anon refaults for $hot_pages hot pages"
sel "$arlog" action=reclaim "id=$ida" | awk '/ reclaimed=[1-9]/' | grep -q . ||
	fail "no reclaim line for $A with reclaimed > 0 $(tail_log)"
lines_after "$arlog" "$gone_at" | grep ' action=reclaim ' | grep " id=$ida " | grep -q ' reclaimed=[1-9]' ||
	fail "no reclaim of $A after $C was gone (line $gone_at) $(tail_log)"
[ $((refaults * 10)) -le "$hot_pages" ] ||
	fail "$refaults anon refaults in $A, more than 10% of its $hot_pages hot pages: the controller took hot memory"
[ "$anon" -ge $((hot_pages * psize)) ] ||
	fail "$A holds $anon bytes of anon memory, less than memload's $((hot_pages * psize)) hot bytes"
kill -0 $mload 2>/dev/null || fail "memload stopped: $(cat "$out/memload-a.out")"
reqs=$(sel "$arlog" action=reclaim)
big=$(field "$reqs" request | awk -v m=$((6 * MIB)) '$1 > m')
[ -z "$big" ] || fail "requests over --max-step 6M: $big"
field "$reqs" request | grep -qx $((6 * MIB)) ||
	fail "no request of exactly --max-step 6M although 72M was cold: $(field "$reqs" request | tr '\n' ' ')"
expect_eq "lines naming $C's new id $idc2" "$(grep -c " id=$idc2\\( \\|$\\)" "$arlog")" 0
expect_eq "lines naming $C after its gone lines" \
	"$(lines_after "$arlog" "$gone_at" | grep -v ' action=gone ' | grep -c " memcg=$C\\( \\|$\\)")" 0
expect_eq "generations of the new $C" "$(seqs $C)" "$s_c2"
expect_eq "the new $C's proactive scan and steal" "$(mstat $C pgscan_proactive) $(mstat $C pgsteal_proactive)" "0 0"
expect_eq "the new $C's limits" "$(limits $C)" "$lim_c2"
expect_match "gone line" "$(sed -n "${gone_at}p" "$arlog")" " memcg=$C "
ok "$A reclaimed by $(((cur0 - cur) / MIB))M of 96M cold, $refaults refaults; $C removed after its first reclaim, logged gone; the new $C (id $idc2) untouched"

# --- 5. back-offs ------------------------------------------------------------
echo $((16 * MIB)) >"$cg$D/memory.max" || fail "cannot set $D's memory.max"
limits_d=$(limits $D)
# backoff_check REASON: the log's back-offs of d have REASON, none is
# followed by a request, and each that follows another is twice as long
backoff_check() {
	local first lines ms
	first=$(line_no "$arlog" action=backoff "id=$idd" "reason=$1")
	[ "$first" -gt 0 ] || fail "no backoff line for $D with reason=$1 $(tail_log)"
	expect_eq "requests for $D after its first back-off" \
		"$(lines_after "$arlog" $((first - 1)) | grep -cE " action=(reclaim|dry-run) .*id=$idd( |$)")" 0
	lines=$(sel "$arlog" action=backoff "id=$idd")
	expect_eq "back-off lines of $D with another reason" "$(grep -vc " reason=$1\\( \\|$\\)" <<<"$lines")" 0
	# the lengths, each back-off once: the first 2 periods, then doubling
	ms=$(field "$lines" backoff_ms | uniq | tr '\n' ' ')
	expect_match "back-off lengths of $D, ms" "$ms" '^2000 4000 (8000 )?$'
	info "$1: back-off lengths $ms ms; $(grep -c . <<<"$lines") backoff lines, $(sel "$arlog" action=resume "id=$idd" | grep -c .) resumes"
}
# stalls without refaults: each memload writes 64M once under the 16M limit
# shellcheck disable=SC2016 # $1 is the inner shell's
memcg_spawn $D 1 bash -c 'while :; do "$1" --anon 64M --accesses 1 >/dev/null || exit; done' _ \
	"$LRUGEN_PROGS/memload" || fail "cannot start the stalling loop in $D"
LG_PIDS+=($!)
some_us() { sed -n 's/^some .*total=\([0-9]*\)$/\1/p' "$cg$D/memory.pressure"; }
s0=$(some_us)
stalls() { [ "$(some_us)" -gt "$s0" ]; }
wait_until 60 "memory stalls in $D" stalls
ar_start psi -a 6 -d 1 --max-psi 0 --max-promotion 1000000 --duration 8 $D
ar_end duration
backoff_check psi-above-bound
memcg_kill $D
ok "--max-psi 0: $D backed off for psi-above-bound, nothing requested"
# refaults: 48M, every page hot, under the 16M limit
memcg_spawn $D 1 "$LRUGEN_PROGS/memload" --anon 48M --hot 100:100 --writes 0 \
	--accesses 1099511627776 >"$out/memload-d.out" 2>&1 || fail "cannot start memload in $D"
LG_PIDS+=($!)
r0=$(mstat $D workingset_refault_anon)
refaulting() { [ "$(mstat $D workingset_refault_anon)" -gt $((r0 + 1000)) ]; }
wait_until 60 "refaults in $D" refaulting
ar_start promotion -a 6 -d 1 --max-promotion 0 --max-psi 100 --duration 8 $D
ar_end duration
backoff_check promotion-above-bound
sel "$arlog" action=backoff "id=$idd" | grep -q ' refaults_min=[1-9]' ||
	fail "no backoff line of $D with refaults_min > 0 $(tail_log)"
memcg_kill $D
ok "--max-promotion 0: $D backed off for promotion-above-bound, nothing requested"
expect_eq "limits of $A and $B" "$(limits $A $B)" "$limits0"
expect_eq "limits of $D" "$(limits $D)" "$limits_d"

# --- 6. the last memcg removed ------------------------------------------------
ar_start last -a 6 -d 1 $C
wait_until 30 "a start line for $C" logged action=start "id=$idc2"
memcg_kill $C || fail "cannot kill $C's memhog (above)"
memcg_remove $C || fail "cannot remove $C (above)"
ar_end no-memcgs-left
logged action=gone "id=$idc2" || fail "no gone line for $C $(tail_log)"
ok "the last memcg removed: exit 0, reason no-memcgs-left"

# --- throughout -------------------------------------------------------------
expect_eq "$B's counters and generations" "$(b_stat)" "$b0"
# memory.current moves by the CPUs' charge stock even with no task of
# B's running: 64 pages a CPU
expect_near "$B's memory.current" "$(cat "$cg$B/memory.current")" "$b_cur0" $((64 * psize * ncpu))
all=$(cat "${logs[@]}")
expect_eq "log lines naming $B" "$(grep -cE " (id=$idb|memcg=$B)( |$)" <<<"$all")" 0
# do_reclaim reads each node's pgsteal_proactive_node without folding the
# CPUs' deltas (up to the vmstat threshold each, either way): a request's
# figure can be off by twice that per CPU
thr=$(awk '/vm stats threshold:/ && $4 > t { t = $4 } END { print t + 0 }' /proc/zoneinfo)
p9=$(proactive)
for n in 0 1; do
	got=$(($(steal $n) - $(awk -v n=node$n '{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 4) }' <<<"$p0")))
	lines=$(sel <(echo "$all") action=reclaim node=$n)
	logged_b=$(total "$lines" reclaimed)
	nreq=$(grep -c . <<<"$lines")
	tol=$((2 * thr * ncpu * nreq * psize))
	info "node $n: pgsteal_proactive_node +$got pages; logs: $nreq requests, $logged_b bytes reclaimed (tolerance $tol bytes)"
	expect_near "node $n's pgsteal_proactive_node growth against the logs, bytes" $((got * psize)) "$logged_b" $tol
done
info "proactive counters: before $p0; after $p9"
pass "autoreclaim: $step steps"
