# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the lru_gen tracepoint tests (guest only). Events are read from
# a private tracefs instance, so a test neither depends on nor disturbs the
# top-level buffer. When the test exits, however it exits, the instance is
# removed and the test's own test_cleanup function, if it has one, runs.

# (TRACEFS, LRU_GEN_DEBUGFS, memcg_id and the lruvec readers are in
# vm/guest/lib.sh.)

# shellcheck source=reclaim.sh
. "$(dirname "${BASH_SOURCE[0]}")/reclaim.sh"
# the series' events: the multi-gen LRU's, and proactive reclaim's in vmscan
LRU_GEN_EVENTS="lru_gen_aging_begin lru_gen_aging_end lru_gen_birth lru_gen_retire
lru_gen_evict mm_vmscan_proactive_reclaim_begin mm_vmscan_proactive_reclaim_end"
# the events' names, as an extended regex
EVENT_RE='lru_gen_[a-z_]+|mm_vmscan_proactive_reclaim_[a-z]+'
LG_INSTANCE=	# the test's tracefs instance, once trace_start has made it

# event_system EVENT: the trace system of one of the series' events
event_system() {
	case $1 in
	mm_vmscan_*) echo vmscan ;;
	*) echo lru_gen ;;
	esac
}

require_lru_gen_events() {
	require_root
	[ -d $TRACEFS/events ] || fail "no tracefs at $TRACEFS"
	[ -d $TRACEFS/events/lru_gen ] || fail "no lru_gen events in tracefs: not the lrugen kernel?"
	[ -e $LRU_GEN_DEBUGFS ] || fail "$LRU_GEN_DEBUGFS is missing: CONFIG_LRU_GEN off?"
}

# trace_start EVENT...: a fresh instance with these events on
trace_start() {
	[ -n "$LG_INSTANCE" ] && [ -d "$LG_INSTANCE" ] && rmdir "$LG_INSTANCE"
	LG_INSTANCE=$TRACEFS/instances/lrugen-test-$$
	mkdir "$LG_INSTANCE" || fail "cannot create tracefs instance $LG_INSTANCE"
	echo 4096 >"$LG_INSTANCE/buffer_size_kb"
	local ev
	for ev in "$@"; do
		echo 1 >"$LG_INSTANCE/events/$(event_system "$ev")/$ev/enable" ||
			fail "cannot enable $(event_system "$ev")/$ev"
	done
}

lru_gen_test_exit() {
	[ -n "$LG_INSTANCE" ] && [ -d "$LG_INSTANCE" ] && rmdir "$LG_INSTANCE"
	LG_INSTANCE=
	[ "$(type -t test_cleanup)" = function ] && test_cleanup
	return 0
}
trap lru_gen_test_exit EXIT

# trace_lines: the events recorded so far, one per line, as
# "COMM-PID EVENT key=value...". Fails if the ring buffer dropped any.
trace_lines() {
	echo 0 >"$LG_INSTANCE/tracing_on"
	local lost
	lost=$(awk '/overrun:/ { n += $2 } END { print n + 0 }' "$LG_INSTANCE"/per_cpu/cpu*/stats)
	[ "$lost" -eq 0 ] || fail "the ring buffer dropped $lost events"
	sed -nE "s/^ *(.+-[0-9]+) +\[[0-9]+\] [^ ]+ +[0-9.]+: ($EVENT_RE): (.*)\$/\1 \2 \3/p" \
		"$LG_INSTANCE/trace"
}

# trace_wait PATTERN [SECONDS]: wait until an event line matching PATTERN
# (an extended regex) is in the instance's buffer (default limit 120 s);
# fails when it does not come
trace_wait() {
	local i
	for i in $(seq 1 $((${2:-120} * 20))); do
		grep -qE "$1" "$LG_INSTANCE/trace" && return 0
		sleep 0.05
	done
	fail "no event matching '$1' within ${2:-120} s"
}

# trace_mark TEXT: a marker in the instance's buffer, ordered with its events
trace_mark() {
	echo "$1" >"$LG_INSTANCE/trace_marker" || fail "cannot write a trace marker"
}

# trace_order: the instance's events and markers, in time order, one per
# line as "EVENT key=value..." or "MARK TEXT"
trace_order() {
	echo 0 >"$LG_INSTANCE/tracing_on"
	sed -nE -e "s/^.*: ($EVENT_RE): (.*)\$/\1 \2/p" \
		-e 's/^.*: tracing_mark_write: (.*)$/MARK \1/p' "$LG_INSTANCE/trace"
}

# field LINE KEY: the value of key=value in one event line
field() {
	sed -nE "s/.* $2=([^ ]+).*/\1/p" <<<" $1"
}

# sum_field LINES KEY: the sum of KEY=value over event lines
sum_field() {
	field "$1" "$2" | awk '{ n += $1 } END { print n + 0 }'
}

# contract_fields EVENT: the fields tracepoints/formats/EVENT.format promises
contract_fields() {
	sed -nE 's/^\tfield:.*[ *]([a-z_0-9]+);\toffset.*/\1/p' \
		"$LRUGEN_TOP/tracepoints/formats/$1.format" | grep -v '^common_'
}

# check_decoded WHAT TEXT: TEXT (trace-cmd report or perf script output) has
# every event of the series, and each line of each event shows every field of
# the contract as field=value, with enums and flags as names.
check_decoded() {
	local what=$1 text=$2 ev lines f bad
	bad=$(grep -m 3 'FAILED TO PARSE' <<<"$text")
	[ -z "$bad" ] || fail "$what could not parse: $bad"
	for ev in $LRU_GEN_EVENTS; do
		lines=$(grep -E "[: ]$ev: " <<<"$text")
		[ -n "$lines" ] || fail "$what: no $ev events"
		for f in $(contract_fields "$ev"); do
			bad=$(grep -vE " $f=[^ ]+" <<<"$lines" | head -n 1)
			[ -z "$bad" ] || fail "$what: $ev without $f=: $bad"
		done
		bad=$(grep -E " (reason=[^kdmp ]|type=[^af ]|flags=[^nc ])" <<<"$lines" | head -n 1)
		[ -z "$bad" ] || fail "$what: $ev with an enum or flag not decoded: $bad"
		bad=$(grep -vE "reason=(kswapd|direct|memcg|proactive|debugfs)( |$)" <<<"$lines" | grep -m 1 ' reason=')
		[ -z "$bad" ] || fail "$what: $ev with an unknown reason: $bad"
		info "$what: $ev: $(grep -c . <<<"$lines") events"
	done
}

# all_events_workload: memory pressure on zram (kswapd ages and evicts), a
# nodeN/reclaim request and a debugfs aging, which fire every lru_gen event
all_events_workload() {
	memhog 110% 1 >/dev/null || return 1
	writefile $NODES/node0/reclaim "16M" >/dev/null
	local id max
	id=$(memcg_id /)
	read -r max _ <<<"$(lruvec_seqs "$id" 1)"
	echo "+ $id 1 $max 1 1" >$LRU_GEN_DEBUGFS
}
