#!/usr/bin/env bash
# suites: guest guest-asan
# 'lrugen reclaim' and 'lrugen age': a memcg given by path is resolved to its
# id, the outcome is printed and the kernel's counters agree; bad input exits
# 2 with a reason and changes nothing; 'age' adds one generation and
# 'age --evict' retires the oldest.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
C=/lrugen-cli-$$
make_memcg $C
memcg_cache $C 0 96
memcg_cache $C 1 32
id=$(memcg_id $C) || fail "no id for memcg $C (above)"
out=/tmp/lrugen-cli-$$
LG_FILES+=("$out" "$out.err")

# run EXPECTED_STATUS ARGS...: lrugen ARGS, with stdout in $out
run() {
	local want=$1 rc
	shift
	"$LRUGEN_BIN" "$@" >$out 2>$out.err
	rc=$?
	[ "$rc" = "$want" ] || fail "lrugen $*: exit status $rc, want $want; stdout: $(cat $out); stderr: $(cat $out.err)"
}

# reclaim from the memcg on node 0, given by path
read -r _ file0 <<<"$(lruvec_pages "$id" 0)"
steal0=$(node_vmstat 0 pgsteal_proactive_node)
run 0 reclaim --node 0 --memcg $C 32M
cat $out
steal1=$(node_vmstat 0 pgsteal_proactive_node)
read -r _ file1 <<<"$(lruvec_pages "$id" 0)"
[ -s $out.err ] && fail "lrugen reclaim wrote to stderr: $(cat $out.err)"
expect_match "reclaim request" "$(cat $out)" "^'33554432 memcg=$id' > /sys/devices/system/node/node0/reclaim: reclaimed [0-9.]+[KM]? of 32M in [0-9.]+s$"
expect_match "before line" "$(cat $out)" "^before $C node0: seq [0-9]+\.\.[0-9]+, anon .* file .*: "
expect_match "after line" "$(cat $out)" "^after +$C node0: seq [0-9]+\.\.[0-9]+, anon .* file .*: "
stolen=$(((steal1 - steal0) * 4096 / MB))
freed=$(((file0 - file1) * 4096 / MB))
info "node0 pgsteal_proactive_node +$stolen MiB; memcg $id node 0 file pages -$freed MiB"
[ "$stolen" -ge 16 ] && [ "$stolen" -le 48 ] || fail "node0 pgsteal_proactive_node rose by $stolen MiB for 32M, want 16..48"
[ "$freed" -ge 16 ] || fail "memcg $C node 0 lost only $freed MiB of page cache for 32M"

# a removed memcg that its page cache keeps as a zombie, shown with id 0
Z=/lrugen-cli-gone-$$
make_memcg $Z
memcg_cache $Z 0 8
rmdir "$CGROUP_ROOT$Z" || fail "cannot remove $Z"
full_canon | grep -q "^0 $Z node 0 " || info "(no zombie $Z with id 0 in lru_gen_full)"

# bad input: exit 2, a reason, and nothing reclaimed anywhere
full0=$(full_canon | grep "^$id ")
vm0=$(vmstat pgsteal_proactive_node)
bad() { # REGEX ARGS...
	local re=$1
	shift
	run 2 "$@"
	grep -qE -- "$re" $out.err || fail "lrugen $*: no '$re' in stderr: $(cat $out.err)"
	[ -s $out ] && fail "lrugen $*: printed to stdout: $(cat $out)"
	info "lrugen $*: exit 2: $(head -n 1 $out.err)"
}
bad 'the size must be more than 0' reclaim --node 0 --memcg $C 0
bad 'swappiness must be 0\.\.200 \(digits only\) or max, not .300.' reclaim --node 0 --swappiness 300 16M
bad "unknown flag 'bogus'" reclaim --node 0 --flags bogus 16M
bad "no memcg '/lrugen-none-$$'" reclaim --node 0 --memcg /lrugen-none-$$ 16M
bad "no memcg '0'" reclaim --node 0 --memcg 0 16M
bad "no memcg '$Z'" reclaim --node 0 --memcg $Z 16M
bad 'node 9 has no memory' reclaim --node 9 16M
bad 'give exactly one SIZE' reclaim --node 0
bad 'is not a size' reclaim --node 0 16Q
bad "--node must be a number" reclaim --node x 16M
bad 'memory.reclaim takes no flags' reclaim --memcg $C --flags clean 16M
bad "no lruvec for memcg '/lrugen-none-$$' on node 1" age --node 1 --memcg /lrugen-none-$$
bad 'give --node N and --memcg' age --node 1
expect_eq "pgsteal_proactive_node after bad input" "$(vmstat pgsteal_proactive_node)" "$vm0"
expect_eq "memcg $id after bad input" "$(full_canon | grep "^$id ")" "$full0"

