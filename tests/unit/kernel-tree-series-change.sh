#!/usr/bin/env bash
# Re-running make tree after linux/series changed gives the tree the new
# series describes, not the old one.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-linux.sh
. "$LRUGEN_TOP/tests/lib/fake-linux.sh"
fake_linux_setup

"$kernel" tree >/dev/null 2>&1 || fail "tree"
fake_commit mm/vmscan.c 's/line 10 of/line ten of/' "mm: first change"
fake_commit mm/vmscan.c 's/line 30 of/line thirty of/' "mm: second change"
"$kernel" patches >/dev/null 2>&1 || fail "patches"

sed -i '/0002-/d' "$LRUGEN_LINUX/series"
out=$("$kernel" tree 2>&1) || fail "tree with the second patch dropped: $out"
expect_eq "commits" "$(git -C "$tree" rev-list --count HEAD)" 2
grep -q "line thirty" "$tree/mm/vmscan.c" && fail "the dropped patch is still applied"
grep -q "line ten" "$tree/mm/vmscan.c" || fail "the kept patch is not applied"

echo "0002-mm-second-change.patch" >>"$LRUGEN_LINUX/series"
out=$("$kernel" tree 2>&1) || fail "tree with the patch back: $out"
grep -q "line thirty" "$tree/mm/vmscan.c" || fail "the re-added patch is not applied"

echo "0003-missing.patch" >>"$LRUGEN_LINUX/series"
out=$("$kernel" tree 2>&1) && fail "a series naming a missing file was accepted"
expect_match "error for a missing patch" "$out" "0003-missing.patch does not exist"
pass
