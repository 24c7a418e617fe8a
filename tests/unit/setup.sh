#!/usr/bin/env bash
# scripts/setup skips what is installed, installs what is missing, and names
# the package it could not install. dpkg-query, apt-cache and apt-get are
# stand-ins here, so nothing on this machine changes.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
# FAKE_MISSING: packages dpkg-query calls not installed;
# FAKE_NOCAND: packages with no candidate; FAKE_BROKEN: packages apt-get fails on.
cat >"$work/bin/dpkg-query" <<'FAKE'
#!/bin/bash
pkg=${!#}
for p in $FAKE_MISSING; do [ "$p" = "$pkg" ] && [ ! -e "$FAKE_DIR/$p" ] && { echo -n "not-installed"; exit 0; }; done
echo -n installed
FAKE
cat >"$work/bin/apt-cache" <<'FAKE'
#!/bin/bash
pkg=${!#}
for p in $FAKE_NOCAND; do [ "$p" = "$pkg" ] && { echo "$pkg:"; echo "  Candidate: (none)"; exit 0; }; done
echo "$pkg:"; echo "  Candidate: 1.0"
FAKE
cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/bash
echo "apt-get $*" >>"$FAKE_DIR/calls"
[ "$1" = update ] && exit 0
pkgs=(); for a; do case $a in -*|install) ;; *) pkgs+=("$a") ;; esac; done
for p in "${pkgs[@]}"; do for b in $FAKE_BROKEN; do [ "$p" = "$b" ] && exit 100; done; done
for p in "${pkgs[@]}"; do touch "$FAKE_DIR/$p"; done
FAKE
# systemctl: records its calls; is-system-running answers FAKE_SYSTEMD
# (default running, as on a systemd host)
cat >"$work/bin/systemctl" <<'FAKE'
#!/bin/bash
if [ "$1" = is-system-running ]; then
	echo "${FAKE_SYSTEMD:-running}"
	[ "${FAKE_SYSTEMD:-running}" = running ]
	exit
fi
echo "systemctl $*" >>"$FAKE_DIR/systemctl-calls"
FAKE
# npm: records its calls; "npm ci" fails when FAKE_NPM_FAIL is set and
# otherwise leaves the node_modules/.package-lock.json that a real one does
cat >"$work/bin/npm" <<'FAKE'
#!/bin/bash
echo "npm $* in $PWD" >>"$FAKE_DIR/npm-calls"
[ -n "${FAKE_NPM_FAIL:-}" ] && exit 1
mkdir -p node_modules && cp package-lock.json node_modules/.package-lock.json
FAKE
chmod +x "$work/bin"/*
export PATH=$work/bin:$PATH FAKE_DIR=$work
# a copy of the tree's setup, so that its viz/ is one the test owns
mkdir -p "$work/tree/scripts" "$work/tree/viz"
cp "$LRUGEN_TOP/scripts/setup" "$work/tree/scripts/setup"
cp "$LRUGEN_TOP/viz/package.json" "$LRUGEN_TOP/viz/package-lock.json" "$work/tree/viz/"
setup=$work/tree/scripts/setup

out=$(FAKE_MISSING='' "$setup" 2>&1) || fail "setup with everything installed: $out"
expect_match "skip line" "$out" "setup: tmux: already installed"
expect_match "done" "$out" "everything is installed"
[ -e "$work/calls" ] && fail "apt-get ran although nothing was missing"
[ -e "$work/systemctl-calls" ] && fail "systemctl ran although nothing was installed: $(cat "$work/systemctl-calls")"
# viz/'s packages: npm ci once, then not while the lock file is older
expect_match "npm ci announced" "$out" "setup: viz: npm ci"
grep -q "^npm ci .* in $work/tree/viz\$" "$work/npm-calls" || fail "npm ci did not run in viz/: $(cat "$work/npm-calls" 2>&1)"
rm "$work/npm-calls"
out=$(FAKE_MISSING='' "$setup" 2>&1) || fail "setup with viz/node_modules installed: $out"
expect_match "viz up to date" "$out" "viz/node_modules: up to date"
[ -e "$work/npm-calls" ] && fail "npm ran although viz/node_modules is newer than the lock file"
touch -d '+1 minute' "$work/tree/viz/package-lock.json"
out=$(FAKE_MISSING='' FAKE_NPM_FAIL=1 "$setup" 2>&1) && fail "setup passed although npm ci failed"
expect_match "npm failure explained" "$out" "npm ci in viz/ failed: .*run scripts/setup again"
rm -f "$work/npm-calls"
touch -d '-1 hour' "$work/tree/viz/package-lock.json"

out=$(FAKE_MISSING='' "$setup" --quiet 2>&1) || fail "setup --quiet with everything installed: $out"
expect_eq "setup --quiet with everything installed" "$out" ""
out=$("$setup" --bogus 2>&1)
expect_eq "setup --bogus exit status" "$?" 2

out=$(FAKE_MISSING="tmux bc" "$setup" --quiet 2>&1) || fail "setup --quiet installing two packages: $out"
expect_match "--quiet names what is missing" "$out" "setup: missing: .*tmux"
expect_match "--quiet install line" "$out" "installing bc tmux|installing tmux bc"
rm -f "$work/calls" "$work/tmux" "$work/bc"

out=$(FAKE_MISSING="tmux bc" "$setup" 2>&1) || fail "setup installing two packages: $out"
expect_match "install line" "$out" "installing bc tmux|installing tmux bc"
expect_match "installed" "$out" "setup: tmux: installed"

rm -f "$work/calls" "$work/tmux" "$work/bc"
[ -e "$work/systemctl-calls" ] && fail "systemctl ran although no package with a service was installed: $(cat "$work/systemctl-calls")"

# memcached's and redis-server's packages start a service on install: the
# ones setup installed are disabled and stopped, those there before left
out=$(FAKE_MISSING="memcached redis-server fio" "$setup" 2>&1) || fail "setup installing memcached, redis-server and fio: $out"
expect_match "memcached's service named" "$out" "setup: memcached: disabling its system service memcached.service and stopping it"
expect_eq "services stopped" "$(sort "$work/systemctl-calls" 2>&1)" "systemctl disable --now memcached.service
systemctl disable --now redis-server.service"
rm -f "$work/calls" "$work/systemctl-calls" "$work/memcached" "$work/redis-server" "$work/fio"
# without a running systemd (a container) they are only disabled
out=$(FAKE_MISSING="memcached tmux" FAKE_SYSTEMD=offline "$setup" 2>&1) || fail "setup installing memcached without systemd: $out"
expect_eq "service disabled, not stopped" "$(cat "$work/systemctl-calls" 2>&1)" "systemctl disable memcached.service"
rm -f "$work/calls" "$work/systemctl-calls" "$work/memcached" "$work/tmux"

out=$(FAKE_MISSING="linux-source-6.12" FAKE_NOCAND="linux-source-6.12" "$setup" 2>&1) &&
	fail "setup passed with a package missing from the archive"
expect_match "no candidate named" "$out" "linux-source-6.12: no installable version"

out=$(FAKE_MISSING="tmux trace-cmd" FAKE_BROKEN="trace-cmd" "$setup" 2>&1) &&
	fail "setup passed although trace-cmd failed to install"
expect_match "broken package named" "$out" "could not install package 'trace-cmd'"

out=$(FAKE_MISSING="ccache" FAKE_NOCAND="ccache" "$setup" 2>&1) ||
	fail "a missing optional package failed setup: $out"
expect_match "optional skipped" "$out" "ccache: not in the archive, skipping"
pass
