#!/usr/bin/env bash
# suites: guest guest-asan
# timeout: 480
# (about 2 minutes, plain or with ASan, under TCG; the limit leaves room
# for a busy host)
# lrugen autoreclaim on real memcgs under /autoreclaim-PID, each check a
# numbered step (a "step N ok: ..." line; the first that fails ends the
# test, saying what went wrong):
#   a: memload's 96M on node 0, 24M hot, 72M written once and never again
#      (a 50 ms ticker on its CPU, as in lrugen-wss), and a memhog of 24M
#      on node 1; b: a sibling never given, 64M held on node 0; c: 32M
#      held, removed while the controller runs; d: a thrasher under its own
#      16M memory.max, for the back-offs.
# 1. bad configurations (a missing memcg or id, the root, a node that
#    does not exist, --swappiness 201, -a 0, a memcg twice, debugfs
#    unmounted with -i > 0, not root) exit 2 with a message and change
#    nothing: no state file, no generation, no proactive reclaim.
# 2. -n logs dry-run decisions asking for more than 0 bytes of a and
#    reclaims and ages nothing; --duration ends it with status 0.
# 3. --node 1 --max-step 4M --min-size: requests only on node 1 (log and
#    both nodes' pgsteal_proactive_node), none over 4M or past the
#    minimum, a's usage not below it but by a kernel batch; node 0 not
#    aged; SIGINT ends it with status 0.
# 4. a and c, --max-step 6M: a loses at least 70% of its 96M cold memory
#    while its hot pages stay (refaults under 10% of them); c is removed
#    after its first reclaim: "gone", a goes on being reclaimed, and a new
#    memcg at c's path is neither aged nor reclaimed nor named; SIGTERM
#    ends it with status 0.
# 5. e, empty, reads 16M of a file once (page cache, which 6.12 puts in
#    the second oldest generation, and the next aging folds the oldest
#    into it): the controller logs it fresh (cold-unsettled)
#    and asks for none of it before --settle (6 s) has passed since the
#    last period before the read; then it settles and goes.
# 6. --node 1 after half a's hot pages were taken on node 0 by hand:
#    memload's refaults there (memory.numa_stat) do not count, no
#    back-off at the default --max-promotion.
# 7. --max-psi 0 while d stalls without refaults: back-offs with reason
#    psi-above-bound, 2 s then 4 s, and no request; SIGHUP ends it.
# 8. --max-promotion 0 while d refaults: the same with
#    promotion-above-bound; --duration ends it.
# 9. the last memcg removed: it exits 0 with reason no-memcgs-left.
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
E=$top/e
make_memcg $top
need_memcg $A
need_memcg $B
need_memcg $C
need_memcg $D
need_memcg $E
cg=$CGROUP_ROOT
ida=$(memcg_id $A) && idb=$(memcg_id $B) && idc=$(memcg_id $C) && idd=$(memcg_id $D) &&
	ide=$(memcg_id $E) ||
	fail "no ids for the test's memcgs (above)"
step=0
step_t=$SECONDS
ar=''		# the running controller's pid
arlog=''	# its log, state file and stderr
arstate=''
arerr=''
logs=()		# the logs of the runs so far

# Every program started in the guest is read over 9p, and under TCG on a
# busy host each exec can take a second: the helpers below read files
# with bash's own read and do each job in one awk.

# nap SECONDS: sleep, on a pipe nobody writes to (no sleep process)
exec {nap_fd}<> <(:)
nap() { read -rt "$1" -u "$nap_fd" _ || :; }

# ok WHAT: one step passed, and how long it took
ok() {
	step=$((step + 1))
	echo "step $step ok ($((SECONDS - step_t)) s): $*"
	step_t=$SECONDS
}

# current MEMCG: its memory.current
current() {
	local v
	read -r v <"$cg$1/memory.current" || fail "cannot read $cg$1/memory.current"
	echo "$v"
}

# mstats MEMCG KEY...: "KEY=VALUE..." from its memory.stat ("none" when
# missing)
mstats() {
	local m=$1
	shift
	awk -v keys="$*" '
	BEGIN { n = split(keys, k, " ") }
	{ v[$1] = $2 }
	END { for (i = 1; i <= n; i++) printf "%s%s=%s", (i > 1 ? " " : ""), k[i], ((k[i] in v) ? v[k[i]] : "none"); print "" }
	' "$cg$m/memory.stat"
}

# mstat MEMCG KEY: one memory.stat counter
mstat() {
	local kv
	kv=$(mstats "$1" "$2")
	echo "${kv#*=}"
}

