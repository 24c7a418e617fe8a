#!/usr/bin/env bash
# Every shell script git tracks, through shellcheck (scripts/lint shell, with
# the settings and reasons in .shellcheckrc). A finding fails the test; the
# findings are listed file by file.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
out=$("$LRUGEN_TOP/scripts/lint" shell 2>&1)
rc=$?
case $rc in
0) pass "$(tail -n 1 <<<"$out")" ;;
1) info "$out"
   fail "shellcheck found problems (above): fix them, or disable the check inline or in .shellcheckrc with the reason" ;;
*) fail "scripts/lint shell exited $rc: $out" ;;
esac
