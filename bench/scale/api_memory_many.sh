#!/bin/bash
# api_memory_many.sh measures the peak resident memory of a real parley server while the
# mediators of many workspaces of one of bench/scale's shapes ask, in turn, for the
# analytics of a published version: every workspace's analysis is large, and the server
# keeps what its zone cache admits (64 MiB, estimated); then each workspace's frontier, in
# the same order, which the zone cache answers or analyses again.
#
# Usage (from the repository's root): bench/scale/api_memory_many.sh SHAPE N [MEMORY_LIMIT_MIB]
# e.g. bench/scale/api_memory_many.sh 5x10 8; a limit of 0 runs the server without one.
set -euo pipefail
shape=$1
n=$2
limit=${3:-200}
d=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$d"' EXIT
go build -o "$d/parley" ./cmd/parley
go build -o "$d/scale" ./bench/scale
P=$d/parley
"$d/scale" --shape "$shape" --yaml "$d/s.yaml"
port=$((20000 + RANDOM % 20000))
S=http://127.0.0.1:$port
"$P" serve --addr 127.0.0.1:$port --data "$d/data" --memory-limit "$limit" >"$d/serve.out" 2>"$d/serve.err" &
pid=$!
for _ in $(seq 150); do grep -q serving "$d/serve.out" 2>/dev/null && break; sleep 0.2; done
hwm() { awk '/VmHWM/{printf "%d MiB", $2/1024}' /proc/$pid/status; }
rss() { awk '/VmRSS/{printf "%d MiB", $2/1024}' /proc/$pid/status; }
echo '[{"op": "add", "at": 1, "content": {"title": "One", "text": "One point.", "bindings": {"i0": "v1"}}}]' >"$d/ops.json"
for w in $(seq "$n"); do
	"$P" workspace create "$d/s.yaml" --server $S --token "@$d/data/admin.token" >"$d/ws$w.out"
	awk 'NR>1{print $1, $2}' "$d/ws$w.out" | while read -r m tok; do
		echo "$tok" >"$d/$w.$m.token"
		if [ "$m" != mediator ]; then
			"$P" workspace profile --json --server $S --token "@$d/$w.$m.token" |
				python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["profile"], sys.stdout)' >"$d/$w.$m.json"
			"$P" workspace profile-put "$d/$w.$m.json" --use shared --server $S --token "@$d/$w.$m.token" >/dev/null
		fi
	done
	M="--server $S --token @$d/$w.mediator.token"
	"$P" plan draft T $M >/dev/null
	"$P" plan edit draft "$d/ops.json" $M >/dev/null
	"$P" plan publish draft $M >/dev/null
done
echo "$shape x $n workspaces, --memory-limit $limit: server ready, peak $(hwm)"
for w in $(seq "$n"); do
	t0=$(date +%s.%N)
	"$P" plan analytics latest --json --server $S --token "@$d/$w.mediator.token" >"$d/analytics.json"
	t1=$(date +%s.%N)
	echo "analytics, workspace $w: $(wc -c <"$d/analytics.json") bytes in $(echo "$t1 - $t0" | bc) s wall; RSS $(rss), peak $(hwm)"
done
# The analytics of a published version are cached apart; the frontier asks the zone cache.
for w in $(seq "$n"); do
	ws=$(awk '/^workspace/{print $2}' "$d/ws$w.out")
	t0=$(date +%s.%N)
	code=$(curl -s -o "$d/frontier.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$d/$w.mediator.token")" "$S/api/workspaces/$ws/frontier")
	t1=$(date +%s.%N)
	echo "frontier, workspace $w: $code, $(wc -c <"$d/frontier.json") bytes in $(echo "$t1 - $t0" | bc) s wall; RSS $(rss), peak $(hwm)"
done
echo "server CPU $(awk '{print ($14+$15)/100}' /proc/$pid/stat) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
