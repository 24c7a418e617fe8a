#!/usr/bin/env bash
# lrugen autoreclaim offline, on fake trees (LRUGEN_ROOT) with memcgs whose
# directories are real, so that their inodes are the ids lru_gen_full
# lists: a dry run logs the decisions worked out by hand (/cold's oldest
# bin is fresh until it has been watched for --settle, then cold, /young's
# bins are too young, /cold/child's open bin is uncertain) and writes
# nothing but its state file, which it removes at exit; SIGTERM and --duration stop it with their reasons; a run that
# reclaims writes nodeN/reclaim requests and debugfs '+' commands for the
# given memcg's subtree only, never for /other; a memcg removed while it
# runs is logged gone and the controller exits when none is left; every
# bad configuration a fake tree can express exits 2 with a message naming
# what is wrong, and writes nothing. Runs the plain and the ASan+UBSan
# binary.
#
# LRUGEN_BIN=PATH (and LRUGEN_BIN_SAN=PATH, its ASan+UBSan twin) tests
# another build instead of making tools/lrugen/build and build-san.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-root.sh
. "$(dirname "$0")/../lib/fake-root.sh"
lrugen_bins
scratch_dir
export LC_ALL=C
psize=$(getconf PAGESIZE)

# memcg_files DIR: a memcg's files, as cgroup2 has them with +memory
memcg_files() {
	mkdir -p "$1"
	: >"$1/cgroup.controllers"
	printf 'anon 0\nworkingset_refault_anon 10\nworkingset_refault_file 5\n' >"$1/memory.stat"
	printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=100\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=50\n' \
		>"$1/memory.pressure"
	echo 1073741824 >"$1/memory.current"
}

# numa_stat DIR N0 N1: a memcg's memory.numa_stat with N0 and N1 refaults
# of each type, and its memory.stat with their sums, each replaced whole
numa_stat() {
	printf 'anon N0=0 N1=0\nworkingset_refault_anon N0=%s N1=%s\nworkingset_refault_file N0=%s N1=%s\n' \
		"$2" "$3" "$2" "$3" >"$1/memory.numa_stat.new"
	printf 'anon 0\nworkingset_refault_anon %s\nworkingset_refault_file %s\n' \
		$(($2 + $3)) $(($2 + $3)) >"$1/memory.stat.new"
	mv "$1/memory.numa_stat.new" "$1/memory.numa_stat"
	mv "$1/memory.stat.new" "$1/memory.stat"
}

# tree ROOT: mk_root's tree with memcgs /cold, /cold/child, /young and
# /other, their ids in lru_gen_full, and /run for the state file.
# Target age 100 s: /cold's bins (seq 7 [200 s, open) cold 1000 anon + 100
# file, seq 8 [10 s, 200 s) uncertain, the rest ws); /cold/child's open bin
# [10 s, open) uncertain; /young's oldest generation 30 s old.
tree() {
	local r=$1 cg ic ich iy io
	mk_root "$r"
	mkdir -p "$r/run/lrugen"
	cg=$r/sys/fs/cgroup
	: >"$cg/cgroup.controllers"
	for m in cold cold/child young other; do
		memcg_files "$cg/$m"
	done
	# per node refaults for all but /young, which stands for a kernel
	# without NUMA
	for m in cold cold/child other; do
		numa_stat "$cg/$m" 10 0
	done
	ic=$(stat -c %i "$cg/cold")
	ich=$(stat -c %i "$cg/cold/child")
	iy=$(stat -c %i "$cg/young")
	io=$(stat -c %i "$cg/other")
	cat >"$r/sys/kernel/debug/lru_gen_full" <<-EOF
	memcg     1 /
	 node     0
	          0     500000         10         10
	          1     400000          0          0
	 node     1
	          0     500000         10         10
	          1     400000          0          0
	memcg $ic /cold
	 node     0
	          7     300000       1000        100
	          8     200000        100          0
	          9      10000       2000         50
	         10         10          5          0
	 node     1
	          7     300000       1000        100
	          8     200000        100          0
	          9      10000       2000         50
	         10         10          5          0
	memcg $ich /cold/child
	 node     0
	          3     300000       1000          0
	          4      10000        100          0
	 node     1
	          3     300000          0          0
	          4      10000        100          0
	memcg $iy /young
	 node     0
	          3      30000       1000          0
	          4      10000        100          0
	 node     1
	          3      30000       1000          0
	          4      10000        100          0
	memcg $io /other
	 node     0
	          3     300000       1000          0
	          4      10000        100          0
	 node     1
	          3     300000       1000          0
	          4      10000        100          0
	EOF
	echo "$ic $ich $iy $io"
}

