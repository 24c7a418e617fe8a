# shellcheck shell=bash
# A real Prometheus (Debian's prometheus) for the exporter's tests, on the
# host (tests/unit/lrugen-exporter-prometheus.sh) and in the guest
# (tests/guest/exporter-prometheus.sh). Source it; it needs curl, jq and
# python3, which the tests check first.

# prom_start DIR TARGET: Prometheus scraping TARGET (HOST:PORT) every
# second, its config, data and log (prometheus.log) in DIR, listening on
# a free port of 127.0.0.1. Sets PROM_PID (the caller stops it) and
# PROM_API, the base of its HTTP API.
prom_start() {
	local dir=$1 target=$2 port
	# Prometheus cannot say which port it was given for 0: take a free one
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
		fail "no free port for Prometheus (above)"
	cat >"$dir/prometheus.yml" <<-YML
	global:
	  scrape_interval: 1s
	  scrape_timeout: 1s
	  evaluation_interval: 1s
	scrape_configs:
	  - job_name: lrugen
	    static_configs:
	      - targets: ['$target']
	YML
	prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
		--web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
	# shellcheck disable=SC2034 # the caller's
	PROM_PID=$!
	PROM_API=http://127.0.0.1:$port/api/v1
}

# prom_query PROMQL [TIME]: the result's series, "labels value" a line,
# sorted, the labels without __name__, instance and job
prom_query() {
	curl -sf --data-urlencode "query=$1" ${2:+--data-urlencode "time=$2"} "$PROM_API/query" |
		jq -r '.data.result[] | "\(.metric | del(.__name__, .instance, .job) | to_entries | map("\(.key)=\(.value)") | join(",")) \(.value[1])"' |
		sort
}

# prom_target_up: Prometheus's one target is up
prom_target_up() {
	[ "$(curl -sf "$PROM_API/targets" 2>/dev/null | jq -r '.data.activeTargets[0].health')" = up ]
}

# prom_version: Prometheus's version, such as 2.42.0
prom_version() {
	prometheus --version 2>&1 | awk 'NR == 1 { print $3 }'
}
