#!/usr/bin/env bash
# make tree builds a pristine base commit; make patches exports our commits;
# a tree rebuilt from scratch from the export is the same tree.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-linux.sh
. "$LRUGEN_TOP/tests/lib/fake-linux.sh"
fake_linux_setup

out=$("$kernel" tree 2>&1) || fail "tree on an empty series: $out"
expect_eq "commits on a fresh tree" "$(git -C "$tree" rev-list --count HEAD)" 1
expect_match "base subject" "$(git -C "$tree" log -1 --format=%s)" "^Linux 6.12.117, pristine"
[ -f "$tree/mm/generated.o" ] || fail "the base commit dropped a file that .gitignore names"
git -C "$tree" ls-files --error-unmatch mm/generated.o >/dev/null 2>&1 ||
	fail "mm/generated.o is not in the base commit"

fake_commit mm/vmscan.c 's/line 10 of/line ten of/' "mm: first change"
fake_commit mm/vmscan.c 's/line 30 of/line thirty of/' "mm: second change"
out=$("$kernel" patches 2>&1) || fail "patches: $out"
expect_eq "series" "$(grep -v '^#' "$LRUGEN_LINUX/series" | tr '\n' ' ')" \
	"0001-mm-first-change.patch 0002-mm-second-change.patch "
grep -q "Subject: \[PATCH 1/2\] mm: first change" "$LRUGEN_LINUX/patches/0001-mm-first-change.patch" ||
	fail "0001 is not a format-patch file"

out=$("$kernel" tree 2>&1) || fail "tree after export: $out"
expect_match "tree right after export" "$out" "up to date"

before=$(git -C "$tree" rev-parse "HEAD^{tree}")
rm -rf "$tree"
out=$("$kernel" tree 2>&1) || fail "tree from scratch: $out"
expect_eq "commits after rebuild" "$(git -C "$tree" rev-list --count HEAD)" 3
expect_eq "tree content after rebuild" "$(git -C "$tree" rev-parse "HEAD^{tree}")" "$before"
expect_eq "series in git log" "$(git -C "$tree" log --format=%s -2 | tr '\n' '|')" \
	"mm: second change|mm: first change|"
pass
