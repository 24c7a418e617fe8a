#!/usr/bin/env bash
# A patch that does not apply fails make tree with a message that names the
# patch and the hunk.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
# shellcheck source=../lib/fake-linux.sh
. "$LRUGEN_TOP/tests/lib/fake-linux.sh"
fake_linux_setup

"$kernel" tree >/dev/null 2>&1 || fail "tree"
fake_commit mm/vmscan.c 's/line 10 of/line ten of/' "mm: good change"
fake_commit mm/vmscan.c 's/line 30 of/line thirty of/' "mm: change that will rot"
"$kernel" patches >/dev/null 2>&1 || fail "patches"
p=$LRUGEN_LINUX/patches/0002-mm-change-that-will-rot.patch
# Make the hunk's context something the source does not have.
sed -i 's/^ line 29 of vmscan.c$/ line 29 of a different file/' "$p"

out=$("$kernel" tree 2>&1) && fail "a patch that does not apply was accepted: $out"
info "$out"
expect_match "patch named" "$out" "linux/patches/0002-mm-change-that-will-rot.patch does not apply to 6.12.117"
expect_match "hunk named" "$out" "Hunk #1 FAILED at 2[0-9]"
git -C "$tree" status --porcelain | grep -q . && fail "a failed apply left changes behind"
[ -d "$tree/.git/rebase-apply" ] && fail "a failed apply left git am in progress"
expect_eq "patches left applied" "$(git -C "$tree" log -1 --format=%s)" "mm: good change"

# Once the patch is mended, the next run applies the whole series.
sed -i 's/^ line 29 of a different file$/ line 29 of vmscan.c/' "$p"
out=$("$kernel" tree 2>&1) || fail "tree after mending the patch: $out"
expect_eq "commits" "$(git -C "$tree" rev-list --count HEAD)" 3
pass
