#!/usr/bin/env bash
# suites: guest guest-asan
# 'lrugen top' driven through tmux like a user: it lists both nodes and the
# test's memcgs; the filter (\) shows memcg A and its ancestor; a search
# (/) selects it and Enter opens the detail pane of the row; reclaim
# through the keys (r, m, "64M flags=clean", y) takes about 64M of clean page
# cache from the memcg on node 0, as lru_gen_full and the status line show;
# aging through the keys (a, +, y) adds exactly one generation; q restores
# the terminal and removes the tracefs instance.
set -u
. "$(dirname "$0")/../lib/lrugen.sh"
require_lrugen
require_swap
require_tmux
A=/lrugen-top-a-$$
B=/lrugen-top-b-$$
make_memcg $A
make_memcg $B
memcg_cache $A 0 160
memcg_hog $B 1 32
ida=$(memcg_id $A) || fail "no id for memcg $A (above)"
idb=$(memcg_id $B) || fail "no id for memcg $B (above)"
info "memcgs: $A (id $ida, 160M page cache on node 0), $B (id $idb, 32M anon on node 1)"
err=/tmp/lrugen-top-$$.err
LG_FILES+=("$err")

tmux_start 200 50
send "$LRUGEN_BIN top -d 1 2>$err; echo lrugen-exit=\$?"
key Enter
expect_screen "lrugen top" '^node0: total'
expect_screen "lrugen top" '^node1: total'
expect_screen "lrugen top" "lrugen-top-b-$$ +1 +$idb "
for m in "lrugen-top-a-$$ 0 $ida" "lrugen-top-a-$$ 1 $ida" "lrugen-top-b-$$ 0 $idb"; do
	read -r name nid id <<<"$m"
	grep -qE "^ +$name +$nid +$id " <<<"$SCREEN" || fail "no row for $name node $nid (tree view)"
done
expect_screen "lrugen top" '^events: [0-9]+ births'
pid=$(lrugen_pid)
[ -n "$pid" ] || fail "no lrugen process in the tmux pane"
[ -d "$(instance_of "$pid")" ] || fail "lrugen $pid runs without its tracefs instance"
info "tree view: both nodes, $A and $B on both nodes; instance $(basename "$(instance_of "$pid")")"

# flat view: full paths
key t
expect_screen "flat view" "^$A +0 +$ida "
key t

# only memcg A, filtered with \ as it is typed: its two lruvecs, and the
# root memcg's as their ancestors; a search selects its node0 row, and
# Enter shows its generations
key "\\"
expect_screen "filter prompt" 'filter \(memcg path contains'
send "lrugen-top-a-$$"
expect_screen "filter as typed" "filter lrugen-top-a-$$ .* 2 lruvecs \(\+2 ancestors\)"
key Enter
# Esc in the prompt: neither the half-typed text nor an empty filter
key "\\"
expect_screen "filter prompt" 'filter \(memcg path contains'
send "nomatch"
expect_screen "filter as typed" "filter nomatch .* 0 lruvecs"
key Escape
expect_screen "filter after Esc" "filter lrugen-top-a-$$ .* 2 lruvecs"
info "\\, 'nomatch', Esc: the filter is still lrugen-top-a-$$"
key /
expect_screen "search prompt" 'search \(memcg path contains'
send "top-a"
key Enter Enter
expect_screen "detail pane" "^$A node0 \(memcg $ida\): min_seq anon [0-9]+ file [0-9]+, max_seq [0-9]+"
expect_screen "detail pane" '^ +SEQ +AGE +ANON +FILE +TIER'
info "filter and detail pane: $(grep -E "^$A node0" <<<"$SCREEN")"

# reclaim 64M of clean page cache from memcg A on node 0
read -r _ file0 <<<"$(lruvec_pages "$ida" 0)"
steal0=$(node_vmstat 0 pgsteal_proactive_node)
[ "$file0" -ge $((100 * MB / 4096)) ] ||
	fail "memcg A node 0 holds only $((file0 * 4 / 1024)) MiB of page cache, want 100 MiB or more"
key r
expect_screen "reclaim prompt" "reclaim from: \[n\] node0, \[m\] $A on node0"
send m
expect_screen "reclaim size prompt" 'size \[swappiness'
send "64M flags=clean"
key Enter
expect_screen "reclaim confirmation" "reclaim 64M flags=clean from $A on node0\? \[y/N\]"
send y
expect_screen "reclaim result" "memcg=$ida flags=clean' > /sys/devices/system/node/node0/reclaim: reclaimed .* of 64M in [0-9.]+s; anon .* -> .*, file .* -> " 60
status=$(status_line)
info "status line: $status"
read -r _ file1 <<<"$(lruvec_pages "$ida" 0)"
steal1=$(node_vmstat 0 pgsteal_proactive_node)
freed=$(((file0 - file1) * 4096 / MB))
stolen=$(((steal1 - steal0) * 4096 / MB))
info "memcg A node 0 file pages: $((file0 * 4096 / MB))M -> $((file1 * 4096 / MB))M ($freed MiB freed); node0 pgsteal_proactive_node +$stolen MiB"
[ "$freed" -ge 32 ] && [ "$freed" -le 96 ] ||
	fail "reclaiming 64M from memcg A on node 0 freed $freed MiB of its page cache, want 32..96"
[ "$stolen" -ge 32 ] || fail "node0 pgsteal_proactive_node rose by $stolen MiB, want at least 32"

# age memcg A on node 0: max_seq rises by exactly one
read -r max0 _ <<<"$(lruvec_seqs "$ida" 0)"
key a
expect_screen "aging prompt" "$A node0 \(seq [0-9]+\.\.$max0\): \[\+\] add a generation"
send +
expect_screen "aging confirmation" "age $A node0 through /sys/kernel/debug/lru_gen\? \[y/N\]"
send y
expect_screen "aging result" "aged: max_seq was $max0.*; seq [0-9]+\.\.$max0 -> [0-9]+\.\.$((max0 + 1))"
info "status line: $(status_line)"
read -r max1 _ <<<"$(lruvec_seqs "$ida" 0)"
info "memcg A node 0 max_seq $max0 -> $max1"
expect_eq "max_seq after aging" "$max1" $((max0 + 1))

# q: lrugen exits 0, the shell is back with its terminal modes, no instance
key q
expect_screen "quit" 'lrugen-exit=[0-9]+'
grep -q 'lrugen-exit=0' <<<"$SCREEN" || fail "lrugen top exited with $(grep -o 'lrugen-exit=[0-9]*' <<<"$SCREEN"): $(cat $err)"
[ -s "$err" ] && fail "lrugen top wrote to stderr: $(head -n 20 $err)"
read -r alt cmd <<<"$(tm display -p -t "$LG_SESSION" '#{alternate_on} #{pane_current_command}')"
expect_eq "alternate screen after q" "$alt" 0
expect_eq "command in the pane after q" "$cmd" bash
kill -0 "$pid" 2>/dev/null && fail "lrugen $pid still runs after q"
# (the quotes keep the command line itself from matching)
send "stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|icrnl)' | tr '\n' ' '; echo =mo''des"
key Enter
expect_screen "terminal modes" '^(-?[a-z]+ )+=modes *$'
modes=$(grep -oE '^(-?[a-z]+ )+=modes' <<<"$SCREEN" | tail -n 1)
expect_eq "terminal modes after q" "$modes" "icrnl icanon echo =modes"
expect_no_instances "after q"
pass "q: exit 0, shell back (alternate screen off, $modes), no tracefs instance left"
