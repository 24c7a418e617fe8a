#!/usr/bin/env bash
# suites: guest guest-asan
# lrugen exporter live, with its events, through --textfile (the guest
# kernel has no TCP/IP): a nodeN/reclaim request on the test's memcg shows
# in lrugen_proactive_* with the bytes asked for, the bytes reclaimed near
# pgsteal_proactive_node's delta and at least it (the event also counts
# freed slab), and the memcg's lrugen_evicted_bytes_total growing by that
# delta exactly; the memcg's idle lruvec's lrugen_lru_bytes equal
# lru_gen_full read before and after the sample; the file passes
# promtool when the host's is there; SIGTERM stops the exporter with
# status 0 and its tracefs instance gone.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_node_reclaim
require_swap
A=/lrugen-exporter-a-$$
make_memcg $A
memcg_hog $A 0 64
ida=$(memcg_id $A) || fail "no id for memcg $A (above)"
out=/tmp/lrugen-exporter-$$
LG_FILES+=("$out.prom" "$out.prom.tmp" "$out.err")
psize=$(getconf PAGESIZE)

# value FAMILY LABELS: the sample's value in the textfile, or nothing
value() {
	sed -n "s|^$1{$2} ||p" "$out.prom" 2>/dev/null
}

"$LRUGEN_BIN" exporter --textfile "$out.prom" -d 0.5 2>"$out.err" &
pid=$!
LG_PIDS+=("$pid")
wait_instance "$pid" || fail "the exporter made no tracefs instance: $(cat "$out.err")"
for ((i = 0; i < 100; i++)); do
	[ -s "$out.prom" ] && break
	sleep 0.2
done
[ -s "$out.prom" ] || fail "no $out.prom within 20 s: $(cat "$out.err")"
expect_eq "events live" "$(sed -n 's/^lrugen_exporter_events_live //p' "$out.prom")" 1

# one request of 16 MiB on node 0, memcg A
steal0=$(node_vmstat 0 pgsteal_proactive_node)
labels="node=\"0\",memcg=\"$A\""
ev0=$(value lrugen_evicted_bytes_total "$labels,type=\"anon\"")
ev0=$((${ev0:-0} + $(value lrugen_evicted_bytes_total "$labels,type=\"file\"" || :) + 0))
r=$(reclaim 0 "16M memcg=$ida")
steal=$(( ($(node_vmstat 0 pgsteal_proactive_node) - steal0) * psize ))
info "request: $r; pgsteal_proactive_node on node 0 +$((steal / psize)) pages"
# the next sample after the request has it
for ((i = 0; i < 100; i++)); do
	[ "$(value lrugen_proactive_requests_total "$labels")" = 1 ] && break
	sleep 0.2
done
expect_eq "requests" "$(value lrugen_proactive_requests_total "$labels")" 1
expect_eq "requested bytes" "$(value lrugen_proactive_requested_bytes_total "$labels")" $((16 << 20))
got=$(value lrugen_proactive_reclaimed_bytes_total "$labels")
expect_at_least "reclaimed bytes against pgsteal_proactive_node" "$got" "$steal"
expect_near "reclaimed bytes against pgsteal_proactive_node" "$got" "$steal" $((steal / 20 + psize))
ev1=$(( $(value lrugen_evicted_bytes_total "$labels,type=\"anon\"") + \
	$(value lrugen_evicted_bytes_total "$labels,type=\"file\"") ))
expect_eq "evicted bytes of $A on node 0 against pgsteal_proactive_node" $((ev1 - ev0)) "$steal"
info "requested 16 MiB, reclaimed $got bytes, evicted $((ev1 - ev0)) bytes"

# the idle lruvec's bytes against lru_gen_full read around a sample
bytes_of() {
	full_canon | awk -v id="$ida" -v ps="$psize" '$1 == id && $4 == 0 {
		for (i = 11; i <= NF; i++) { split($i, g, ":"); if (g[2] !~ /x$/) a += g[2]; if (g[3] !~ /x$/) f += g[3] }
		print a * ps, f * ps }'
}
for try in $(seq 1 10); do
	before=$(bytes_of)
	n0=$(sed -n 's/^lrugen_exporter_samples_total //p' "$out.prom")
	for ((i = 0; i < 50; i++)); do
		n1=$(sed -n 's/^lrugen_exporter_samples_total //p' "$out.prom")
		[ -n "$n1" ] && [ "$n1" != "$n0" ] && break
		sleep 0.1
	done
	after=$(bytes_of)
	got="$(value lrugen_lru_bytes "$labels,type=\"anon\"") $(value lrugen_lru_bytes "$labels,type=\"file\"")"
	[ "$before" = "$after" ] && break
	info "try $try: $A node 0 changed around the sample; again"
done
expect_eq "LRU bytes of $A node 0 against lru_gen_full" "$got" "$before"
if command -v promtool >/dev/null; then
	o=$(promtool check metrics <"$out.prom" 2>&1) || fail "promtool check metrics: $o"
fi

kill -TERM "$pid"
wait "$pid"
expect_eq "SIGTERM: exit status" "$?" 0
expect_no_instances "after SIGTERM"
pass "16 MiB requested of $A: the exporter's counters agree with pgsteal_proactive_node and lru_gen_full"
