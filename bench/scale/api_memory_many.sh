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
. "$(dirname "$0")/api_lib.sh"
for w in $(seq "$n"); do
	shared_workspace "$w"
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
	ws=$(cat "$d/$w.ws")
	t0=$(date +%s.%N)
	code=$(curl -s -o "$d/frontier.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$d/$w.mediator.token")" "$S/api/workspaces/$ws/frontier")
	t1=$(date +%s.%N)
	echo "frontier, workspace $w: $code, $(wc -c <"$d/frontier.json") bytes in $(echo "$t1 - $t0" | bc) s wall; RSS $(rss), peak $(hwm)"
done
echo "server CPU $(awk '{print ($14+$15)/100}' /proc/$pid/stat) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
