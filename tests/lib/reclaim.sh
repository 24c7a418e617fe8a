# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the per-node proactive reclaim tests (guest only).

. "$(dirname "${BASH_SOURCE[0]}")/test.sh"
export PATH=$LRUGEN_TOP/build/progs:$PATH
NODES=/sys/devices/system/node
SCRATCH=${LRUGEN_SCRATCH:-/mnt/scratch}
MB=$((1024 * 1024))

# Fold per-cpu counter deltas so that what we read is current.
refresh() { echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null; }

# node_kb NODE FIELD: a nodeN/meminfo field, in kB
node_kb() {
	awk -v f="$2:" '$3 == f { print $4 }' "$NODES/node$1/meminfo"
}

# node_file_mb NODE: file LRU pages on NODE (no shmem, no swap cache), MiB
node_file_mb() {
	refresh
	echo $((($(node_kb "$1" "Active(file)") + $(node_kb "$1" "Inactive(file)")) / 1024))
}

# node_anon_mb NODE: anonymous pages mapped on NODE, MiB
node_anon_mb() {
	refresh
	echo $(($(node_kb "$1" AnonPages) / 1024))
}

# node_vmstat NODE NAME
node_vmstat() {
	refresh
	awk -v k="$2" '$1 == k { print $2 }' "$NODES/node$1/vmstat"
}

# reclaim NODE REQUEST: print the outcome ("ok", "EINVAL", "EAGAIN"...)
reclaim() {
	writefile "$NODES/node$1/reclaim" "$2" | cut -d' ' -f1
}

# fill_cache NODE FILE MIB: a file whose clean page cache is on NODE
fill_cache() {
	rm -f "$2"
	onnode "$1" dd if=/dev/zero of="$2" bs=1M count="$3" conv=fsync status=none ||
		fail "could not write $2 on node $1"
}

drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# expect_near WHAT GOT WANT TOLERANCE
expect_near() {
	local d=$(($2 - $3))
	[ "${d#-}" -le "$4" ] || fail "$1: got $2, want $3 +/- $4"
}

# expect_at_least WHAT GOT MIN
expect_at_least() {
	[ "$2" -ge "$3" ] || fail "$1: got $2, want at least $3"
}

require_node_reclaim() {
	require_root
	[ -e "$NODES/node0/reclaim" ] || fail "$NODES/node0/reclaim is missing: not the lrugen kernel?"
}

# MGLRU on and off at run time, restored at exit.
lru_gen_saved=$(cat /sys/kernel/mm/lru_gen/enabled 2>/dev/null)
lru_gen_restore() {
	[ -n "$lru_gen_saved" ] && echo "$lru_gen_saved" >/sys/kernel/mm/lru_gen/enabled
}
lru_gen_set() { # y|n
	echo "$1" >/sys/kernel/mm/lru_gen/enabled || fail "cannot set lru_gen/enabled to $1"
}

# hog_start NODE SIZE [CGROUP]: memhog SIZE of anonymous memory on NODE,
# in CGROUP (a cgroup v2 directory) if given, held for 600 s; its pid goes
# in $hog. Returns once every page has been touched (memhog says
# "holding"), not after a guessed delay: a test that reads the node's anon
# size next must not race with the faults.
hog_start() {
	local log
	log=$(mktemp /tmp/hog.XXXXXX)
	if [ -n "${3:-}" ]; then
		bash -c 'echo $$ >"$0/cgroup.procs" && exec onnode "$@"' "$3" "$1" \
			memhog "$2" 1 600 >"$log" 2>&1 &
	else
		onnode "$1" memhog "$2" 1 600 >"$log" 2>&1 &
	fi
	hog=$!
	for _ in $(seq 1 600); do
		grep -q '^memhog: holding' "$log" && { rm -f "$log"; return 0; }
		kill -0 $hog 2>/dev/null || fail "memhog $2 on node $1 exited early: $(cat "$log")"
		sleep 0.2
	done
	fail "memhog $2 on node $1 did not touch all its pages in 120 s: $(cat "$log")"
}
