# api_lib.sh is sourced by api_memory.sh and api_memory_many.sh: it builds parley and
# bench/scale, writes the scenario of shape $shape, starts a real `parley serve` with soft
# memory limit $limit on a free loopback port, and gives them shared_workspace, hwm and rss.
# It sets d (a temporary directory, removed on exit), P (the parley binary), S (the server's
# URL) and pid (the server's process).
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
echo '[{"op": "add", "at": 1, "content": {"title": "One", "text": "One point.", "bindings": {"i0": "v1"}}}]' >"$d/ops.json"

hwm() { awk '/VmHWM/{printf "%d MiB", $2/1024}' /proc/$pid/status; }
rss() { awk '/VmRSS/{printf "%d MiB", $2/1024}' /proc/$pid/status; }

# shared_workspace TAG creates a workspace of the scenario (its id in $d/TAG.ws, each
# member's token in $d/TAG.MEMBER.token), every party sharing its profile with the
# mediator, and publishes a one-point version as the mediator.
shared_workspace() {
	local tag=$1
	"$P" workspace create "$d/s.yaml" --server $S --token "@$d/data/admin.token" >"$d/$tag.out"
	awk '/^workspace/{print $2}' "$d/$tag.out" >"$d/$tag.ws"
	awk 'NR>1{print $1, $2}' "$d/$tag.out" | while read -r m tok; do
		echo "$tok" >"$d/$tag.$m.token"
		if [ "$m" != mediator ]; then
			"$P" workspace profile --json --server $S --token "@$d/$tag.$m.token" |
				python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["profile"], sys.stdout)' >"$d/$tag.$m.json"
			"$P" workspace profile-put "$d/$tag.$m.json" --use shared --server $S --token "@$d/$tag.$m.token" >/dev/null
		fi
	done
	local M="--server $S --token @$d/$tag.mediator.token"
	"$P" plan draft T $M >/dev/null
	"$P" plan edit draft "$d/ops.json" $M >/dev/null
	"$P" plan publish draft $M >/dev/null
}
