# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vm/guest/lib.sh: the guest helper library. Whatever runs in the VM and
# sets up memory for the kernel to reclaim sources this file: the guest
# tests (through tests/lib/), the demo (scripts/demo-guest) and the
# benchmarks' guest halves (bench/*/guest). It holds:
#
#   paths      where our binaries are (LRUGEN_PROGS, LRUGEN_BIN...), the
#              scratch disk, and the kernel files we read and write
#   memcgs     memcg_make, memcg_run, memcg_spawn, memcg_kill, memcg_remove,
#              memcg_id, memcg_enable_children
#   workloads  memhog_start, cache_fill
#   counters   stat_refresh, vmstat, node_meminfo, node_vmstat,
#              node_file_mb, node_anon_mb, node_lru_mb
#   caches     drop_caches
#   MGLRU      lru_gen_get, lru_gen_set, lru_gen_restore
#   lruvecs    lruvec_gens, lruvec_seqs, lruvec_min, lruvec_pages
#
# It makes no judgement: a function that fails prints what went wrong on
# stderr and returns non-zero, and the caller decides (a test fails, a
# benchmark stops). Assertions (pass, fail, skip, expect_*) live in
# tests/lib/test.sh.
#
# Shell options: the library is sourced by scripts that run under
# 'set -euo pipefail', under 'set -u' and with no option at all, and it
# never changes them. So every variable it reads is set or has a default,
# no command in it fails unless that failure is the function's answer, and
# each function checks its own steps instead of relying on errexit (which
# bash turns off inside a function called from an if or an || list).
#
# MEMCG arguments are a memcg's path as cgroup and debugfs lru_gen name it:
# "/" for the root, "/a/b" below it ("a/b" and "$CGROUP_ROOT/a/b" are taken
# as the same). NODE arguments are a NUMA node id, or "-" for no binding.

# The variables are for whoever sources the library.
# shellcheck disable=SC2034

# --- paths ---------------------------------------------------------------

# The checkout (vm/run exports it into the guest), and what 'make progs'
# and 'make lrugen' build there. LRUGEN_BIN is overridable:
# tests/guest/run points it at LRUGEN_BIN_SAN for the guest-asan suite.
LRUGEN_TOP=${LRUGEN_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LRUGEN_PROGS=${LRUGEN_PROGS:-$LRUGEN_TOP/build/progs}
LRUGEN_BIN=${LRUGEN_BIN:-$LRUGEN_TOP/tools/lrugen/build/lrugen}
LRUGEN_BIN_SAN=$LRUGEN_TOP/tools/lrugen/build-san/lrugen
# the guest's scratch disk, ext4 (vm/run): real page cache to fill
LRUGEN_SCRATCH=${LRUGEN_SCRATCH:-/mnt/scratch}
# the workloads (memhog, onnode, writefile...) by their names
case ":$PATH:" in
*":$LRUGEN_PROGS:"*) ;;
*) export PATH=$LRUGEN_PROGS:$PATH ;;
esac

# The kernel's files, as vm/guest/init mounts them.
CGROUP_ROOT=/sys/fs/cgroup
NODES=/sys/devices/system/node
TRACEFS=/sys/kernel/tracing
LRU_GEN_DEBUGFS=/sys/kernel/debug/lru_gen
LRU_GEN_FULL=/sys/kernel/debug/lru_gen_full
LRU_GEN_ENABLED=/sys/kernel/mm/lru_gen/enabled
PROC_VM=/proc/sys/vm

# _lg_err() - print an error on stderr; returns 0, so that it can stand
# inside '|| { _lg_err ...; return 1; }' under set -e.
_lg_err() {
	echo "$*" >&2
}

