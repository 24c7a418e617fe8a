#!/usr/bin/env bash
# suites: guest
# The host's perf records kernel samples in the guest and resolves them to
# kernel symbols, as the kswapd profiles need.
set -u
. "$(dirname "$0")/../lib/test.sh"
require_root
command -v perf >/dev/null || fail "perf is not installed (scripts/setup installs linux-perf)"
data=/tmp/perf.data
perf record -q -e cpu-clock -a -o "$data" -- memhog 25% 1 >/tmp/perf.log 2>&1 ||
	fail "perf record failed: $(tail -n 5 /tmp/perf.log)"
report=$(perf report -i "$data" --stdio --sort sym 2>/dev/null)
kernel=$(grep -c '\[k\]' <<<"$report")
[ "$kernel" -gt 0 ] || fail "no kernel symbols in the profile: $(head -n 20 <<<"$report")"
info "$(grep '\[k\]' <<<"$report" | head -n 5)"
pass
