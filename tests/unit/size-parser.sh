#!/usr/bin/env bash
# tools/lib/: size.c, the size parser lrugen and the load generators
# share (every suffix, the largest value under each and one more, junk),
# and loadgen.c, the load generators' seeded generator (known answers) and
# hot/cold picker; their C tests, built and run plainly and under
# ASan+UBSan. No root, no kernel.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c_tests "$LRUGEN_TOP/tools/lib" 50 "$tmp"
pass
