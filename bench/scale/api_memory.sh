#!/bin/bash
# api_memory.sh measures the peak resident memory of a real parley server while its
# mediator asks for the analytics of a published version and streams the frontier, on a
# workspace made from one of bench/scale's shapes, every party sharing its profile.
#
# Usage (from the repository's root): bench/scale/api_memory.sh SHAPE [MEMORY_LIMIT_MIB]
# e.g. bench/scale/api_memory.sh 5x12-v10; a limit of 0 runs the server without one.
set -euo pipefail
shape=$1
limit=${2:-200}
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
"$P" workspace create "$d/s.yaml" --server $S --token "@$d/data/admin.token" >"$d/ws.out"
ws=$(awk '/^workspace/{print $2}' "$d/ws.out")
awk 'NR>1{print $1, $2}' "$d/ws.out" | while read -r m tok; do
	echo "$tok" >"$d/$m.token"
	if [ "$m" != mediator ]; then
		"$P" workspace profile --json --server $S --token "@$d/$m.token" |
			python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["profile"], sys.stdout)' >"$d/$m.json"
		"$P" workspace profile-put "$d/$m.json" --use shared --server $S --token "@$d/$m.token" >/dev/null
	fi
done
echo "$shape, --memory-limit $limit: server ready, peak $(hwm)"
echo '[{"op": "add", "at": 1, "content": {"title": "One", "text": "One point.", "bindings": {"i0": "v1"}}}]' >"$d/ops.json"
"$P" plan draft T --server $S --token "@$d/mediator.token" >/dev/null
"$P" plan edit draft "$d/ops.json" --server $S --token "@$d/mediator.token" >/dev/null
"$P" plan publish draft --server $S --token "@$d/mediator.token" >/dev/null
t0=$(date +%s.%N)
"$P" plan analytics latest --json --server $S --token "@$d/mediator.token" >"$d/analytics.json"
t1=$(date +%s.%N)
echo "analytics of the version: $(wc -c <"$d/analytics.json") bytes in $(echo "$t1 - $t0" | bc) s wall; peak $(hwm)"
code=$(curl -s -o "$d/stream.jsonl" -w '%{http_code}' -H "Authorization: Bearer $(cat "$d/mediator.token")" "$S/api/workspaces/$ws/frontier/stream")
t2=$(date +%s.%N)
if [ "$code" = 200 ]; then
	echo "frontier stream: $(wc -l <"$d/stream.jsonl") points in $(echo "$t2 - $t1" | bc) s wall; peak $(hwm)"
else
	echo "frontier stream: $code $(head -c 300 "$d/stream.jsonl"); peak $(hwm)"
fi
echo "server CPU $(awk '{print ($14+$15)/100}' /proc/$pid/stat) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
