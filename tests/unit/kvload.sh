#!/usr/bin/env bash
# kvload, the load generator of kswapd-compare's memcached and redis
# workloads: bad options are refused; against a real memcached and a real
# redis-server of the test's own, on a Unix socket (as in the guest, whose
# kernel has no TCP/IP) and on a free loopback port, with a few thousand
# small keys (no memory pressure), the keys it loads are all hits
# with the values it stored, keys it never loaded are misses, a value
# changed behind its back is caught, the same seed asks for the same keys,
# and --hot narrows the keys asked for.
set -u
# shellcheck source=../lib/test.sh
. "$(dirname "$0")/../lib/test.sh"
kvload=$LRUGEN_TOP/build/progs/kvload
[ -x "$kvload" ] || fail "$kvload is not built (make progs, or make build/progs/kvload)"
scratch_dir

field() { grep -o " $1=[^ ]*" <<<"$2" | cut -d= -f2; }

# Bad options: exit 2 and a message, before any connection is tried (port
# 1 has no server).
for bad in "" "--port 1" "--proto memcached" "--proto http --port 1" "--proto redis --port 0" \
	"--proto redis --port 65536" "--proto redis --port 1 --keys 0" "--proto redis --port 1 --keys x" \
	"--proto redis --port 1 --value-size 8" "--proto redis --port 1 --value-size 2000000" \
	"--proto redis --port 1 --gets 0" "--proto redis --port 1 --duration 0" \
	"--proto redis --port 1 --hot 0:50" "--proto redis --port 1 --hot 20" \
	"--proto redis --port 1 --hot 20:101" "--proto redis --port 1 --seed -1" \
	"--proto redis --port 1 --connections 0" "--proto redis --port 1 --connections 65" \
	"--proto redis --port 1 --wait x" "--proto redis --port 1 extra" "--bogus" \
	"--proto redis --port 1 --socket /x" "--proto redis --socket $(printf '/%0120d' 0)"; do
	# shellcheck disable=SC2086 # $bad is a whole command line
	err=$(timeout 5 "$kvload" $bad 2>&1 >/dev/null)
	rc=$?
	expect_eq "exit status for '$bad'" "$rc" 2
	expect_match "message for '$bad'" "$err" "kvload: |usage: kvload"
done

for bin in memcached redis-server redis-cli; do
	command -v "$bin" >/dev/null || skip "$bin is not installed: run scripts/setup"
done

# a TCP port nothing listens on now; the server started on it is checked
# to be ours (it must still run after kvload answered)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A refused connection is an error after --wait, with a message.
port=$(free_port)
err=$("$kvload" --proto memcached --port "$port" --wait 0 2>&1)
expect_eq "exit status with no server" "$?" 1
expect_match "no server named" "$err" "cannot connect to 127.0.0.1:$port"
err=$("$kvload" --proto memcached --socket "$dir/none.sock" --wait 1 2>&1)
expect_eq "exit status with no socket" "$?" 1
expect_match "no socket named" "$err" "cannot connect to $dir/none.sock"

