# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the guest tests of tools/lrugen: memcgs that belong to one
# test, workloads bound to a node inside such a memcg, and tmux to drive
# 'lrugen top' like a user. LRUGEN_BIN (vm/guest/lib.sh) picks the binary
# (tests/guest/run sets it to the ASan+UBSan build for its guest-asan
# suite). Whatever a test started is stopped and removed when it exits,
# however it exits.

# shellcheck source=lru_gen.sh
. "$(dirname "${BASH_SOURCE[0]}")/lru_gen.sh"
LG_MEMCGS=()	# memcg paths, removed at exit
LG_PIDS=()	# workloads and lrugen processes, killed at exit
LG_FILES=()	# files and directories, removed at exit

require_lrugen() {
	require_lru_gen_events
	[ -x "$LRUGEN_BIN" ] || fail "no lrugen binary at $LRUGEN_BIN: run 'make lrugen' on the host"
	grep -qw memory "$CGROUP_ROOT/cgroup.controllers" || fail "no memory controller in $CGROUP_ROOT"
	info "binary: $LRUGEN_BIN"
}

lrugen_cleanup() {
	local p
	tmux_stop
	stop_workloads
	for p in "${LG_FILES[@]}"; do
		rm -rf "$p"
	done
	memcg_remove "${LG_MEMCGS[@]}"
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
	need_memcg "$1"
	LG_MEMCGS+=("$1")
}

# memcg_cache MEMCG NODE MIB: MIB of clean page cache charged to MEMCG on
# NODE, in a new file on the scratch disk
memcg_cache() {
	local f=$LRUGEN_SCRATCH/lrugen-$$-${1//\//_}-$2
	LG_FILES+=("$f")
	fill_cache "$2" "$f" "$3" "$1"
}

# memcg_hog MEMCG NODE MIB: MIB of anonymous memory in MEMCG on NODE, held
# until the test ends; returns once it is all touched
memcg_hog() {
	memhog_start "$2" "$3M" "$1" || fail "memhog of $3 MiB in $1 on node $2 did not start (above)"
	LG_PIDS+=("$MEMHOG_PID")
}

# stop_workloads: kill the workloads started so far and every task in the
# test's memcgs, and wait for them
stop_workloads() {
	local p
	for p in "${LG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for p in "${LG_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	LG_PIDS=()
	memcg_kill "${LG_MEMCGS[@]}"
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

# shellcheck source=tmux.sh
. "$(dirname "${BASH_SOURCE[0]}")/tmux.sh"

# lrugen_pid: the lrugen running in the pane's shell
lrugen_pid() {
	local shell
	shell=$(tm display -p -t $LG_SESSION '#{pane_pid}')
	pgrep -P "$shell" -x lrugen | head -n 1
}