# seqs ID...: SEQS="ID:MAX0,MAX1 ..." for each memcg id, its lruvecs'
# max_seq on nodes 0 and 1, from one read of lru_gen_full. (The helpers
# that can fail set a variable rather than print, so that the failure ends
# the test: inside $(...) it would only end the subshell.)
seqs() {
	local out
	out=$(awk -v ids="$*" '
	BEGIN { n = split(ids, w, " "); for (i = 1; i <= n; i++) want[w[i]] = 1 }
	$1 == "memcg" { id = $2; next }
	$1 == "node" { node = $2; next }
	(id in want) && NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {
		if (!((id, node) in max) || $1 + 0 > max[id, node]) max[id, node] = $1 + 0
	}
	END {
		for (i = 1; i <= n; i++) {
			if (!((w[i], 0) in max) || !((w[i], 1) in max)) { print "missing " w[i]; exit 1 }
			printf "%s%s:%s,%s", (i > 1 ? " " : ""), w[i], max[w[i], 0], max[w[i], 1]
		}
		print ""
	}' "$LRU_GEN_FULL") || fail "no lruvecs on nodes 0 and 1 in $LRU_GEN_FULL for memcg ids $* ($out)"
	SEQS=$out
}

# max_seq ID NODE: MAX=one lruvec's max_seq
max_seq() {
	local s
	seqs "$1"
	s=${SEQS#*:}
	if [ "$2" = 0 ]; then MAX=${s%,*}; else MAX=${s#*,}; fi
}

# proactive: PRO="node0 scan N steal N node1 scan N steal N", both
# nodes' pgscan_proactive_node and pgsteal_proactive_node, the CPUs'
# deltas folded in first
proactive() {
	stat_refresh
	PRO=$(awk 'FNR == 1 { f++ }
	$1 == "pgscan_proactive_node" { sc[f] = $2 }
	$1 == "pgsteal_proactive_node" { st[f] = $2 }
	END { if (st[1] == "" || st[2] == "") exit 1
	      printf "node0 scan %s steal %s node1 scan %s steal %s\n", sc[1], st[1], sc[2], st[2] }' \
		"$NODES/node0/vmstat" "$NODES/node1/vmstat") ||
		fail "no pgsteal_proactive_node in $NODES/node0/vmstat and node1/vmstat: not the lrugen kernel?"
}

# limits MEMCG...: the limit files no controller of ours may write
limits() {
	local m f v s=''
	for m in "$@"; do
		for f in memory.high memory.max memory.low memory.min memory.swap.max; do
			read -r v <"$cg$m/$f" || v=unreadable
			s+="$m/$f=$v "
		done
	done
	echo "$s"
}

# The decision log's lines are "t=SEC.mmm action=ACTION KEY=VALUE...".
# A condition is KEY=VALUE (that field, exactly), KEY>N or KEY<=N
# (numerically). _log_awk MODE FILE COND...: MODE print prints the lines
# meeting every condition, first their first line number (0 if none),
# count how many; with LOG_FROM=N, from line N on.
_log_awk() {
	local mode=$1 f=$2
	shift 2
	awk -v mode="$mode" -v from="${LOG_FROM:-1}" -v conds="$*" '
	BEGIN {
		n = split(conds, c, " ")
		for (i = 1; i <= n; i++) {
			if (match(c[i], /<=/)) { op[i] = "<="; w = 2 }
			else if (match(c[i], />/)) { op[i] = ">"; w = 1 }
			else { match(c[i], /=/); op[i] = "="; w = 1 }
			k[i] = substr(c[i], 1, RSTART - 1)
			v[i] = substr(c[i], RSTART + w)
		}
	}
	NR < from { next }
	{
		split("", f)
		for (j = 1; j <= NF; j++)
			if (e = index($j, "="))
				f[substr($j, 1, e - 1)] = substr($j, e + 1)
		for (i = 1; i <= n; i++) {
			if (!(k[i] in f))
				next
			if (op[i] == "=" && f[k[i]] != v[i])
				next
			if (op[i] == ">" && !(f[k[i]] + 0 > v[i] + 0))
				next
			if (op[i] == "<=" && !(f[k[i]] + 0 <= v[i] + 0))
				next
		}
		if (mode == "first") { print NR; found = 1; exit }
		nr++
		if (mode == "print")
			print
	}
	END {
		if (mode == "first" && !found) print 0
		if (mode == "count") print nr + 0
	}' "$f"
}
lines() { _log_awk print "$@"; }
first_line() { _log_awk first "$@"; }
count() { _log_awk count "$@"; }
logged() { [ "$(first_line "$arlog" "$@")" -gt 0 ]; }

# total LINES KEY: the sum of KEY=value over the lines
total() {
	awk -v k="$2" '{ for (j = 1; j <= NF; j++) if (index($j, k "=") == 1) n += substr($j, length(k) + 2) }
	END { printf "%d\n", n }' <<<"$1"
}

# values LINES KEY: KEY's values, one line each
values() {
	awk -v k="$2" '{ for (j = 1; j <= NF; j++) if (index($j, k "=") == 1) print substr($j, length(k) + 2) }' <<<"$1"
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
	local secs=$1 end=$((SECONDS + $1)) what=$2
	shift 2
	while :; do
		"$@" && return 0
		[ -z "$ar" ] || kill -0 "$ar" 2>/dev/null ||
			fail "lrugen autoreclaim exited before $what $(tail_log)"
		[ $SECONDS -lt $end ] || break
		nap 0.2
	done
	fail "$what did not happen in $secs s $(tail_log)"
}
state_written() {
	local l
	read -r l 2>/dev/null <"$arstate" && [[ $l == "lrugen-autoreclaim version=1 pid=$ar "* ]]
}

# ar_start NAME ARG...: lrugen autoreclaim ARG... in the background, its
# log in $arlog, its state file $arstate; returns once it has written it
ar_start() {
	local l
	arlog=$out/$1.log arerr=$out/$1.err arstate=$tmp/$1.state
	shift
	rm -f "$arstate"
	info "run: lrugen autoreclaim $*"
	ar_t=$SECONDS
	"$LRUGEN_BIN" autoreclaim --state "$arstate" "$@" >"$arlog" 2>"$arerr" &
	ar=$!
	LG_PIDS+=("$ar")
	wait_until 60 "the state file $arstate" state_written
	read -r l <"$arlog"
	[[ $l =~ ^t=[0-9.]+\ action=config\  ]] || fail "the log's first line is not its config line: $l"
}

# ar_end REASON [SIGNAL]: send SIGNAL if given; wait for it to exit (60 s)
# and check status 0, the exit line and the state file removed
ar_end() {
	local reason=$1 sig=${2:-} end=$((SECONDS + 60)) rc last err reqs
	[ -z "$sig" ] || kill -s "$sig" "$ar"
	while kill -0 "$ar" 2>/dev/null && [ $SECONDS -lt $end ]; do
		nap 0.2
	done
	kill -0 "$ar" 2>/dev/null && fail "lrugen autoreclaim still runs 60 s after ${sig:-its end ($reason)} $(tail_log)"
	wait "$ar"
	rc=$?
	ar=''
	err=$(<"$arerr")
	expect_eq "exit status after ${sig:-$reason} (stderr: $err)" $rc 0
	last=$(tail -n 1 "$arlog")
	[[ $last =~ ^t=[0-9.]+\ action=exit\ reason=$reason( |$) ]] ||
		fail "the last line after ${sig:-$reason} is not an exit line with reason=$reason: $last"
	[ ! -e "$arstate" ] || fail "the state file $arstate is still there after the exit ($reason)"
	[[ $err =~ runtime\ error|AddressSanitizer|LeakSanitizer ]] && fail "sanitizer report: $err"
	[ -z "$err" ] || info "stderr: $err"
	# the exit line's totals are the reclaim lines'
	reqs=$(lines "$arlog" action=reclaim)
	expect_eq "the exit line's totals against the reclaim lines" \
		"$(values "$last" requests) $(values "$last" requested) $(values "$last" reclaimed)" \
		"$(count "$arlog" action=reclaim) $(total "$reqs" request) $(total "$reqs" reclaimed)"
	logs+=("$arlog")
	info "ran $((SECONDS - ar_t)) s, to $reason: $last"
}

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
# (read -t on a pipe nobody writes to: no sleep process to start each time)
# shellcheck disable=SC2016 # the inner shell's
"$LRUGEN_PROGS/onnode" 0 bash -c 'exec {f}<> <(:); while :; do read -rt 0.05 -u $f _; done' &
LG_PIDS+=($!)
memcg_hog $A 1 24
memcg_hog $B 0 64
memcg_hog $C 0 32
# populated: memload's resident anonymous memory, but for the few pages a
# CPU's LRU batch may still hold
populated() {
	local k v _
	kill -0 "$mload" 2>/dev/null || fail "memload exited: $(<"$out/memload-a.out")"
	while read -r k v _; do
		[ "$k" = RssAnon: ] && [ "$v" -ge $((96 * 1024 - 256)) ] && return 0
	done <"/proc/$mload/status"
	return 1
}
wait_until 180 "memload's 96M in $A" populated
b_stat() { echo "$(mstats $B anon pgscan pgsteal pgscan_proactive pgsteal_proactive \
	workingset_refault_anon workingset_refault_file workingset_activate_anon \
	workingset_restore_anon) seqs=$SEQS"; }
seqs "$idb"
b0=$(b_stat)
b_cur0=$(current $B)
limits0=$(limits $A $B)
proactive
p0=$PRO
info "set up in $((SECONDS - step_t)) s: memcgs $A (id $ida), $B (id $idb), $C (id $idc), $D (id $idd); $B: $b0"
step_t=$SECONDS

# --- 1. bad configurations -------------------------------------------------
seqs "$ida" "$idb" "$idc"
seqs0=$SEQS
st=$tmp/bad.state
# bad WHAT COMMAND...: COMMAND exits 2 with a message and writes nothing
bad() {
	local what=$1 rc t=$SECONDS o e
	shift
	timeout -k 5 60 "$@" >"$out/bad.out" 2>"$out/bad.err"
	rc=$?
	o=$(<"$out/bad.out") e=$(<"$out/bad.err")
	[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "$what: still running after 60 s: it took the configuration (${o:0:300})"
	[ $rc -eq 2 ] || fail "$what: exit status $rc, want 2 (stdout: ${o:0:300}; stderr: $e)"
	[[ $e == "lrugen autoreclaim: "* ]] || fail "$what: no 'lrugen autoreclaim: ...' message on stderr: $e"
	[[ $o =~ action=(start|age|reclaim|dry-run) ]] && fail "$what: it logged actions: $o"
	[ ! -e "$st" ] || fail "$what: it wrote the state file $st"
	[[ $e =~ runtime\ error|AddressSanitizer|LeakSanitizer ]] && fail "$what: sanitizer report: $e"
	info "$what: exit 2 in $((SECONDS - t)) s: ${e%%$'\n'*}"
}
# arb ARG...: the command line of a run that would reclaim for 5 s
arb() { echo "$LRUGEN_BIN" autoreclaim --state "$st" -a 6 -d 1 --duration 5 "$@"; }
# shellcheck disable=SC2046 # arb's words
{
	bad "a memcg that does not exist" $(arb $top/nope)
	bad "a cgroup id that does not exist" $(arb 999999999)
	bad "the root cgroup by id" $(arb 1)
	bad "node 7 of 2" $(arb --node 7 $A)
	bad "--swappiness 201" $(arb --swappiness 201 $A)
	bad "-a 0" $(arb -a 0 $A)
	bad "the same memcg twice, by path and by id" $(arb $A "$ida")
	bad "a good memcg and a missing one" $(arb $A $top/nope)
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
elif ! timeout -k 2 20 "${asnobody[@]}" /bin/true; then
	info "setpriv --reuid ... /bin/true did not finish in 20 s: the not-root case is not run"
else
	bad "not root" "${asnobody[@]}" "$tmp/nobody/lrugen" autoreclaim --state "$st" -a 6 -d 1 --duration 5 $A
fi
seqs "$ida" "$idb" "$idc"
expect_eq "generations of $A, $B, $C after the bad configurations" "$SEQS" "$seqs0"
proactive
expect_eq "proactive reclaim counters after the bad configurations" "$PRO" "$p0"
ok "bad configurations exit 2 and change nothing"

# --- 2. dry run --------------------------------------------------------------
# One aging of a and c by hand: the walk moves what memload and memhog
# touched when they populated into the youngest generation and clears the
# accessed bits, so that generation's age is how long since anything of
# theirs was seen, and it turns cold 3 s later. A dry run ages nothing
# itself.
age_by_hand() {
	local s n m
	seqs "$1"
	s=${SEQS#*:}
	for n in 0 1; do
		if [ $n = 0 ]; then m=${s%,*}; else m=${s#*,}; fi
		echo "+ $1 $n $m 1 1" >"$LRU_GEN_DEBUGFS" ||
			fail "cannot age memcg $1 on node $n through $LRU_GEN_DEBUGFS"
	done
}
age_by_hand "$ida"
age_by_hand "$idc"
seqs "$ida"
proactive
s_a=$SEQS p1=$PRO cur1=$(current $A)
ar_start dry-run -n -a 3 -d 1 --duration 8 $A
wait_until 60 "a dry-run decision asking for more than 0 bytes of $A" \
	logged action=dry-run "id=$ida" 'request>0'
ar_end duration
read -r l <"$arlog"
[[ $l == *" dry_run=1 "* ]] || fail "no dry_run=1 in the config line: $l"
dry=$(lines "$arlog" action=dry-run "id=$ida" 'request>0')
expect_eq "dry-run lines with reclaimed other than 0" "$(count "$arlog" action=dry-run 'reclaimed>0')" 0
expect_eq "dry-run requests over the default --max-step 64M" "$(count "$arlog" action=dry-run "request>$((64 * MIB))")" 0
expect_eq "age, reclaim, gone and error lines in the dry run" \
	"$(($(count "$arlog" action=age) + $(count "$arlog" action=reclaim) + $(count "$arlog" action=gone) + $(count "$arlog" action=error)))" 0
seqs "$ida"
expect_eq "generations of $A after the dry run" "$SEQS" "$s_a"
proactive
expect_eq "proactive reclaim counters after the dry run" "$PRO" "$p1"
# the charge stock of each CPU moves memory.current by up to 64 pages
expect_near "memory.current of $A after the dry run, bytes" "$(current $A)" "$cur1" $((MIB))
ok "dry run: $(grep -c . <<<"$dry") decisions asking for up to $(values "$dry" request | sort -n | tail -n 1) bytes, nothing reclaimed or aged"

# --- 3. --node, --max-step, --min-size -----------------------------------
# a's memhog on node 1 is 24M, cold since the aging by hand; the minimum
# sits 12M below a's usage, so it stops the controller, not the cold
# memory. --swappiness max: anon only, so the page cache a's programs run
# from stays. The guards are off here (step 5 tests them): a refault would
# otherwise stop it.
cur0=$(current $A)
refault0=$(mstat $A workingset_refault_anon)
min=$((cur0 / MIB - 12))
seqs "$ida"
proactive
s_a=$SEQS p1=$PRO
ar_start limits -a 6 -d 1 --node 1 --max-step 4M --min-size ${min}M --swappiness max \
	--max-promotion 1000000 --max-psi 100 $A
low=$cur0
# idle within a charge batch (1M) of the minimum, cold memory left
at_min() {
	local c
	c=$(current $A)
	[ "$c" -lt "$low" ] && low=$c
	logged action=idle "id=$ida" node=1 "current<=$((min * MIB + MIB))" 'cold>0'
}
wait_until 120 "an idle decision on $A near its --min-size ${min}M with cold memory left" at_min
ar_end sigint INT
c=$(current $A)
[ "$c" -lt "$low" ] && low=$c
# reclaim goes past a request by at most a batch of 64 pages a pass
[ "$low" -ge $((min * MIB - MIB)) ] ||
	fail "$A's memory.current went down to $low bytes, more than 1M below --min-size ${min}M"
reqs=$(lines "$arlog" action=reclaim)
[ -n "$reqs" ] || fail "no reclaim line before the minimum was reached $(tail_log)"
n=0
for a in reclaim dry-run idle wait backoff start age error; do
	n=$((n + $(count "$arlog" action=$a) - $(count "$arlog" action=$a node=1)))
done
expect_eq "lines on a node other than 1" $n 0
expect_eq "reclaim lines for another memcg than $A" "$(count "$arlog" action=reclaim)" "$(count "$arlog" action=reclaim "id=$ida")"
expect_eq "requests over --max-step 4M" "$(count "$arlog" action=reclaim "request>$((4 * MIB))")" 0
[ "$(count "$arlog" action=reclaim "request<=$((4 * MIB))" "request>$((4 * MIB - 1))")" -gt 0 ] ||
	fail "no request of exactly --max-step 4M although 24M was cold: $(values "$reqs" request | tr '\n' ' ')"
# each request at most what the memcg's usage, as it logged it, has above
# the minimum
over=$(awk -v m=$((min * MIB)) '
	{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
	f["request"] + m > f["current"] { print }' <<<"$reqs")
[ -z "$over" ] || fail "requests for more than memory.current - --min-size: $over"
seqs "$ida"
s=$SEQS
expect_eq "max_seq of $A on node 0 under --node 1" "${s%,*}" "${s_a%,*}"
info "max_seq of $A on node 1: ${s_a#*,} -> ${s#*,}"
proactive
p2=$PRO
expect_eq "node 0's proactive counters under --node 1" "${p2% node1 *}" "${p1% node1 *}"
ok "--node 1 --max-step 4M --min-size ${min}M: $(grep -c . <<<"$reqs") requests of at most 4M, only on node 1; $A lowest at $((low / 1024)) KiB for a minimum of $((min * 1024)) KiB"

# --- 4. reclaim of a's cold memory; c removed while it runs --------------
# a second aging by hand, just before: a's hot pages, touched since the
# first, go to the youngest generation, its cold ones stay where the first
# left them (old at once for -a 6, cold once the controller has watched
# them for --settle, 6 s); c's held pages likewise.
# Guards off, as in step 3: this step's own check of the hot pages is
# their refaults.
age_by_hand "$ida"
age_by_hand "$idc"
ar_start main -a 6 -d 1 --max-step 6M --max-promotion 1000000 --max-psi 100 $A $C
for m in "$ida 0" "$ida 1" "$idc 0" "$idc 1"; do
	read -r id n <<<"$m"
	logged action=start "id=$id" "node=$n" || fail "no start line for id $id on node $n $(tail_log)"
done
wait_until 90 "a first reclaim from $C" logged action=reclaim "id=$idc" 'reclaimed>0'
memcg_kill $C || fail "cannot kill $C's memhog (above)"
memcg_remove $C || fail "cannot remove $C (above)"
wait_until 60 "a gone line for $C" logged action=gone "id=$idc"
gone_at=$(first_line "$arlog" action=gone "id=$idc")
no_c_state() { [[ $(<"$arstate") != *"memcg_id=$idc "* ]]; }
wait_until 60 "$C dropped from the state file" no_c_state
# a new memcg at c's path, with memory the controller must not touch
need_memcg $C
idc2=$(memcg_id $C) || fail "no id for the new $C"
[ "$idc2" != "$idc" ] || fail "the new $C has the old one's id $idc"
memcg_hog $C 0 8
seqs "$idc2"
s_c2=$SEQS lim_c2=$(limits $C)
max_seq "$ida" 0
a_seq=$MAX
# an aging of a's subtree since the new memcg was made, and 70% of a's
# 96M cold gone
dropped() {
	max_seq "$ida" 0
	[ "$MAX" -gt "$a_seq" ] &&
		[ $((cur0 - $(current $A))) -ge $((96 * MIB * 7 / 10)) ]
}
wait_until 180 "$A below its start by 70% of its 96M of cold memory, and an aging of $A" dropped
# its record in the state file: its path, reclaiming, requests counted
rec=''
while read -r l; do
	[[ $l == "lruvec node=0 memcg_id=$ida "* ]] && rec=$l
done <"$arstate"
[[ $rec =~ \ path=$A\ state=(reclaim|idle)\  ]] && [ "$(values "$rec" requests)" -gt 0 ] ||
	fail "no record of $A on node 0 in the state file, reclaiming or idle after requests: $(<"$arstate")"
ar_end sigterm TERM
cur=$(current $A)
read -r refaults anon <<<"$(mstats $A workingset_refault_anon anon | tr -c '0-9\n' ' ')"
refaults=$((refaults - refault0))
info "$A: memory.current $((cur0 / MIB))M -> $((cur / MIB))M, anon $((anon / MIB))M, $refaults anon refaults for $hot_pages hot pages"
LOG_FROM=$gone_at logged action=reclaim "id=$ida" 'reclaimed>0' ||
	fail "no reclaim of $A after $C was gone (line $gone_at) $(tail_log)"
[ $((refaults * 10)) -le "$hot_pages" ] ||
	fail "$refaults anon refaults in $A, more than 10% of its $hot_pages hot pages: the controller took hot memory"
[ "$anon" -ge $((hot_pages * psize)) ] ||
	fail "$A holds $anon bytes of anon memory, less than memload's $((hot_pages * psize)) hot bytes"
kill -0 "$mload" 2>/dev/null || fail "memload stopped: $(<"$out/memload-a.out")"
reqs=$(lines "$arlog" action=reclaim)
expect_eq "requests over --max-step 6M" "$(count "$arlog" action=reclaim "request>$((6 * MIB))")" 0
[ "$(count "$arlog" action=reclaim "id=$ida" "request<=$((6 * MIB))" "request>$((6 * MIB - 1))")" -gt 0 ] ||
	fail "no request of exactly --max-step 6M although 72M was cold: $(values "$reqs" request | tr '\n' ' ')"
expect_eq "lines naming $C's new id $idc2" "$(count "$arlog" "id=$idc2")" 0
expect_eq "lines naming $C after its gone lines, but them" \
	"$(LOG_FROM=$gone_at count "$arlog" "memcg=$C")" "$(LOG_FROM=$gone_at count "$arlog" action=gone "memcg=$C")"
seqs "$idc2"
expect_eq "generations of the new $C" "$SEQS" "$s_c2"
expect_eq "the new $C's proactive scan and steal" "$(mstats $C pgscan_proactive pgsteal_proactive)" \
	"pgscan_proactive=0 pgsteal_proactive=0"
expect_eq "the new $C's limits" "$(limits $C)" "$lim_c2"
logged action=gone "id=$idc" "memcg=$C" reason=cgroup-removed ||
	fail "the gone line does not name $C with reason=cgroup-removed: $(sed -n "${gone_at}p" "$arlog")"
ok "$A reclaimed by $(((cur0 - cur) / MIB))M of 96M cold, $refaults refaults; $C removed after its first reclaim, logged gone; the new $C (id $idc2) untouched"

# --- 5. page cache read once is fresh until it has settled ---------------
# The file is written with O_DIRECT, so none of it is cached before e reads
# it. --swappiness 0: file pages only; the guards off, as in step 3.
fresh_file=$LRUGEN_SCRATCH/autoreclaim-$$-fresh
LG_FILES+=("$fresh_file")
dd if=/dev/zero of="$fresh_file" bs=1M count=16 oflag=direct conv=fsync status=none ||
	fail "cannot write $fresh_file"
ar_start fresh -a 6 -d 1 --swappiness 0 --max-promotion 1000000 --max-psi 100 $E
# e's bins resolve the age: nothing old, nothing fresh
wait_until 60 "an idle decision on $E with bins as old as the age" \
	logged action=idle "id=$ide" node=0 reason=nothing-cold fresh=0
# the last period logged before the read; its sample was taken before it
last=$(tail -n 1 "$arlog")
t_read=$(values "$last" t)
memcg_run $E 0 dd if="$fresh_file" of=/dev/null bs=1M status=none || fail "cannot read $fresh_file in $E"
file0=$(mstat $E file)
[ "$file0" -ge $((12 * MIB)) ] || fail "$E holds $file0 bytes of page cache after reading 16M"
wait_until 60 "a cold-unsettled wait on $E with the read pages fresh" \
	logged action=wait "id=$ide" node=0 reason=cold-unsettled "fresh>$((12 * MIB))"
gone_file() { [ "$(mstat $E file)" -lt $((4 * MIB)) ]; }
wait_until 90 "$E's page cache reclaimed once it settled" gone_file
ar_end sigterm TERM
l=$(first_line "$arlog" action=reclaim "id=$ide")
[ "$l" -gt 0 ] || fail "$E's page cache went, but not by a request: $(tail_log)"
first=$(sed -n "${l}p" "$arlog")
t_first=$(values "$first" t)
# a page counts once the samples without it have left the last --settle
awk -v a="$t_first" -v b="$t_read" 'BEGIN { exit !(a >= b + 6 - 0.5) }' ||
	fail "the first request on $E came at t=$t_first, less than --settle 6 s after the read began (t=$t_read): $first"
expect_eq "requests for $E on node 1" "$(count "$arlog" action=reclaim "id=$ide" node=1)" 0
ok "$E's 16M read at t=$t_read: fresh, first request at t=$t_first, $(($(mstat $E file) / 1024)) KiB of page cache left"

# --- 6. --node 1 does not count node 0's refaults -----------------------
# All but 12M of a's anon memory on node 0 taken by hand: what is left of
# its cold memory and half its hot pages, which memload faults straight
# back: refaults on node 0 only (memory.numa_stat). With --node 1 the
# promotion rate is node 1's refaults against node 1's working set (the
# default bound, 0.2%), so no back-off; PSI is the memcg's, its guard off
# here.
# numa KEY NODE: the memcg a's memory.numa_stat KEY on NODE
numa() {
	local k v
	for k in $(<"$cg$A/memory.numa_stat"); do
		[ "$k" = "$1" ] && v=1 && continue
		[ -n "${v:-}" ] && [[ $k == N$2=* ]] && { echo "${k#*=}"; return 0; }
	done
	fail "no $1 N$2= in $cg$A/memory.numa_stat"
}
numa_refaults() { numa workingset_refault_anon "$1"; }
ar_start node-refaults -a 6 -d 1 --node 1 --max-psi 100 $A
wait_until 30 "a first decision on node 1" logged node=1 "id=$ida" 'current>0'
r0=$(numa_refaults 0) r1=$(numa_refaults 1)
proactive
pn=$PRO
take=$((($(numa anon 0) - 12 * MIB) / psize * psize))
[ "$take" -gt $((4 * MIB)) ] || fail "only $(numa anon 0) bytes of anon memory in $A on node 0"
out_w=$(writefile "$NODES/node0/reclaim" "$take swappiness=max memcg=$ida")
[[ $out_w == ok* ]] || fail "$take swappiness=max memcg=$ida to node0/reclaim: $out_w"
proactive
# the test's own request, to leave out of the logs' sums at the end
steal0() { local x=${1#node0 scan * steal }; echo "${x%% *}"; }
own0=$(($(steal0 "$PRO") - $(steal0 "$pn")))
info "$take swappiness=max memcg=$ida to node0/reclaim: $out_w; $own0 pages"
node0_refaulted() { [ "$(numa_refaults 0)" -gt $((r0 + 1000)) ]; }
wait_until 60 "1000 refaults of $A on node 0" node0_refaulted
seen=$(count "$arlog" node=1 "id=$ida" 'current>0')
later() { [ "$(count "$arlog" node=1 "id=$ida" 'current>0')" -ge $((seen + 3)) ]; }
wait_until 60 "three more decisions on node 1" later
ar_end sigint INT
r0b=$(numa_refaults 0) r1b=$(numa_refaults 1)
info "$A's anon refaults: node 0 $r0 -> $r0b, node 1 $r1 -> $r1b"
expect_eq "back-offs under --node 1 with refaults on node 0 only" "$(count "$arlog" action=backoff)" 0
if [ "$r1b" -eq "$r1" ]; then
	expect_eq "node 1's lines with refaults_min > 0, with no refault on node 1" \
		"$(count "$arlog" node=1 'refaults_min>0')" 0
else
	info "node 1 refaulted too: refaults_min not checked"
fi
ok "--node 1: $((r0b - r0)) refaults on node 0 do not count, no back-off"

# --- 7. back-offs ------------------------------------------------------------
echo $((16 * MIB)) >"$cg$D/memory.max" || fail "cannot set $D's memory.max"
limits_d=$(limits $D)
# backoff_check REASON: the log's back-offs of d have REASON, none is
# followed by a request, and each that follows another is twice as long
backoff_check() {
	local first bl ms
	first=$(first_line "$arlog" action=backoff "id=$idd" "reason=$1")
	[ "$first" -gt 0 ] || fail "no backoff line for $D with reason=$1 $(tail_log)"
	expect_eq "requests for $D from its first back-off on" \
		"$(($(LOG_FROM=$first count "$arlog" action=reclaim) + $(LOG_FROM=$first count "$arlog" action=dry-run)))" 0
	bl=$(lines "$arlog" action=backoff "id=$idd")
	expect_eq "back-off lines of $D with another reason" "$(count "$arlog" action=backoff)" \
		"$(count "$arlog" action=backoff "reason=$1")"
	# the lengths, each back-off once: the first 2 periods, then doubling
	ms=$(values "$bl" backoff_ms | uniq | tr '\n' ' ')
	[[ $ms =~ ^2000\ 4000\ (8000\ )?$ ]] ||
		fail "back-off lengths of $D: $ms ms, want 2000 4000 and perhaps 8000 $(tail_log)"
	info "$1: back-off lengths $ms ms; $(grep -c . <<<"$bl") backoff lines, $(count "$arlog" action=resume "id=$idd") resumes"
}
# stalls without refaults: each memload writes 64M once under the 16M limit
# shellcheck disable=SC2016 # $1 is the inner shell's
memcg_spawn $D 1 bash -c 'while :; do "$1" --anon 64M --accesses 1 >/dev/null || exit; done' _ \
	"$LRUGEN_PROGS/memload" || fail "cannot start the stalling loop in $D"
LG_PIDS+=($!)
some_us() {
	local w t
	read -r w _ _ _ t <"$cg$D/memory.pressure"
	[ "$w" = some ] || fail "unexpected $cg$D/memory.pressure"
	echo "${t#total=}"
}
s0=$(some_us)
stalls() { [ "$(some_us)" -gt "$s0" ]; }
wait_until 60 "memory stalls in $D" stalls
ar_start psi -a 6 -d 1 --max-psi 0 --max-promotion 1000000 $D
wait_until 60 "a second back-off of $D, of 4 s" logged action=backoff "id=$idd" backoff_ms=4000
ar_end sighup HUP
backoff_check psi-above-bound
memcg_kill $D
ok "--max-psi 0: $D backed off for psi-above-bound, nothing requested; SIGHUP ended it"
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
logged action=backoff "id=$idd" 'refaults_min>0' || fail "no backoff line of $D with refaults_min > 0 $(tail_log)"
memcg_kill $D
ok "--max-promotion 0: $D backed off for promotion-above-bound, nothing requested"
expect_eq "limits of $A and $B" "$(limits $A $B)" "$limits0"
expect_eq "limits of $D" "$(limits $D)" "$limits_d"

# --- 9. the last memcg removed ------------------------------------------------
ar_start last -a 6 -d 1 $C
logged action=start "id=$idc2" || fail "no start line for $C $(tail_log)"
memcg_kill $C || fail "cannot kill $C's memhog (above)"
memcg_remove $C || fail "cannot remove $C (above)"
ar_end no-memcgs-left
logged action=gone "id=$idc2" || fail "no gone line for $C $(tail_log)"
ok "the last memcg removed: exit 0, reason no-memcgs-left"

# --- throughout -------------------------------------------------------------
seqs "$idb"
expect_eq "$B's counters and generations" "$(b_stat)" "$b0"
# memory.current moves by the CPUs' charge stock even with no task of
# B's running: 64 pages a CPU
expect_near "$B's memory.current" "$(current $B)" "$b_cur0" $((64 * psize * ncpu))
cat "${logs[@]}" >"$out/all.log"
expect_eq "log lines naming $B" "$(($(count "$out/all.log" "id=$idb") + $(count "$out/all.log" "memcg=$B")))" 0
# every line that names a memcg names one a run was given
named=$(grep -c ' id=' "$out/all.log")
given=0
for id in "$ida" "$idc" "$idc2" "$idd" "$ide"; do
	given=$((given + $(count "$out/all.log" "id=$id")))
done
expect_eq "log lines naming a memcg no run was given, of $named" $((named - given)) 0
# do_reclaim reads each node's pgsteal_proactive_node without folding the
# CPUs' deltas (up to the vmstat threshold each, either way): a request's
# figure can be off by twice that per CPU
thr=$(awk '/vm stats threshold:/ && $4 > t { t = $4 } END { print t + 0 }' /proc/zoneinfo)
proactive
p9=$PRO
for n in 0 1; do
	s0=$(awk -v n=node$n '{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 4) }' <<<"$p0")
	s9=$(awk -v n=node$n '{ for (i = 1; i < NF; i++) if ($i == n) print $(i + 4) }' <<<"$p9")
	got=$((s9 - s0))
	# the test's own request on node 0 in step 5
	[ $n = 1 ] || got=$((got - own0))
	reqs=$(lines "$out/all.log" action=reclaim node=$n)
	logged_b=$(total "$reqs" reclaimed)
	nreq=$(grep -c . <<<"$reqs")
	tol=$((2 * thr * ncpu * nreq * psize))
	info "node $n: pgsteal_proactive_node +$got pages; logs: $nreq requests, $logged_b bytes reclaimed (tolerance $tol bytes)"
	expect_near "node $n's pgsteal_proactive_node growth against the logs, bytes" $((got * psize)) "$logged_b" $tol
done
info "proactive counters: before $p0; after $p9"
pass "autoreclaim: $step steps in $SECONDS s"
