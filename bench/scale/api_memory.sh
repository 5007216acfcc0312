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
. "$(dirname "$0")/api_lib.sh"
shared_workspace 1
ws=$(cat "$d/1.ws")
echo "$shape, --memory-limit $limit: server ready, version published, peak $(hwm)"
t0=$(date +%s.%N)
"$P" plan analytics latest --json --server $S --token "@$d/1.mediator.token" >"$d/analytics.json"
t1=$(date +%s.%N)
echo "analytics of the version: $(wc -c <"$d/analytics.json") bytes in $(echo "$t1 - $t0" | bc) s wall; peak $(hwm)"
code=$(curl -s -o "$d/stream.jsonl" -w '%{http_code}' -H "Authorization: Bearer $(cat "$d/1.mediator.token")" "$S/api/workspaces/$ws/frontier/stream")
t2=$(date +%s.%N)
if [ "$code" = 200 ]; then
	echo "frontier stream: $(wc -l <"$d/stream.jsonl") points in $(echo "$t2 - $t1" | bc) s wall; peak $(hwm)"
else
	echo "frontier stream: $code $(head -c 300 "$d/stream.jsonl"); peak $(hwm)"
fi
echo "server CPU $(awk '{print ($14+$15)/100}' /proc/$pid/stat) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
