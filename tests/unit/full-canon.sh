#!/usr/bin/env bash
# full_canon, the guest tests' reader of lru_gen_full, gives every lruvec
# of a captured file one line, its first lruvec included (whose first
# generation it once lost: awk's n started as "", not 0).
set -u
# shellcheck source=../lib/lrugen.sh
. "$(dirname "$0")/../lib/lrugen.sh"
fx=$LRUGEN_TOP/tests/fixtures/lrugen/lru_gen_full.txt

out=$(full_canon "$fx")
expect_eq "lruvecs" "$(grep -c . <<<"$out")" "$(grep -c '^ node ' "$fx")"
expect_eq "first lruvec" "$(head -n 1 <<<"$out")" \
	"1 / node 0 max 4 min 1 1 gens 1:0:43 2:0:0 3:91:773 4:4:28"
expect_eq "second lruvec" "$(sed -n 2p <<<"$out")" \
	"1 / node 1 max 3 min 0 0 gens 0:0:4 1:0:52 2:3:0 3:80:593"
expect_eq "a memcg's lruvec" "$(sed -n 3p <<<"$out")" \
	"2 /fx-a node 0 max 5 min 2 2 gens 2:1:25609 3:51224:55 4:0:0 5:0:0"
pass
