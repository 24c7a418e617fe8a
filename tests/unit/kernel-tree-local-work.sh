#!/usr/bin/env bash
# make tree does not throw away commits or edits in build/linux that were
# never exported, unless told to.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-linux.sh
. "$LRUGEN_TOP/tests/lib/fake-linux.sh"
fake_linux_setup

"$kernel" tree >/dev/null 2>&1 || fail "tree"
fake_commit mm/vmscan.c 's/line 10 of/line ten of/' "mm: unexported work"

out=$("$kernel" tree 2>&1) && fail "tree discarded an unexported commit: $out"
expect_match "advice" "$out" "make patches"
grep -q "line ten" "$tree/mm/vmscan.c" || fail "the unexported commit is gone"

# A new file that was never added would be lost by an export.
echo new >"$tree/mm/new.c"
out=$("$kernel" patches 2>&1) && fail "patches exported with a file in no commit"
expect_match "stray file named" "$out" "mm/new.c"
rm "$tree/mm/new.c"

out=$("$kernel" patches 2>&1) || fail "patches: $out"
sed -i 's/line 20 of/line twenty of/' "$tree/mm/vmscan.c"
out=$("$kernel" patches 2>&1) && fail "patches exported with uncommitted edits"
expect_match "uncommitted" "$out" "uncommitted changes"

: >"$LRUGEN_LINUX/series"
out=$("$kernel" tree 2>&1) && fail "tree discarded an uncommitted edit"
out=$(LRUGEN_FORCE=1 "$kernel" tree 2>&1) || fail "tree with LRUGEN_FORCE=1: $out"
expect_eq "commits" "$(git -C "$tree" rev-list --count HEAD)" 1
pass
