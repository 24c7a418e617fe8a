#!/usr/bin/env bash
# make install puts lrugen and its man page (built from
# Documentation/lrugen.rst, which must have no reST warning) under PREFIX.
. "$(dirname "$0")/../lib/test.sh"
command -v rst2man >/dev/null || skip "needs rst2man (python3-docutils; scripts/setup installs it)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$(make -s -C "$LRUGEN_TOP" install PREFIX=/usr DESTDIR="$dir" 2>&1) || fail "make install: $out"
"$dir/usr/bin/lrugen" --version | grep -qE '^lrugen [0-9]' || fail "installed lrugen does not run"
page=$dir/usr/share/man/man8/lrugen.8.gz
[ -s "$page" ] || fail "no man page at $page"
text=$(zcat "$page")
for section in SYNOPSIS DESCRIPTION COMMANDS KEYS EXAMPLE "SEE ALSO"; do
	grep -q "^\.SH $section" <<<"$text" || fail "man page has no $section section"
done
grep -q 'System Message' <<<"$text" && fail "the man page carries a reST error"
# CFLAGS from the command line replace the optimisation, not the flags
# the build needs (the pkg-config include paths were lost once)
out=$(make -s -C "$LRUGEN_TOP/tools/lrugen" OUT="$dir/o0" CFLAGS=-O0 "$dir/o0/lrugen" 2>&1) ||
	fail "make CFLAGS=-O0: $out"
"$dir/o0/lrugen" --version | grep -qE '^lrugen [0-9]' || fail "lrugen built with CFLAGS=-O0 does not run"
pass "installed lrugen and lrugen.8.gz; CFLAGS=-O0 builds"
