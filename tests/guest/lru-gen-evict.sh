#!/usr/bin/env bash
# suites: guest
# A debugfs "- memcg node seq" command evicts the oldest file generations of
# one lruvec: its lru_gen_evict events name that generation, and its
# lru_gen_retire events lead from min_seq before to min_seq after, as
# lru_gen_full shows them.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
test_cleanup() { rm -f "$LRUGEN_SCRATCH/evict"; memcg_remove /lrugen-evict; }
need_memcg /lrugen-evict
fill_cache 0 "$LRUGEN_SCRATCH/evict" 64 /lrugen-evict
id=$(memcg_id /lrugen-evict) || fail "no id for memcg /lrugen-evict (above)"
read -r max0 anon0 file0 <<<"$(lruvec_seqs "$id" 0)"
[ -n "$file0" ] || fail "no lruvec for memcg $id node 0 in lru_gen_full"
# the oldest generation holding the new page cache, and the pages up to it
read -r target pages <<<"$(lruvec_gens "$id" 0 | awk -v min="$file0" '
	$1 >= min { n += $3 } $1 >= min && $3 > 0 { print $1, n; exit }')"
[ -n "$target" ] || fail "memcg $id node 0: no file pages in lru_gen_full"
[ $((target + 2)) -le "$max0" ] || fail "memcg $id: generation $target too young to evict (max_seq $max0)"

trace_start lru_gen_evict lru_gen_retire
# evict file generations up to and including that one (swappiness 0)
echo "- $id 0 $target 0" >"$LRU_GEN_DEBUGFS" || fail "'- $id 0 $target 0' failed"
events=$(trace_lines | grep " nid=0 memcg_id=$id ")
read -r max1 anon1 file1 <<<"$(lruvec_seqs "$id" 0)"
info "memcg $id node 0: max_seq $max0 -> $max1, min_seq file $file0 -> $file1, anon $anon0 -> $anon1"
expect_eq "max_seq" "$max1" "$max0"
[ "$file1" -gt "$target" ] || fail "min_seq[file] did not pass $target: $file0 -> $file1"

evicts=$(grep ' lru_gen_evict ' <<<"$events")
[ -n "$evicts" ] || fail "no lru_gen_evict events for memcg $id node 0"
expect_eq "evicted types" "$(field "$evicts" type | sort -u | tr '\n' ' ')" "file "
expect_eq "first eviction's seq" "$(field "$(head -n 1 <<<"$evicts")" seq)" "$file0"
expect_eq "last eviction's seq" "$(field "$(tail -n 1 <<<"$evicts")" seq)" "$target"
bad=$(awk -v lo="$file0" -v hi="$file1" '{ for (i = 3; i <= NF; i++) if ($i ~ /^seq=/) { s = substr($i, 5); if (s < lo || s >= hi) print } }' <<<"$evicts")
[ -z "$bad" ] || fail "evictions outside generations $file0..$((file1 - 1)): $bad"
expect_eq "swappiness" "$(field "$evicts" swappiness | sort -u | tr '\n' ' ')" "0 "
reclaimed=$(sum_field "$evicts" nr_reclaimed)
# clean page cache written once: nearly all of it goes
info "generations $file0..$target held $pages file pages; the evictions reclaimed $reclaimed"
expect_at_least "pages the evictions reclaimed" "$reclaimed" $((pages * 9 / 10))

retires=$(grep ' lru_gen_retire ' <<<"$events" | grep ' type=file ')
[ -n "$retires" ] || fail "no file retirements for memcg $id node 0"
# the retirements chain: each starts where the previous one ended
chain=$(awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	if (NR > 1 && v["old_seq"] != prev) { print "gap at " $0; exit }
	if (NR == 1) first = v["old_seq"]; prev = v["new_seq"] }
	END { print first, prev }' <<<"$retires")
expect_eq "file retirements from..to" "$chain" "$file0 $file1"
pass "$(grep -c . <<<"$evicts") evictions reclaimed $reclaimed pages; $(grep -c . <<<"$retires") retirements $file0 -> $file1"