# _lg_cgdir() - the directory of a memcg
# @VAR: the variable to set
# @MEMCG: see the top of this file
#
# Return: 0; 1 with a message for an empty path or one with "..".
_lg_cgdir() {
	local _lg_p=${2:-}

	case $_lg_p in
	"") _lg_err "memcg path is empty: give /NAME, as cgroup.procs and lru_gen show it"
	    return 1 ;;
	"$CGROUP_ROOT") _lg_p=/ ;;
	"$CGROUP_ROOT"/*) _lg_p=${_lg_p#"$CGROUP_ROOT"} ;;
	/*) ;;
	*) _lg_p=/$_lg_p ;;
	esac
	case /$_lg_p/ in
	*/../*) _lg_err "memcg path '$2' has a '..': give a path below $CGROUP_ROOT"
		return 1 ;;
	esac
	[ "$_lg_p" = / ] && _lg_p=
	printf -v "$1" %s "$CGROUP_ROOT${_lg_p%/}"
}

# _lg_exec() - exec a command bound to a node, or unbound for "-"; in a
# subshell, whose pid the command then keeps
# @NODE: node id or "-"
# @COMMAND...: what to exec
_lg_exec() {
	local node=$1

	shift
	if [ "$node" = - ] || [ -z "$node" ]; then
		exec "$@"
	fi
	exec "$LRUGEN_PROGS/onnode" "$node" "$@"
}

# --- memcgs --------------------------------------------------------------

# memcg_enable_children() - give a memcg's children the memory controller
# @MEMCG: the memcg; "/" for the root
#
# Usage: memcg_enable_children MEMCG
# Turns on +memory in cgroup.subtree_control of the root and of every memcg
# down to MEMCG, where it is not on yet.
#
# Return: 0; 1 with a message if a memcg is missing or refuses (one with
# tasks of its own cannot pass controllers down).
memcg_enable_children() {
	local dir rel part cur

	_lg_cgdir dir "${1:-}" || return 1
	rel=${dir#"$CGROUP_ROOT"}
	cur=$CGROUP_ROOT
	while :; do
		[ -d "$cur" ] || { _lg_err "memcg_enable_children: no memcg $cur"; return 1; }
		if ! grep -qw memory "$cur/cgroup.subtree_control" 2>/dev/null; then
			{ echo +memory >"$cur/cgroup.subtree_control"; } 2>/dev/null || {
				_lg_err "memcg_enable_children: cannot turn on the memory controller in $cur/cgroup.subtree_control (not root, no memory controller, or tasks in $cur itself?)"
				return 1
			}
		fi
		[ -n "$rel" ] || return 0
		part=${rel#/}
		part=${part%%/*}
		rel=${rel#/"$part"}
		cur=$cur/$part
	done
}

# memcg_make() - make new memcgs
# @MEMCG...: the memcgs to make; none of them may exist yet
#
# Usage: memcg_make MEMCG...
# Makes each MEMCG, and its missing ancestors, with the memory controller
# on in every ancestor so that MEMCG is a memcg of its own. A memcg that
# already exists is an error: a caller that wants fresh lruvecs must not
# get old ones. (A removed memcg may linger in lru_gen as an offline one
# under its old path; give names that differ from run to run, such as
# with $$.)
#
# Return: 0; 1 with a message at the first memcg that could not be made.
memcg_make() {
	local m dir

	[ $# -gt 0 ] || { _lg_err "usage: memcg_make MEMCG..."; return 1; }
	for m in "$@"; do
		_lg_cgdir dir "$m" || return 1
		[ "$dir" != "$CGROUP_ROOT" ] || { _lg_err "memcg_make: the root memcg always exists"; return 1; }
		[ ! -e "$dir" ] || { _lg_err "memcg_make: $dir already exists: remove it first (memcg_remove) or pick another name"; return 1; }
		mkdir -p "${dir%/*}" || { _lg_err "memcg_make: cannot create ${dir%/*}"; return 1; }
		memcg_enable_children "${dir%/*}" || return 1
		mkdir "$dir" || { _lg_err "memcg_make: cannot create $dir"; return 1; }
	done
}

# _lg_enter() - in a subshell: join a memcg, then exec a command on a node
# @DIR: the memcg's directory
# @NODE: node id or "-"
# @COMMAND...: what to exec
_lg_enter() {
	local dir=$1 node=$2

	shift 2
	{ echo "$BASHPID" >"$dir/cgroup.procs"; } 2>/dev/null || {
		_lg_err "cannot move a task into $dir/cgroup.procs (not root, or no such memcg?)"
		exit 1
	}
	_lg_exec "$node" "$@"
}

# memcg_run() - run a command in a memcg, in the foreground
# @MEMCG: the memcg to run it in (it must exist)
# @NODE: the node to bind it to (build/progs/onnode: memory and CPUs), or "-"
# @COMMAND...: the command and its arguments
#
# Usage: memcg_run MEMCG NODE COMMAND [ARG...]
# The command's pages are charged to MEMCG; with a NODE, they are on that
# node. Only the command moves: the caller stays where it is.
#
# Return: the command's exit status; 1 with a message if it could not join
# MEMCG; onnode's 2 for a bad node.
memcg_run() {
	local dir

	[ $# -ge 3 ] || { _lg_err "usage: memcg_run MEMCG NODE|- COMMAND [ARG...]"; return 1; }
	_lg_cgdir dir "$1" || return 1
	( _lg_enter "$dir" "$2" "${@:3}" )
}

# memcg_spawn() - run a command in a memcg, in the background
# @MEMCG: the memcg to run it in (it must exist)
# @NODE: the node to bind it to, or "-"
# @COMMAND...: the command and its arguments
#
# Usage: memcg_spawn MEMCG NODE COMMAND [ARG...] [>LOG]; pid=$!
# As memcg_run, but in the background: afterwards $! is the command's pid
# (the same process, once it has joined MEMCG and exec'd), to kill or wait
# for. Redirections on the call apply to the command.
#
# Return: 0 once started; 1 with a message for bad arguments. A failure to
# join MEMCG is the background job's exit status (1), seen by wait.
memcg_spawn() {
	local dir

	[ $# -ge 3 ] || { _lg_err "usage: memcg_spawn MEMCG NODE|- COMMAND [ARG...]"; return 1; }
	_lg_cgdir dir "$1" || return 1
	( _lg_enter "$dir" "$2" "${@:3}" ) &
}

# _lg_tasks() - the pids in a memcg and below it
# @DIR: the memcg's directory
_lg_tasks() {
	find "$1" -name cgroup.procs -exec cat {} + 2>/dev/null || :
}

# memcg_kill() - kill every task in memcgs and wait until they are gone
# @MEMCG...: the memcgs (their descendants' tasks go too: cgroup.kill)
#
# Usage: memcg_kill MEMCG...
# A memcg that does not exist is skipped. Waits up to 10 s per memcg. The
# killed tasks that are the caller's own children are reaped (so bash
# reports no "Killed" for them, and a later wait for one finds no child).
#
# Return: 0; 1 with a message if tasks are left.
memcg_kill() {
	local m dir i p pids rc=0

	for m in "$@"; do
		_lg_cgdir dir "$m" || return 1
		[ -d "$dir" ] || continue
		[ "$dir" != "$CGROUP_ROOT" ] || { _lg_err "memcg_kill: not the root memcg"; return 1; }
		pids=$(_lg_tasks "$dir")
		{ echo 1 >"$dir/cgroup.kill"; } 2>/dev/null || {
			_lg_err "memcg_kill: cannot write $dir/cgroup.kill (not root? cgroup.kill needs Linux 5.14)"
			rc=1
			continue
		}
		{
			for ((i = 0; i < 100; i++)); do
				[ -n "$(_lg_tasks "$dir")" ] || break
				sleep 0.1
			done
			for p in $pids; do
				wait "$p" || :
			done
		} 2>/dev/null
		if [ -n "$(_lg_tasks "$dir")" ]; then
			_lg_err "memcg_kill: tasks still in $dir 10 s after cgroup.kill: $(_lg_tasks "$dir" | tr '\n' ' ')"
			rc=1
		fi
	done
	return $rc
}

# memcg_remove() - remove memcgs and everything below them
# @MEMCG...: the memcgs to remove (never the root)
#
# Usage: memcg_remove MEMCG...
# Removes each MEMCG's descendants, deepest first, then MEMCG itself. A
# memcg whose last task has just exited may refuse for a moment, so
# refusals are retried for 2 s. Tasks are not killed (memcg_kill does
# that). A memcg that does not exist is fine. Pages still charged to a
# removed memcg keep it alive, offline, in lru_gen under its old path and
# with id 0.
#
# Return: 0; 1 with a message naming what is left.
memcg_remove() {
	local m dir try rc=0

	for m in "$@"; do
		_lg_cgdir dir "$m" || return 1
		[ "$dir" != "$CGROUP_ROOT" ] || { _lg_err "memcg_remove: not the root memcg"; return 1; }
		for ((try = 0; try < 10; try++)); do
			[ -d "$dir" ] || break
			# children before their parents, in one rmdir per batch
			find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || :
			[ -d "$dir" ] || break
			sleep 0.2
		done
		if [ -d "$dir" ]; then
			_lg_err "memcg_remove: cannot remove $dir (tasks still in it? $(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | head -n 5 | tr '\n' ' '))"
			rc=1
		fi
	done
	return $rc
}

# memcg_id() - the id of a memcg
# @MEMCG: the memcg
#
# Usage: id=$(memcg_id MEMCG)
# Prints the id that debugfs lru_gen, the lru_gen events and nodeN/reclaim's
# memcg= use. Our kernel's id is the inode number of the memcg's cgroup
# directory (mem_cgroup_ino()), which is 1 for the root.
#
# Return: 0; 1 with a message if there is no such memcg.
memcg_id() {
	local dir

	_lg_cgdir dir "${1:-}" || return 1
	[ -d "$dir" ] || { _lg_err "memcg_id: no memcg ${1:-} ($dir is missing)"; return 1; }
	stat -c %i "$dir"
}

# --- workloads -----------------------------------------------------------

# memhog_start() - anonymous memory held by memhog, in the background
# @NODE: the node to put it on, or "-"
# @SIZE: memhog's SIZE ("250M", "60%")
# @MEMCG: the memcg to charge it to ("" or absent: where the caller is)
# @HOLD: how long memhog holds it, in seconds (default 3600)
#
# Usage: memhog_start NODE SIZE [MEMCG [HOLD]]; pid=$MEMHOG_PID
# Returns once memhog says every page is touched ("memhog: holding"), not
# after a guessed delay, so that what is read next does not race with its
# faults; 120 s at most.
#
# Return: 0 with the pid in MEMHOG_PID; 1 with a message (and memhog's
# output) if memhog failed or took too long, in which case it is killed.
memhog_start() {
	local node=${1:-} size=${2:-} memcg=${3:-} hold=${4:-3600} log i pid

	if [ -z "$node" ] || [ -z "$size" ]; then
		_lg_err "usage: memhog_start NODE|- SIZE [MEMCG [HOLD]]"
		return 1
	fi
	MEMHOG_PID=
	log=$(mktemp "${TMPDIR:-/tmp}/memhog.XXXXXX") || { _lg_err "memhog_start: cannot make a log file in ${TMPDIR:-/tmp}"; return 1; }
	if [ -n "$memcg" ]; then
		memcg_spawn "$memcg" "$node" "$LRUGEN_PROGS/memhog" "$size" 1 "$hold" >"$log" 2>&1 || { rm -f "$log"; return 1; }
	else
		( _lg_exec "$node" "$LRUGEN_PROGS/memhog" "$size" 1 "$hold" ) >"$log" 2>&1 &
	fi
	pid=$!
	for ((i = 0; i < 600; i++)); do
		if grep -q '^memhog: holding' "$log"; then
			rm -f "$log"
			MEMHOG_PID=$pid
			return 0
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null || :
			_lg_err "memhog_start: memhog $size on node $node${memcg:+ in $memcg} exited early: $(cat "$log")"
			rm -f "$log"
			return 1
		fi
		sleep 0.2
	done
	kill "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
	_lg_err "memhog_start: memhog $size on node $node${memcg:+ in $memcg} did not touch all its pages in 120 s: $(cat "$log")"
	rm -f "$log"
	return 1
}

# cache_fill() - clean page cache on a node: a new file, written and synced
# @NODE: the node the page cache goes on, or "-"
# @FILE: the file to write (replaced); on the scratch disk for real page
#        cache ($LRUGEN_SCRATCH; /tmp is tmpfs, whose pages are shmem)
# @MIB: its size in MiB
# @MEMCG: the memcg to charge it to ("" or absent: where the caller is)
#
# Usage: cache_fill NODE FILE MIB [MEMCG]
#
# Return: 0; 1 with a message if the file could not be written.
cache_fill() {
	local node=${1:-} file=${2:-} mib=${3:-} memcg=${4:-}

	if [ -z "$node" ] || [ -z "$file" ] || [ -z "$mib" ]; then
		_lg_err "usage: cache_fill NODE|- FILE MIB [MEMCG]"
		return 1
	fi
	rm -f "$file" || { _lg_err "cache_fill: cannot remove the old $file"; return 1; }
	if [ -n "$memcg" ]; then
		memcg_run "$memcg" "$node" dd if=/dev/zero of="$file" bs=1M count="$mib" conv=fsync status=none
	else
		( _lg_exec "$node" dd if=/dev/zero of="$file" bs=1M count="$mib" conv=fsync status=none )
	fi || { _lg_err "cache_fill: could not write $mib MiB to $file on node $node${memcg:+ in $memcg}"; return 1; }
}

# drop_caches() - write back, then drop the clean page cache and slab
#
# Usage: drop_caches
#
# Return: 0; 1 with a message if /proc/sys/vm/drop_caches refused.
drop_caches() {
	sync
	{ echo 3 >"$PROC_VM/drop_caches"; } 2>/dev/null ||
		{ _lg_err "drop_caches: cannot write $PROC_VM/drop_caches (not root?)"; return 1; }
}

# --- counters ------------------------------------------------------------

# stat_refresh() - fold the per-CPU counter deltas into the totals
#
# Usage: stat_refresh
# vmstat and meminfo lag behind by up to a per-CPU batch without this.
# Best effort: a kernel without vm.stat_refresh, or a caller that is not
# root, reads slightly stale counters.
#
# Return: 0.
stat_refresh() {
	{ echo 1 >"$PROC_VM/stat_refresh"; } 2>/dev/null || :
}

# vmstat() - one counter of /proc/vmstat (not refreshed: the vm events
# need no refresh, and a test compares raw values)
# @NAME: the counter
#
# Usage: n=$(vmstat NAME)
#
# Return: 0; 1 with a message if there is no such counter.
vmstat() {
	awk -v k="${1:-}" '$1 == k { print $2; found = 1 } END { exit !found }' /proc/vmstat ||
		{ _lg_err "vmstat: no counter '${1:-}' in /proc/vmstat"; return 1; }
}

# node_meminfo() - one field of a node's meminfo, in kB, refreshed
# @NODE: the node id
# @FIELD: the field ("MemFree", "Active(file)", "Dirty"...)
#
# Usage: kb=$(node_meminfo NODE FIELD)
#
# Return: 0; 1 with a message if there is no such node or field.
node_meminfo() {
	local f=$NODES/node${1:-}/meminfo

	[ -r "$f" ] || { _lg_err "node_meminfo: no node '${1:-}' ($f is missing)"; return 1; }
	stat_refresh
	awk -v k="${2:-}:" '$3 == k { print $4; found = 1 } END { exit !found }' "$f" ||
		{ _lg_err "node_meminfo: no field '${2:-}' in $f"; return 1; }
}

# node_vmstat() - one counter of a node's vmstat, refreshed
# @NODE: the node id
# @NAME: the counter ("pgsteal_proactive_node", "nr_written"...)
#
# Usage: n=$(node_vmstat NODE NAME)
#
# Return: 0; 1 with a message if there is no such node or counter.
node_vmstat() {
	local f=$NODES/node${1:-}/vmstat

	[ -r "$f" ] || { _lg_err "node_vmstat: no node '${1:-}' ($f is missing)"; return 1; }
	stat_refresh
	awk -v k="${2:-}" '$1 == k { print $2; found = 1 } END { exit !found }' "$f" ||
		{ _lg_err "node_vmstat: no counter '${2:-}' in $f"; return 1; }
}

# _lg_node_mb() - the sum of meminfo fields of a node, in MiB
# @NODE: the node id
# @FIELD...: the fields
_lg_node_mb() {
	local node=$1 kb sum=0

	shift
	while [ $# -gt 0 ]; do
		kb=$(node_meminfo "$node" "$1") || return 1
		sum=$((sum + kb))
		shift
	done
	echo $((sum / 1024))
}

# node_file_mb() - the file LRU pages of a node (no shmem), MiB
# @NODE: the node id
#
# Usage: mb=$(node_file_mb NODE)
#
# Return: 0; 1 with a message if there is no such node.
node_file_mb() {
	_lg_node_mb "${1:-}" "Active(file)" "Inactive(file)"
}

# node_anon_mb() - the anonymous pages mapped on a node, MiB
# @NODE: the node id
#
# Usage: mb=$(node_anon_mb NODE)
#
# Return: 0; 1 with a message if there is no such node.
node_anon_mb() {
	_lg_node_mb "${1:-}" AnonPages
}

# node_lru_mb() - every page on a node's anon and file LRUs: what reclaim
# can take from it, MiB
# @NODE: the node id
#
# Usage: mb=$(node_lru_mb NODE)
#
# Return: 0; 1 with a message if there is no such node.
node_lru_mb() {
	_lg_node_mb "${1:-}" "Active(anon)" "Inactive(anon)" "Active(file)" "Inactive(file)"
}

# --- MGLRU on and off ----------------------------------------------------

_lg_lru_gen_saved=${_lg_lru_gen_saved:-}

# lru_gen_get() - MGLRU's state, as /sys/kernel/mm/lru_gen/enabled reads
#
# Usage: v=$(lru_gen_get)     (0x0007 when all on, 0x0000 when off)
#
# Return: 0; 1 with a message on a kernel without MGLRU.
lru_gen_get() {
	cat "$LRU_GEN_ENABLED" 2>/dev/null ||
		{ _lg_err "lru_gen_get: no $LRU_GEN_ENABLED: a kernel without CONFIG_LRU_GEN"; return 1; }
}

# lru_gen_set() - switch MGLRU on or off at run time
# @VALUE: what lru_gen/enabled takes: y, n, or a feature mask (0x0007)
#
# Usage: lru_gen_set y|n|MASK
# The first call keeps the value it found, for lru_gen_restore.
#
# Return: 0; 1 with a message if the kernel refused.
lru_gen_set() {
	if [ -z "$_lg_lru_gen_saved" ]; then
		_lg_lru_gen_saved=$(lru_gen_get) || return 1
	fi
	{ echo "${1:-}" >"$LRU_GEN_ENABLED"; } 2>/dev/null ||
		{ _lg_err "lru_gen_set: cannot set $LRU_GEN_ENABLED to '${1:-}' (not root?)"; return 1; }
}

# lru_gen_restore() - MGLRU back as it was before the first lru_gen_set
#
# Usage: lru_gen_restore      (in an EXIT trap, say)
#
# Return: 0, also when lru_gen_set never ran; 1 with a message if the
# kernel refused.
lru_gen_restore() {
	[ -n "$_lg_lru_gen_saved" ] || return 0
	{ echo "$_lg_lru_gen_saved" >"$LRU_GEN_ENABLED"; } 2>/dev/null ||
		{ _lg_err "lru_gen_restore: cannot set $LRU_GEN_ENABLED back to $_lg_lru_gen_saved"; return 1; }
}

# --- lruvecs, from debugfs lru_gen_full ----------------------------------

# lruvec_gens() - the generations of one lruvec
# @ID: the memcg's id (memcg_id)
# @NODE: the node id
#
# Usage: lruvec_gens ID NODE
# Prints "seq anon file" for each generation lru_gen_full shows, oldest
# first; the pages of a type whose min_seq is past that generation carry an
# x ("12x"). lru_gen_full shows the last 4 sequence numbers, evicted or not,
# where lru_gen only shows those from min_seq[anon] on, without the marks.
#
# Return: 0; 1 with a message if lru_gen_full has no such lruvec.
lruvec_gens() {
	awk -v id="${1:-}" -v nid="${2:-}" '
	$1 == "memcg" { in_memcg = ($2 == id); in_node = 0; next }
	$1 == "node" { in_node = in_memcg && ($2 == nid); next }
	in_node && NF == 4 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { print $1, $3, $4; found = 1 }
	END { exit !found }
	' "$LRU_GEN_FULL" 2>/dev/null ||
		{ _lg_err "lruvec_gens: no lruvec of memcg ${1:-} on node ${2:-} in $LRU_GEN_FULL"; return 1; }
}

# lruvec_seqs() - the sequence numbers of one lruvec
# @ID: the memcg's id
# @NODE: the node id
#
# Usage: read -r max anon file <<<"$(lruvec_seqs ID NODE)"
# Prints "max_seq min_seq_anon min_seq_file". A type evicted up to max_seq
# has its min_seq there.
#
# Return: 0; 1 with a message if there is no such lruvec.
lruvec_seqs() {
	local gens

	gens=$(lruvec_gens "${1:-}" "${2:-}") || return 1
	awk '
	{ if (anon == "" && $2 !~ /x$/) anon = $1
	  if (file == "" && $3 !~ /x$/) file = $1
	  max = $1 }
	END { print max, (anon == "" ? max : anon), (file == "" ? max : file) }' <<<"$gens"
}

# lruvec_min() - the lower of an lruvec's two min_seqs: its oldest
# generation
# @ID: the memcg's id
# @NODE: the node id
#
# Usage: min=$(lruvec_min ID NODE)
#
# Return: 0; 1 with a message if there is no such lruvec.
lruvec_min() {
	local max anon file

	read -r max anon file <<<"$(lruvec_seqs "${1:-}" "${2:-}")"
	[ -n "$max" ] || return 1
	echo $((anon < file ? anon : file))
}

# lruvec_pages() - the pages of one lruvec, as lrugen counts them
# @ID: the memcg's id
# @NODE: the node id
#
# Usage: read -r anon file <<<"$(lruvec_pages ID NODE)"
# Prints "anon file", in pages, over the generations not yet evicted (the
# x-marked ones left out).
#
# Return: 0; 1 with a message if there is no such lruvec.
lruvec_pages() {
	local gens

	gens=$(lruvec_gens "${1:-}" "${2:-}") || return 1
	awk '$2 !~ /x$/ { a += $2 } $3 !~ /x$/ { f += $3 } END { print a + 0, f + 0 }' <<<"$gens"
}