# value KEY SIZE: what kvload stores for key KEY, as the server holds it
value() {
	python3 -c '
import sys
k, n = int(sys.argv[1]), int(sys.argv[2])
name = "kv:%013d" % k
sys.stdout.write("".join(name[i] if i < len(name) else chr(97 + (k + i // 8) % 26) for i in range(n)))
' "$1" "$2"
}

# check PROTO SERVER_PID GET_COMMAND WHERE...: the runs against one
# server, which kvload finds with the options WHERE; GET_COMMAND KEY prints
# the value the server holds for KEY
check() {
	local proto=$1 pid=$2 get=$3 a b c d u h got
	shift 3

	# load 2000 keys of 1000 bytes, then 6000 uniform gets: all hits
	a=$("$kvload" --proto "$proto" "$@" --keys 2000 --value-size 1000 --load \
		--gets 6000 --seed 5 --connections 3 2>&1) || fail "$proto: kvload --load: $a"
	info "$a"
	kill -0 "$pid" 2>/dev/null || fail "$proto: the server at $* is gone (was the port taken?)"
	expect_eq "$proto: loaded" "$(field loaded "$a")" 2000
	expect_eq "$proto: ops" "$(field ops "$a")" 6000
	expect_eq "$proto: hits" "$(field hits "$a")" 6000
	expect_eq "$proto: misses" "$(field misses "$a")" 0
	expect_eq "$proto: bad values" "$(field bad_values "$a")" 0
	awk -v a="$(field lat_p50_us "$a")" -v b="$(field lat_p99_us "$a")" -v c="$(field lat_p999_us "$a")" \
		'BEGIN { exit !(a > 0 && a <= b && b <= c) }' ||
		fail "$proto: latencies not 0 < p50 <= p99 <= p999: $a"
	# what the server holds is what kvload means to store, byte for byte
	got=$("$get" 1234)
	[ "$got" = "$(value 1234 1000)" ] || fail "$proto: the server holds '${got:0:40}...' for key 1234, not kvload's value"

	# the same seed asks for the same keys, with 1 connection or 5
	b=$("$kvload" --proto "$proto" "$@" --keys 2000 --value-size 1000 --gets 6000 \
		--seed 5 --connections 5 2>&1) || fail "$proto: kvload: $b"
	c=$("$kvload" --proto "$proto" "$@" --keys 2000 --value-size 1000 --gets 6000 \
		--seed 6 --connections 1 2>&1) || fail "$proto: kvload: $c"
	expect_eq "$proto: same seed, same checksum" "$(field checksum "$b")" "$(field checksum "$a")"
	expect_eq "$proto: no --load, still hits" "$(field hits "$b")" 6000
	[ "$(field checksum "$c")" != "$(field checksum "$a")" ] || fail "$proto: seeds 5 and 6 asked for the same keys"

	# 4000 keys of which the first 2000 were loaded: about half are hits
	d=$("$kvload" --proto "$proto" "$@" --keys 4000 --value-size 1000 --gets 4000 2>&1) ||
		fail "$proto: kvload --keys 4000: $d"
	expect_eq "$proto: hits + misses" $(($(field hits "$d") + $(field misses "$d"))) 4000
	[ "$(field hits "$d")" -gt 1800 ] && [ "$(field hits "$d")" -lt 2200 ] ||
		fail "$proto: $(field hits "$d") hits of 4000 gets over 2000 loaded keys of 4000, want about 2000"

	# the skew: 1000 gets over 1000 keys reach about 632 distinct keys
	# when uniform, about 190 when 90% go to the hot 10%
	u=$("$kvload" --proto "$proto" "$@" --keys 1000 --value-size 1000 --gets 1000 2>&1) ||
		fail "$proto: kvload: $u"
	h=$("$kvload" --proto "$proto" "$@" --keys 1000 --value-size 1000 --gets 1000 --hot 10:90 2>&1) ||
		fail "$proto: kvload --hot 10:90: $h"
	info "$proto: distinct keys in 1000 gets: $(field touched "$u") uniform, $(field touched "$h") with --hot 10:90"
	[ "$(field touched "$u")" -gt 580 ] && [ "$(field touched "$u")" -lt 690 ] ||
		fail "$proto: uniform: $(field touched "$u") distinct keys, want about 632"
	[ "$(field touched "$h")" -gt 140 ] && [ "$(field touched "$h")" -lt 250 ] ||
		fail "$proto: --hot 10:90: $(field touched "$h") distinct keys, want about 190"

	# --duration: gets for about that long
	d=$("$kvload" --proto "$proto" "$@" --keys 2000 --value-size 1000 --duration 1 2>&1) ||
		fail "$proto: kvload --duration 1: $d"
	awk -v s="$(field measure_s "$d")" 'BEGIN { exit !(s >= 1 && s < 3) }' ||
		fail "$proto: --duration 1 measured $(field measure_s "$d") s"
	[ "$(field ops "$d")" -gt 0 ] || fail "$proto: --duration 1 made no gets: $d"
}

# memcached, instances of its own: on a Unix socket, then on a loopback
# port; no UDP, 64 MiB (the data is 2 MiB)
memcached -s "$dir/mc.sock" -a 0700 -m 64 -u "$(id -un)" >"$dir/memcached.log" 2>&1 &
pids+=($!)
mc_get() { # KEY: the value memcached holds
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"get kv:%013d\r\n" % int(sys.argv[2]))
r = b""
while not r.endswith(b"END\r\n"):
	r += s.recv(65536)
sys.stdout.write(r.split(b"\r\n")[1].decode())
' "$dir/mc.sock" "$1"
}
check memcached $! mc_get --socket "$dir/mc.sock"
mport=$(free_port)
memcached -l 127.0.0.1 -p "$mport" -U 0 -m 64 -u "$(id -un)" >"$dir/memcached-tcp.log" 2>&1 &
pids+=($!)
a=$("$kvload" --proto memcached --port "$mport" --keys 500 --load --gets 2000 2>&1) || fail "memcached over TCP: $a"
expect_eq "memcached over TCP: hits" "$(field hits "$a")" 2000
kill -0 $! || fail "memcached on port $mport is gone (was the port taken?)"

# redis-server, its own instance: on a Unix socket and a loopback port at
# once, nothing saved to disk
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --unixsocket "$dir/rd.sock" --unixsocketperm 700 \
	--save '' --appendonly no --dir "$dir" --logfile "$dir/redis.log" &
pids+=($!)
rpid=$!
rd_get() { redis-cli -s "$dir/rd.sock" --raw GET "$(printf 'kv:%013d' "$1")" | tr -d '\n'; }
check redis "$rpid" rd_get --socket "$dir/rd.sock"
a=$("$kvload" --proto redis --port "$rport" --keys 500 --value-size 1000 --gets 2000 2>&1) || fail "redis over TCP: $a"
expect_eq "redis over TCP: hits" "$(field hits "$a")" 2000
kill -0 "$rpid" || fail "redis-server on port $rport is gone (was the port taken?)"

# a value changed behind kvload's back is caught: exit 1, the key named
redis-cli -s "$dir/rd.sock" SET kv:0000000000000 garbage >/dev/null || fail "redis-cli SET failed"
err=$("$kvload" --proto redis --socket "$dir/rd.sock" --keys 1 --value-size 1000 --gets 3 2>&1)
expect_eq "exit status with a wrong value" "$?" 1
expect_match "wrong value named" "$err" "the value of key 0 is wrong"
expect_match "bad values counted" "$err" "bad_values=3"
pass