# sums ROOT: every path and every file's checksum, to see what changed
sums() {
	(cd "$1" && find . -printf '%p %y\n' | sort && find . -type f -exec md5sum {} + | sort)
}

# field LINE KEY: a key=value field of a log line
field() {
	sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

# wait_for FILE REGEX PID: until FILE has a line matching REGEX (10 s)
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || break
		sleep 0.05
	done
	grep -qE -- "$2" "$1" 2>/dev/null
}

for lrugen in "${bins[@]}"; do
	[ -x "$lrugen" ] || fail "$lrugen was not built"
	b=${lrugen#"$LRUGEN_TOP"/}
	root=$dir/root
	rm -rf "$root"
	read -r ic ich iy io <<<"$(tree "$root")"
	export LRUGEN_ROOT=$root
	cg=$root/sys/fs/cgroup
	st=$root/run/lrugen/autoreclaim.state

	"$lrugen" autoreclaim --help | grep -q -- '--max-promotion PCT' || fail "$b: --help lacks --max-promotion"
	"$lrugen" help autoreclaim | grep -q -- '--dry-run' || fail "$b: help autoreclaim lacks --dry-run"

	# a dry run: wait for its state file, stop it with SIGTERM
	before=$(sums "$root")
	# the last run's log must not pass for this one's while it starts
	rm -f "$dir/log"
	"$lrugen" autoreclaim -n -a 100 -d 0.1 --settle 0.3 /cold "$iy" >"$dir/log" 2>"$dir/err" &
	pid=$!
	pids+=("$pid")
	wait_for "$dir/log" 'action=dry-run node=1 memcg=/cold' "$pid" ||
		fail "$b: dry run: no dry-run decision for /cold in 10 s: $(cat "$dir/log" "$dir/err")"
	# the period's state is written after its decisions
	for ((i = 0; i < 100; i++)); do
		grep -q "^lruvec node=1 memcg_id=$ic path=/cold state=dry-run " "$st" 2>/dev/null && break
		sleep 0.05
	done
	state=$(cat "$st" 2>/dev/null) || fail "$b: dry run: no state file $st"
	kill -TERM "$pid"
	wait "$pid"
	expect_eq "$b: dry run: exit status after SIGTERM" "$?" 0
	log=$(cat "$dir/log")
	expect_eq "$b: dry run: stderr" "$(cat "$dir/err")" ""
	expect_match "$b: config line" "$(head -n1 <<<"$log")" \
		'^t=[0-9]+\.[0-9]{3} action=config age_ms=100000 age_interval_ms=50000 period_ms=100 swappiness=default max_promotion_pct=0.2 max_psi_pct=0.2 max_step=67108864 min_size=0 settle_ms=300 dry_run=1 state=/run/lrugen/autoreclaim.state$'
	expect_eq "$b: start lines" "$(grep -c ' action=start ' <<<"$log")" 4
	expect_match "$b: start /young by id" "$log" "action=start node=1 memcg=/young id=$iy\$"
	# watched for less than --settle: the old bin's pages are fresh
	line=$(grep -v ' action=start ' <<<"$log" | grep -m1 ' node=0 memcg=/cold ' | grep ' action=wait ') ||
		fail "$b: /cold node 0's first decision is not a wait: $log"
	expect_eq "$b: /cold node 0 before --settle: reason cold fresh" \
		"$(field "$line" reason) $(field "$line" cold) $(field "$line" fresh)" \
		"cold-unsettled 0 $((1100 * psize))"
	line=$(grep -m1 'action=dry-run node=0 memcg=/cold ' <<<"$log") ||
		fail "$b: no dry-run line for /cold on node 0: $log"
	expect_eq "$b: /cold node 0: id reason" "$(field "$line" id) $(field "$line" reason)" "$ic cold-above-target"
	expect_eq "$b: /cold node 0: cold fresh ws uncertain" \
		"$(field "$line" cold) $(field "$line" fresh) $(field "$line" ws) $(field "$line" uncertain)" \
		"$((1100 * psize)) 0 $((2155 * psize)) $((1100 * psize))"
	# the first request: the first step (--max-step / 16), or the cold
	# pages less the 64 pages left for the kernel's overshoot
	want=$(((1100 - 64) * psize < (64 << 20) / 16 ? (1100 - 64) * psize : (64 << 20) / 16))
	expect_eq "$b: /cold node 0: request reclaimed ms" \
		"$(field "$line" request) $(field "$line" reclaimed) $(field "$line" ms)" "$want 0 0"
	expect_eq "$b: /cold node 0: current refaults_min promotion psi" \
		"$(field "$line" current) $(field "$line" refaults_min) $(field "$line" promotion_pct) $(field "$line" psi_pct)" \
		"1073741824 0 0.0000 0.0000"
	line=$(grep -m1 'action=dry-run node=1 memcg=/cold ' <<<"$log")
	expect_eq "$b: /cold node 1: uncertain (the child's open bin is empty there)" "$(field "$line" uncertain)" \
		"$((100 * psize))"
	line=$(grep -m1 'action=wait node=0 memcg=/young ' <<<"$log")
	expect_eq "$b: /young: reason cold" "$(field "$line" reason) $(field "$line" cold)" "bins-too-young 0"
	expect_eq "$b: dry run: no aging" "$(grep -c ' action=age ' <<<"$log")" 0
	expect_match "$b: exit line" "$(tail -n1 <<<"$log")" \
		'^t=[0-9.]+ action=exit reason=sigterm requests=0 requested=0 reclaimed=0$'
	expect_match "$b: state: header" "$(head -n1 <<<"$state")" "^lrugen-autoreclaim version=1 pid=$pid .* dry_run=1"
	expect_match "$b: state: /cold node 0" "$state" \
		"^lruvec node=0 memcg_id=$ic path=/cold state=dry-run reason=cold-above-target age_ms=100000 cold=$((1100 * psize)) "
	expect_match "$b: state: /young node 1" "$state" \
		"^lruvec node=1 memcg_id=$iy path=/young state=wait reason=bins-too-young "
	[ ! -e "$st" ] || fail "$b: the state file is still there after exit"
	expect_eq "$b: dry run: the tree after" "$(sums "$root")" "$before"

	# --duration, a path given the host's way, --node, --swappiness 0
	"$lrugen" autoreclaim -n -a 100 -d 0.1 --settle 0 --duration 1 --node 1 --swappiness 0 \
		/sys/fs/cgroup/cold >"$dir/log" 2>"$dir/err" || fail "$b: --duration run failed: $(cat "$dir/err")"
	log=$(cat "$dir/log")
	expect_match "$b: --duration 1 -d 0.1: decisions" "$(grep -c ' action=dry-run ' <<<"$log")" '^([1-9]|10)$'
	expect_eq "$b: --node 1: no node 0" "$(grep -c ' node=0 ' <<<"$log")" 0
	expect_eq "$b: --swappiness 0: the file pages only" \
		"$(field "$(grep -m1 action=dry-run <<<"$log")" cold)" "$((100 * psize))"
	expect_match "$b: --duration: exit" "$(tail -n1 <<<"$log")" ' action=exit reason=duration '

	# --node 1: the refaults of node 1 (memory.numa_stat) against node 1's
	# working set; node 0's do not count. Without memory.numa_stat (/young),
	# memory.stat's.
	rm -f "$dir/log"
	"$lrugen" autoreclaim -n -a 100 -d 0.1 --settle 0 --node 1 /cold >"$dir/log" 2>"$dir/err" &
	pid=$!
	pids+=("$pid")
	wait_for "$dir/log" 'action=dry-run' "$pid" || fail "$b: --node 1: no decision: $(cat "$dir/err")"
	numa_stat "$cg/cold" 5000 0
	n=$(grep -c 'action=dry-run' "$dir/log")
	for ((i = 0; i < 200; i++)); do
		[ "$(grep -c 'action=dry-run' "$dir/log")" -ge $((n + 3)) ] && break
		sleep 0.05
	done
	expect_eq "$b: --node 1: node 0's refaults do not count" \
		"$(grep -o 'refaults_min=[0-9]*' "$dir/log" | sort -u)" "refaults_min=0"
	numa_stat "$cg/cold" 5000 100
	wait_for "$dir/log" 'action=backoff node=1 memcg=/cold .*reason=promotion-above-bound' "$pid" ||
		fail "$b: --node 1: no back-off for node 1's refaults: $(cat "$dir/log" "$dir/err")"
	kill -TERM "$pid"
	wait "$pid"
	line=$(grep -m1 'action=backoff' "$dir/log")
	expect_match "$b: --node 1: refaults_min of node 1" "$(field "$line" refaults_min)" '^[1-9][0-9]*$'
	"$lrugen" autoreclaim -n -a 100 -d 0.1 --settle 0 --duration 1 --node 1 /young >"$dir/log" 2>"$dir/err" ||
		fail "$b: --node 1 without memory.numa_stat failed: $(cat "$dir/err")"
	expect_eq "$b: --node 1 without memory.numa_stat: errors" "$(grep -c 'action=error' "$dir/log")" 0
	numa_stat "$cg/cold" 10 0

	# reclaim for real: requests for /cold, aging of its subtree only,
	# never of /young or /other
	if command -v strace >/dev/null && [ "$lrugen" = "${bins[0]}" ]; then
		strace -f -qq -e trace=write -e signal=none -o "$dir/trace" "$lrugen" autoreclaim -a 100 -i 0.1 \
			-d 0.1 --settle 0 --duration 1 --max-step 1M /cold >"$dir/log" 2>"$dir/err" ||
			fail "$b: reclaim run failed: $(cat "$dir/err")"
		writes=$(grep -o 'write([0-9]*, "[+0-9][^"]*"' "$dir/trace" | sed 's/.*"\(.*\)"/\1/' | sort -u)
		expect_eq "$b: reclaim: requests and aging written" "$writes" "$(sort -u <<-EOF
		+ $ic 0 10
		+ $ic 1 10
		+ $ich 0 4
		+ $ich 1 4
		1048576 memcg=$ic
		EOF
		)"
	fi
	# the last run's log must not pass for this one's while it starts
	rm -f "$dir/log"
	"$lrugen" autoreclaim -a 100 -i 0 -d 0.1 --settle 0 --swappiness max /cold >"$dir/log" 2>"$dir/err" &
	pid=$!
	pids+=("$pid")
	wait_for "$dir/log" 'action=reclaim node=1' "$pid" ||
		fail "$b: reclaim run: no request on node 1 in 10 s: $(cat "$dir/log" "$dir/err")"
	kill -INT "$pid"
	wait "$pid"
	expect_eq "$b: reclaim run: exit status after SIGINT" "$?" 0
	log=$(cat "$dir/log")
	expect_eq "$b: -i 0: no aging" "$(grep -c ' action=age ' <<<"$log")" 0
	# 1000 anon pages cold, less 64 for the overshoot
	want=$(((1000 - 64) * psize < (64 << 20) / 16 ? (1000 - 64) * psize : (64 << 20) / 16))
	expect_eq "$b: reclaim: the last request on node 0" "$(cat "$root/sys/devices/system/node/node0/reclaim")" \
		"$want swappiness=max memcg=$ic"
	expect_match "$b: reclaim: logged" "$log" \
		"action=reclaim node=1 memcg=/cold id=$ic reason=cold-above-target .* request=$want reclaimed=0 ms=[0-9]+ result=ok"
	n=$(grep -c ' action=reclaim ' <<<"$log")
	expect_match "$b: reclaim: exit totals" "$(tail -n1 <<<"$log")" \
		"action=exit reason=sigint requests=$n requested=$((n * want)) reclaimed=0\$"
	: >"$root/sys/devices/system/node/node0/reclaim"
	: >"$root/sys/devices/system/node/node1/reclaim"
	: >"$root/sys/kernel/debug/lru_gen"

	# a memcg removed while it runs: gone, and with none left it exits
	# the last run's log must not pass for this one's while it starts
	rm -f "$dir/log"
	"$lrugen" autoreclaim -n -a 100 -d 0.1 /young >"$dir/log" 2>"$dir/err" &
	pid=$!
	pids+=("$pid")
	wait_for "$dir/log" 'action=wait' "$pid" || fail "$b: no decision before the removal: $(cat "$dir/err")"
	mv "$cg/young" "$dir/young-removed"
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null && fail "$b: still running 10 s after its only memcg was removed"
	wait "$pid"
	expect_eq "$b: removed: exit status" "$?" 0
	log=$(cat "$dir/log")
	expect_match "$b: removed: gone" "$log" "action=gone node=0 memcg=/young id=$iy reason=cgroup-removed"
	expect_match "$b: removed: exit" "$(tail -n1 <<<"$log")" 'action=exit reason=no-memcgs-left '
	mv "$dir/young-removed" "$cg/young"
	[ ! -e "$st" ] || fail "$b: the state file is still there after exit"

	# bad configurations: exit 2, a message naming what is wrong, nothing written
	mkdir -p "$cg/nomem" "$cg/nopsi" "$cg/badpsi" "$dir/outside"
	memcg_files "$cg/badnuma"
	echo "workingset_refault_anon N1=3" >"$cg/badnuma/memory.numa_stat"
	ibn=$(stat -c %i "$cg/badnuma")
	: >"$cg/nomem/cgroup.controllers"
	memcg_files "$cg/nopsi"
	rm "$cg/nopsi/memory.pressure"
	memcg_files "$cg/badpsi"
	echo "full avg10=0.00 total=5" >"$cg/badpsi/memory.pressure"
	memcg_files "$dir/outside"
	ln -s "$dir/outside" "$cg/link"
	inp=$(stat -c %i "$cg/nopsi")
	ibp=$(stat -c %i "$cg/badpsi")
	inm=$(stat -c %i "$cg/nomem")
	for m in "$inp /nopsi" "$ibp /badpsi" "$inm /nomem" "$ibn /badnuma"; do
		printf 'memcg %s\n node 0\n 0 1000 1 1\n 1 10 1 1\n' "$m"
	done >>"$root/sys/kernel/debug/lru_gen_full"
	before=$(sums "$root")
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086 # $args is a whole command line
		err=$("$lrugen" autoreclaim $args 2>&1 >"$dir/out")
		rc=$?
		expect_eq "$b: autoreclaim $args: exit status" "$rc" 2
		expect_match "$b: autoreclaim $args: message" "$err" "^lrugen( autoreclaim)?: .*$want"
		expect_eq "$b: autoreclaim $args: stdout" "$(cat "$dir/out")" ""
	done <<-EOF
	|MEMCG: none given
	/nope|/nope: no such cgroup
	/|/: the root cgroup
	1|1: the root cgroup
	/sys/fs/cgroup|root cgroup
	/cold/../..|outside the cgroup2 tree
	/link|outside the cgroup2 tree
	999999999|999999999: no memcg has this cgroup id
	/nomem|no memory controller
	/nopsi|no memory.pressure
	--node 0 /badnuma|memory.numa_stat: no workingset_refault_anon and workingset_refault_file lines for the node
	/badpsi|memory.pressure: no 'some
	/cold /cold|the same memcg as /cold
	/cold $ic|the same memcg as /cold
	/cold /cold/child|inside the other's subtree
	/cold/child /cold|inside the other's subtree
	--node 5 /cold|node 5 does not exist or has no memory
	--node x /cold|--node must be a number
	-a 0 /cold|-a: '0' is not a number of seconds
	-a nan /cold|-a: 'nan'
	-a 1e9 /cold|-a: '1e9'
	-i -1 /cold|-i: '-1'
	-i 0.01 /cold|-i: '0.01'
	-d 0 /cold|-d: '0' is not a delay
	-d 5000 /cold|-d: '5000'
	--swappiness 201 /cold|--swappiness: '201'
	--swappiness -1 /cold|--swappiness: '-1'
	--max-promotion -1 /cold|--max-promotion: '-1'
	--max-promotion x /cold|--max-promotion: 'x'
	--max-psi 101 /cold|--max-psi: '101'
	--max-step 0 /cold|--max-step: '0' is less than a page
	--max-step 1Q /cold|--max-step: '1Q'
	--min-size -5 /cold|--min-size: '-5'
	--duration 0 /cold|--duration: '0'
	--settle -1 /cold|--settle: '-1'
	--settle x /cold|--settle: 'x'
	--settle 0.01 /cold|--settle: '0.01'
	--state /nodir/x /cold|--state: .*/nodir/x: no directory
	--state /run /cold|--state: .*/run is a directory
	--state= /cold|--state: an empty path
	EOF
	expect_eq "$b: bad command lines wrote nothing" "$(sums "$root")" "$before"

	# the system: MGLRU, nodeN/reclaim, debugfs lru_gen, node memory, cgroup2
	check_refused() {
		local what=$1 want=$2
		shift 2
		before=$(sums "$root")
		err=$("$lrugen" autoreclaim "$@" 2>&1 >"$dir/out")
		rc=$?
		expect_eq "$b: $what: exit status" "$rc" 2
		expect_match "$b: $what: message" "$err" "^lrugen autoreclaim: .*$want"
		expect_eq "$b: $what: stdout" "$(cat "$dir/out")" ""
		expect_eq "$b: $what: nothing written" "$(sums "$root")" "$before"
	}
	en=$root/sys/kernel/mm/lru_gen/enabled
	echo 0x0000 >"$en"
	check_refused "MGLRU off" "MGLRU: it is off" /cold
	rm "$en"
	check_refused "no MGLRU" "MGLRU: cannot read" /cold
	cp "$LRUGEN_TOP/tests/fixtures/lrugen/lru_gen-enabled.txt" "$en"
	mv "$root/sys/devices/system/node/node1/reclaim" "$dir/reclaim1"
	check_refused "no node1/reclaim" "node1 has no reclaim file" /cold
	check_refused "no node1/reclaim, dry run" "node1 has no reclaim file" -n /cold
	"$lrugen" autoreclaim -n --node 0 -d 0.1 --duration 0.1 /cold >/dev/null 2>&1 ||
		fail "$b: --node 0 refused for node 1's missing reclaim file"
	mv "$dir/reclaim1" "$root/sys/devices/system/node/node1/reclaim"
	echo 0 >"$root/sys/devices/system/node/has_memory"
	check_refused "node without memory" "node 1 does not exist or has no memory" --node 1 /cold
	echo 0-1 >"$root/sys/devices/system/node/has_memory"
	mv "$root/sys/kernel/debug/lru_gen" "$dir/lru_gen"
	check_refused "no debugfs lru_gen" "-i: cannot find /sys/kernel/debug/lru_gen" /cold
	"$lrugen" autoreclaim -i 0 -d 0.1 --duration 0.1 /cold >/dev/null 2>&1 ||
		fail "$b: -i 0 refused for the missing debugfs lru_gen"
	: >"$root/sys/devices/system/node/node0/reclaim"
	: >"$root/sys/devices/system/node/node1/reclaim"
	mv "$dir/lru_gen" "$root/sys/kernel/debug/lru_gen"
	mv "$root/sys/kernel/debug/lru_gen_full" "$dir/full"
	check_refused "no lru_gen_full" "lru_gen_full: .*mount debugfs" /cold
	mv "$dir/full" "$root/sys/kernel/debug/lru_gen_full"
	mv "$cg/cgroup.controllers" "$dir/controllers"
	check_refused "no cgroup2" "/sys/fs/cgroup: no cgroup2 there" /cold
	mv "$dir/controllers" "$cg/cgroup.controllers"
	# another controller's live state file (a process called lrugen); a
	# stale one, whose pid is no lrugen, is taken over
	cp "$(command -v sleep)" "$dir/lrugen"
	"$dir/lrugen" 30 &
	other=$!
	pids+=("$other")
	printf 'lrugen-autoreclaim version=1 pid=%s time_ms=1 age_ms=1 period_ms=1 dry_run=0 max_promotion_pct=0.2 max_psi_pct=0.2\n' \
		"$other" >"$st"
	check_refused "another controller" "written by another lrugen autoreclaim \(pid $other\)" /cold
	kill "$other"
	printf 'lrugen-autoreclaim version=1 pid=%s time_ms=1 age_ms=1 period_ms=1 dry_run=0 max_promotion_pct=0.2 max_psi_pct=0.2\n' \
		"$$" >"$st"
	"$lrugen" autoreclaim -n -d 0.1 --duration 0.1 /cold >/dev/null 2>"$dir/err" ||
		fail "$b: a stale state file (pid $$, a shell) refused: $(cat "$dir/err")"
	[ ! -e "$st" ] || fail "$b: the stale state file is still there after exit"
	rm -f "$cg/link"
	rm -rf "$cg/nomem" "$cg/nopsi" "$cg/badpsi" "$cg/badnuma"
done
pass "autoreclaim: dry-run decisions and state file, SIGTERM and --duration, reclaim and aging requests, a removed memcg, and 46 refused configurations"
