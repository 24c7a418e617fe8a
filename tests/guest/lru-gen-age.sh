#!/usr/bin/env bash
# suites: guest
# A debugfs "+ memcg node seq" command creates exactly one generation: one
# lru_gen_birth with the new max_seq, bracketed by aging begin and end.
set -u
. "$(dirname "$0")/../lib/lru_gen.sh"
require_lru_gen_events
id=$(memcg_id /)
[ -n "$id" ] || fail "no root memcg in $LRU_GEN_DEBUGFS"
read -r max0 anon0 file0 <<<"$(lruvec_seqs "$id" 0)"
[ -n "$max0" ] || fail "no lruvec for memcg $id node 0 in lru_gen_full"

trace_start lru_gen_aging_begin lru_gen_aging_end lru_gen_birth
# force_scan=1 so that a full set of generations cannot make it fail
echo "+ $id 0 $max0 1 1" >"$LRU_GEN_DEBUGFS" || fail "'+ $id 0 $max0 1 1' failed"
events=$(trace_lines | grep ' reason=debugfs\| lru_gen_aging_end ' | grep " nid=0 memcg_id=$id ")
read -r max1 anon1 file1 <<<"$(lruvec_seqs "$id" 0)"
info "max_seq $max0 -> $max1, min_seq anon $anon0 -> $anon1, file $file0 -> $file1"
expect_eq "max_seq after '+'" "$max1" $((max0 + 1))

births=$(grep ' lru_gen_birth ' <<<"$events")
expect_eq "births" "$(grep -c . <<<"$births")" 1
expect_eq "birth seq" "$(field "$births" seq)" "$max1"
expect_eq "birth min_seq_anon" "$(field "$births" min_seq_anon)" "$anon1"
expect_eq "birth min_seq_file" "$(field "$births" min_seq_file)" "$file1"

begin=$(grep ' lru_gen_aging_begin ' <<<"$events")
end=$(grep ' lru_gen_aging_end ' <<<"$events" | grep ' new_gen=1 ')
expect_eq "aging begins" "$(grep -c . <<<"$begin")" 1
expect_eq "aging ends with new_gen=1" "$(grep -c . <<<"$end")" 1
expect_eq "begin max_seq" "$(field "$begin" max_seq)" "$max0"
expect_eq "begin force_scan" "$(field "$begin" force_scan)" 1
expect_eq "begin swappiness" "$(field "$begin" swappiness)" 1
expect_eq "end max_seq" "$(field "$end" max_seq)" "$max0"
# the walk looked at least at this shell's own page tables
expect_at_least "leaf entries the walk scanned" "$(field "$end" nr_scanned)" 1
pass "$births"
