# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the guest tests of tools/lrugen: memcgs that belong to one
# test, workloads bound to a node inside such a memcg, and tmux to drive
# 'lrugen top' like a user. LRUGEN_BIN picks the binary (tests/guest/run
# sets it to the ASan+UBSan build for its guest-asan suite). Whatever a
# test started is stopped and removed when it exits, however it exits.

. "$(dirname "${BASH_SOURCE[0]}")/lru_gen.sh"
LRUGEN_BIN=${LRUGEN_BIN:-$LRUGEN_TOP/tools/lrugen/build/lrugen}
CG=/sys/fs/cgroup
LG_MEMCGS=()	# paths below $CG, removed at exit
LG_PIDS=()	# workloads and lrugen processes, killed at exit
LG_FILES=()	# files and directories, removed at exit

require_lrugen() {
	require_lru_gen_events
	[ -x "$LRUGEN_BIN" ] || fail "no lrugen binary at $LRUGEN_BIN: run 'make lrugen' on the host"
	echo +memory >$CG/cgroup.subtree_control || fail "no memory controller in $CG"
	info "binary: $LRUGEN_BIN"
}

lrugen_cleanup() {
	local p i m
	tmux_stop
	stop_workloads
	for p in "${LG_FILES[@]}"; do
		rm -rf "$p"
	done
	# deepest first; a memcg whose last task just died may take a moment
	for ((i = ${#LG_MEMCGS[@]} - 1; i >= 0; i--)); do
		m=$CG${LG_MEMCGS[i]}
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -d "$m" ] || break
			rmdir "$m" 2>/dev/null && break
			sleep 0.2
		done
	done
}
# run-tap's timeout sends SIGTERM: exit, so that the cleanup runs
trap 'echo "killed by SIGTERM (timeout?)"; exit 143' TERM
# a test with cleanup of its own defines lrugen_test_cleanup
test_cleanup() {
	[ "$(type -t lrugen_test_cleanup)" = function ] && lrugen_test_cleanup
	lrugen_cleanup
}

# make_memcg PATH: a fresh memcg of this test, removed at exit. Removed
# memcgs linger as zombies under their old path, so give names with $$.
make_memcg() {
	mkdir "$CG$1" || fail "cannot create memcg $CG$1"
	LG_MEMCGS+=("$1")
}

# in_memcg MEMCG NODE COMMAND...: run COMMAND in MEMCG, bound to NODE
in_memcg() {
	local cg=$1 node=$2
	shift 2
	bash -c 'echo $$ >"$0/cgroup.procs" && exec onnode "$@"' "$CG$cg" "$node" "$@"
}

# memcg_cache MEMCG NODE MIB: MIB of clean page cache charged to MEMCG on
# NODE, in a new file on the scratch disk
memcg_cache() {
	local f=$SCRATCH/lrugen-$$-${1//\//_}-$2
	LG_FILES+=("$f")
	rm -f "$f"
	in_memcg "$1" "$2" dd if=/dev/zero of="$f" bs=1M count="$3" conv=fsync status=none ||
		fail "could not write $3 MiB of page cache in $1 on node $2"
}

# memcg_hog MEMCG NODE MIB: MIB of anonymous memory in MEMCG on NODE, held
# until the test ends; returns once it is all touched
memcg_hog() {
	local cg=$1 want=$(($3 * MB * 9 / 10)) cur
	bash -c 'echo $$ >"$0/cgroup.procs" && exec onnode "$@"' "$CG$cg" "$2" \
		memhog "$3M" 1 3600 >/dev/null 2>&1 &
	LG_PIDS+=($!)
	for _ in $(seq 1 100); do
		cur=$(cat "$CG$cg/memory.current")
		[ "$cur" -ge "$want" ] && return 0
		kill -0 $! 2>/dev/null || fail "memhog in $cg exited early"
		sleep 0.2
	done
	fail "memhog in $cg did not reach $3 MiB in 20 s (memory.current $cur)"
}

# stop_workloads: kill the workloads started so far and every task in the
# test's memcgs, and wait for them
stop_workloads() {
	local p m
	for p in "${LG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for p in "${LG_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	LG_PIDS=()
	for m in "${LG_MEMCGS[@]}"; do
		[ -e "$CG$m/cgroup.kill" ] && echo 1 >"$CG$m/cgroup.kill"
	done
	for m in "${LG_MEMCGS[@]}"; do
		for _ in $(seq 1 50); do
			[ -e "$CG$m/cgroup.procs" ] && [ -n "$(cat "$CG$m/cgroup.procs")" ] || break
			sleep 0.1
		done
	done
}

# need_id VAR MEMCG: set VAR to the memcg's cgroup id, or fail
need_id() {
	local _need_id
	_need_id=$(memcg_id "$2")
	[ -n "$_need_id" ] || fail "no cgroup /sys/fs/cgroup$2"
	printf -v "$1" %s "$_need_id"
}

# lruvec_pages ID NID: "anon file" pages of one lruvec, generations below
# min_seq (marked x) left out, as lrugen counts them
lruvec_pages() {
	lruvec_gens "$1" "$2" | awk '
	$2 !~ /x$/ { a += $2 } $3 !~ /x$/ { f += $3 } END { print a + 0, f + 0 }'
}

# lruvec_min ID NID: the lower of the two min_seqs
lruvec_min() {
	lruvec_seqs "$1" "$2" | awk '{ print ($2 < $3) ? $2 : $3 }'
}

# full_canon [FILE]: every lruvec of lru_gen_full on one line,
# "ID PATH node NID max MAX min A F gens SEQ:ANON:FILE...", with the x
# marks kept and the ages left out (they change on every read)
full_canon() {
	awk '
	# n starts at 0, not "": the first generation is s[0]
	BEGIN { n = 0 }
	function flush() {
		if (node == "")
			return
		ma = mf = ""
		for (i = 0; i < n; i++) {
			if (ma == "" && a[i] !~ /x$/) ma = s[i]
			if (mf == "" && f[i] !~ /x$/) mf = s[i]
		}
		max = n ? s[n - 1] : ""
		if (ma == "") ma = max
		if (mf == "") mf = max
		printf "%s %s node %s max %s min %s %s gens", id, path, node, max, ma, mf
		for (i = 0; i < n; i++)
			printf " %s:%s:%s", s[i], a[i], f[i]
		printf "\n"
		node = ""
		n = 0
	}
	$1 == "memcg" { flush(); id = $2; path = $0; sub(/^memcg +[0-9]+ /, "", path)
		sub(/ +$/, "", path); next }
	$1 == "node" { flush(); node = $2; next }
	NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { s[n] = $1; a[n] = $3; f[n] = $4; n++ }
	END { flush() }
	' "${1:-/sys/kernel/debug/lru_gen_full}"
}

# pid_ns: the inode of our PID namespace (without CONFIG_PID_NS there is
# only the initial one, whose inode is fixed)
pid_ns() {
	stat -L -c %i /proc/self/ns/pid 2>/dev/null || echo 4026531836
}

# instance_of PID: the tracefs instance lrugen PID of our namespace makes
instance_of() {
	echo "$TRACEFS/instances/lrugen-$(pid_ns)-$1"
}

# lrugen_instances: tracefs instances an lrugen made ("lrugen-NS-PID")
lrugen_instances() {
	local d
	for d in "$TRACEFS"/instances/lrugen-*; do
		[[ "$(basename "$d")" =~ ^lrugen-[0-9]+-[0-9]+$ ]] && basename "$d"
	done
}

# wait_instance PID [SEC]: wait until lrugen PID has made its instance
wait_instance() {
	local i
	for ((i = 0; i < ${2:-20} * 5; i++)); do
		[ -d "$(instance_of "$1")" ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# expect_no_instances WHAT: no lrugen-PID instance is left
expect_no_instances() {
	local left
	left=$(lrugen_instances)
	[ -z "$left" ] || fail "$1: tracefs instances left behind: $left"
}

. "$(dirname "${BASH_SOURCE[0]}")/tmux.sh"

# lrugen_pid: the lrugen running in the pane's shell
lrugen_pid() {
	local shell
	shell=$(tm display -p -t $LG_SESSION '#{pane_pid}')
	pgrep -P "$shell" -x lrugen | head -n 1
}
