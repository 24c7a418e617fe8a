#!/usr/bin/env bash
# tools/lrugen's C unit tests (parsers on the VM fixtures, the model and its
# rate math, the event decoder on tracepoints/formats), built and run twice:
# plainly and under ASan+UBSan. No root, no kernel.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
c_tests "$LRUGEN_TOP/tools/lrugen" 100
pass