# age memcg C on node 1, by id: max_seq + 1. The lruvec is as new lruvecs
# are, with MAX_NR_GENS (4) generations, which a plain '+' refuses (ERANGE)
read -r max0 _ <<<"$(lruvec_seqs "$id" 1)"
info "memcg $id node 1 before age: seq $(lruvec_min "$id" 1)..$max0"
run 0 age --node 1 --memcg "$id"
cat $out
read -r max1 _ <<<"$(lruvec_seqs "$id" 1)"
info "age: memcg $id node 1 max_seq $max0 -> $max1"
expect_match "age request" "$(cat $out)" "^'\+ $id 1 $max0( [0-9]+ 1)?' > /sys/kernel/debug/lru_gen: aged: max_seq was $max0"
expect_eq "max_seq after age" "$max1" $((max0 + 1))

# five times more, on a lruvec with idle anon pages: each 'age' adds
# exactly one generation, whether or not the kernel refuses a plain '+' for
# a full set of generations (ERANGE), in which case lrugen forces it
D=/lrugen-cli-anon-$$
make_memcg $D
memcg_hog $D 1 16
idd=$(memcg_id $D) || fail "no id for memcg $D (above)"
forced=0
for i in 1 2 3 4 5; do
	read -r max0 anon0 _ <<<"$(lruvec_seqs "$idd" 1)"
	run 0 age --node 1 --memcg $D
	read -r max1 anon1 _ <<<"$(lruvec_seqs "$idd" 1)"
	grep -q 'the oldest two were merged' $out && forced=$((forced + 1))
	info "age $i of memcg $idd node 1: seq $anon0..$max0 -> $anon1..$max1: $(grep -o "^'+.*" $out)"
	expect_eq "max_seq after age $i" "$max1" $((max0 + 1))
done
info "5 agings, $forced of them forced after ERANGE"
stop_workloads

# evict its oldest generation: it has at least 3 now
read -r max0 anon0 file0 <<<"$(lruvec_seqs "$id" 1)"
min0=$(lruvec_min "$id" 1)
[ $((max0 - min0 + 1)) -ge 3 ] || fail "memcg $id node 1 has only $((max0 - min0 + 1)) generations after aging"
run 0 age --node 1 --memcg $C --evict
cat $out
read -r max1 anon1 file1 <<<"$(lruvec_seqs "$id" 1)"
min1=$(lruvec_min "$id" 1)
info "evict: memcg $id node 1 seq $min0..$max0 -> $min1..$max1 (min_seq anon $anon0 -> $anon1, file $file0 -> $file1)"
expect_match "evict request" "$(cat $out)" "^'- $id 1 $min0' > /sys/kernel/debug/lru_gen: evicted generation $min0"
[ "$min1" -gt "$min0" ] || fail "min_seq of memcg $id node 1 did not rise: $min0 -> $min1"
expect_eq "max_seq after evict" "$max1" "$max0"

# a 2-generation lruvec cannot be evicted: exit 1 with a reason
while [ $((max1 - min1 + 1)) -gt 2 ]; do
	echo "- $id 1 $min1" >"$LRU_GEN_DEBUGFS" || fail "'- $id 1 $min1' failed"
	read -r max1 _ <<<"$(lruvec_seqs "$id" 1)"
	min1=$(lruvec_min "$id" 1)
done
run 1 age --node 1 --memcg $C --evict
expect_match "evict with 2 generations" "$(cat $out)" "only 2 generations: age \(\+\) first"

# reclaim through memory.reclaim on every node, by id
run 0 reclaim --memcg "$id" 8M
cat $out
expect_match "memory.reclaim request" "$(cat $out)" "^'8388608' > /sys/fs/cgroup$C/memory.reclaim: reclaimed .* of 8\.0M"

expect_no_instances "after the commands"
pass "$(tail -n 1 $out)"
