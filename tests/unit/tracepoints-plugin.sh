#!/usr/bin/env bash
# tracepoints/plugin: plugin_lru_gen.so, loaded by libtraceevent as
# trace-cmd loads it, prints each of the series' events (built from the
# formats in tracepoints/formats/) as the test expects, with its raw
# option, unknown enum values, swappiness -1 and 201, and the default print
# for a format that lacks a field. Plainly and under ASan+UBSan; no root,
# no kernel.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
pkg-config --exists libtraceevent ||
	skip "needs libtraceevent-dev (scripts/setup installs it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for san in 0 1; do
	name=$([ $san = 1 ] && echo "ASan+UBSan" || echo "plain")
	out=$(make -s -C "$LRUGEN_TOP/tracepoints/plugin" SANITIZE=$san OUT="$tmp/$san" test 2>&1)
	rc=$?
	grep -E '^(not ok|#   |Bail out|# [0-9]+ of)' <<<"$out"
	[ $rc -eq 0 ] || fail "$name: make -C tracepoints/plugin test exited $rc: $out"
	grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' <<<"$out" &&
		fail "$name: sanitizer report: $out"
	n=$(grep -c '^ok ' <<<"$out")
	[ "$n" -ge 33 ] || fail "$name: only $n checks ran: $out"
	info "$name: $n checks passed"
done
pass
