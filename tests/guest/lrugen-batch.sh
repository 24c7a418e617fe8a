#!/usr/bin/env bash
# suites: guest guest-asan
# 'lrugen top -b' prints one text frame per refresh with both nodes and the
# test's memcgs; 'lrugen snapshot --json' is valid JSON with the same
# lruvecs as lru_gen_full: for the test's own, idle memcgs every field
# (max_seq, min_seqs, and each generation's seq, anon and file pages) equals
# lru_gen_full read just before and just after it; for the others, which
# live tasks charge, the sequence numbers do when those two reads agree.
# The text snapshot, taken between the same two reads, lists the same
# lruvecs.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
command -v jq >/dev/null || skip "jq is not installed (the host's jq is used in the guest)"
A=/lrugen-batch-a-$$
B=/lrugen-batch-b-$$
make_memcg $A
make_memcg $B
memcg_hog $A 0 32
memcg_cache $B 1 64
ida=$(memcg_id $A) || fail "no id for memcg $A (above)"
idb=$(memcg_id $B) || fail "no id for memcg $B (above)"
out=/tmp/lrugen-batch-$$
LG_FILES+=("$out" "$out.err" "$out.json" "$out.full")

start=$SECONDS
"$LRUGEN_BIN" top -b -n 3 -d 1 >$out 2>$out.err || fail "lrugen top -b exited with $?: $(cat $out.err)"
info "top -b -n 3 -d 1: $(wc -l <$out) lines in $((SECONDS - start)) s"
[ -s $out.err ] && fail "lrugen top -b wrote to stderr: $(cat $out.err)"
expect_eq "frames" "$(grep -cE '^lrugen [0-9:]+  frame [0-9]+  delay 1\.0s' $out)" 3
expect_eq "frame numbers" "$(grep -oE '  frame [0-9]+ ' $out | tr -s ' \n' ' ')" " frame 1 frame 2 frame 3 "
for n in 0 1; do
	expect_eq "node$n lines" "$(grep -c "^node$n: total " $out)" 3
done
for m in "$A $ida" "$B $idb"; do
	read -r path id <<<"$m"
	for n in 0 1; do
		expect_eq "rows of $path node $n" "$(grep -cE "^$path +$n +$id " $out)" 3
	done
done
expect_eq "event lines" "$(grep -cE '^events: [0-9]+ births' $out)" 3
expect_no_instances "after top -b"
info "3 frames, each with node0, node1, $A (id $ida) and $B (id $idb) on both nodes"

# JSON against lru_gen_full, with nothing running
stop_workloads
# "ID PATH node NID max MAX min ANON FILE gens SEQ:ANON:FILE...", as full_canon
jq_canon='.lruvecs[] | "\(.memcg_id) \(.memcg) node \(.nid) max \(.max_seq) min \(.min_seq_anon) \(.min_seq_file) gens" +
	([.gens[] | " \(.seq):\(.anon)\(if .anon_evicted then "x" else "" end):\(.file)\(if .file_evicted then "x" else "" end)"] | join(""))'
export LC_ALL=C
keys() { awk '{ print $1, $2, $3, $4 }' | sort; }
# Other tasks (this test among them) charge the root memcg all the time, so
# lruvecs that changed between the two reads are left out; the test's own
# lruvecs, with nothing running in them, must be among those compared.
mine="^($ida $A|$idb $B) node [01] "
for try in $(seq 1 10); do
	before=$(full_canon)
	"$LRUGEN_BIN" snapshot --json >$out.json 2>$out.err || fail "lrugen snapshot --json exited with $?: $(cat $out.err)"
	"$LRUGEN_BIN" snapshot >$out 2>$out.err || fail "lrugen snapshot exited with $?: $(cat $out.err)"
	after=$(full_canon)
	stable=$(comm -12 <(sort <<<"$before") <(sort <<<"$after"))
	[ "$(keys <<<"$before")" = "$(keys <<<"$after")" ] &&
		[ "$(grep -cE "$mine" <<<"$stable")" -eq 4 ] && break
	info "try $try: lruvecs came or went, or the test's own changed, during the snapshots; again"
	stable=
	sleep 1
done
[ -n "$stable" ] || fail "lru_gen_full changed during each of 10 snapshots"
jq . $out.json >/dev/null || fail "lrugen snapshot --json is not JSON: $(head -c 400 $out.json)"
json=$(jq -r "$jq_canon" $out.json) || fail "lrugen snapshot --json lacks the lruvec fields"
if [ "$(keys <<<"$json")" != "$(keys <<<"$before")" ]; then
	diff <(keys <<<"$before") <(keys <<<"$json") | head -n 20
	fail "snapshot --json lists other lruvecs than lru_gen_full (< lru_gen_full, > JSON)"
fi
# compare LINES JSON_LINES WHAT: every one of LINES is among JSON_LINES,
# or the test fails, naming WHAT differs and showing both sides
compare() {
	local missing
	missing=$(comm -23 <(sort <<<"$1") <(sort <<<"$2"))
	[ -z "$missing" ] && return
	echo "lru_gen_full (unchanged before and after):"
	echo "$missing" | head -n 10
	echo "JSON:"
	grep -F -f <(awk '{ print $1, $2, $3, $4 " " }' <<<"$missing") <<<"$2" | head -n 10
	fail "snapshot --json differs from lru_gen_full in $3, in $(grep -c . <<<"$missing") lruvecs"
}
# The test's memcgs are idle: their page counts must be exact. A busy
# lruvec's page counts can change and change back between the two reads
# (the root memcg's did, by 10 pages, in a CI run), but its sequence
# numbers only grow, so equal reads around the snapshot pin those.
seqs() { sed -E 's/ ([0-9]+):[0-9]+x?:[0-9]+x?/ \1/g'; }
compare "$(grep -E "$mine" <<<"$stable")" "$json" "the pages of the test's memcgs"
compare "$(seqs <<<"$stable")" "$(seqs <<<"$json")" "the sequence numbers"
expect_eq "nodes in the JSON" "$(jq -c '[.nodes[].nid]' $out.json)" "[0,1]"
info "snapshot --json: $(grep -c . <<<"$json") lruvecs, all there; the test's 4 equal to the JSON in every field, and the sequence numbers of all $(grep -c . <<<"$stable") unchanged across the two reads (try $try):"
grep -E "$mine" <<<"$json"

# The text snapshot, taken between the same two reads, lists the same
# lruvecs. (Taken after them, it would race with the freeing of a dying
# memcg an earlier test left behind.)
text=$(awk '/^MEMCG /{ t = 1; next } t && NF { print $1, $2, $3 }' $out | sort)
want=$(jq -r '.lruvecs[] | "\(.memcg) \(.nid) \(.memcg_id)"' $out.json | sort)
if [ "$text" != "$want" ]; then
	diff <(echo "$want") <(echo "$text") | head -n 20
	fail "the text snapshot lists other lruvecs than the JSON (< JSON, > text)"
fi
expect_no_instances "after snapshot"
pass "text snapshot: the same $(grep -c . <<<"$text") lruvecs (memcg, node, id)"
