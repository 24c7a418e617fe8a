# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# For the host tests of bench/*/report on captured fixtures
# (tests/unit/bench-*-report.sh). The caller sets:
#   report   the report script
#   fixture  the captured run directory
#   tmp      a scratch directory of the test's own
# (so they are not assigned here)
# shellcheck disable=SC2154

# broken() - a report on damaged raw data must refuse it
# @WHAT: what is damaged, for the messages
# @ERROR-REGEX: what the report's message must match
# @COMMAND...: run in a fresh copy of $fixture to damage it
#
# The report must exit 1 with a message that matches and write no
# report.txt, report.json or report.csv; fails the test otherwise.
broken() {
	local what=$1 want=$2 err f

	shift 2
	rm -rf "$tmp/b"
	cp -r "$fixture" "$tmp/b" || fail "cannot copy $fixture"
	(cd "$tmp/b" && "$@") || fail "could not damage the copy for $what"
	err=$("$report" "$tmp/b" 2>&1)
	expect_eq "exit status with $what" "$?" 1
	expect_match "message with $what" "$err" "$want"
	for f in report.txt report.json report.csv; do
		[ ! -e "$tmp/b/$f" ] || fail "$f was written with $what"
	done
}
