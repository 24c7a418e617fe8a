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
c_tests "$LRUGEN_TOP/tracepoints/plugin" 33 "$tmp"
pass
