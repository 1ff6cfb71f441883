#!/usr/bin/env bash
# A large mesh at a fixed aggregate write rate: CMESH_BENCH_PEERS peers (default 500) writing CMESH_BENCH_RATE updates
# per second in all (default 20, so each peer every peers/rate seconds) for CMESH_BENCH_DURATION (default 120s),
# with CMESH_BENCH_GOSSIP (default lazy). Prints the time to ready, what the report derives (delivery, latency,
# host saturation) and, sampled every 5 s while it runs, what the host could run out of first: CPU, memory, the
# kernel's neighbour table (against gc_thresh3), open files (against fs.file-max) and the bridges' ports.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${CMESH_BENCH_PEERS:-500}
rate=${CMESH_BENCH_RATE:-20}
duration=${CMESH_BENCH_DURATION:-120s}
gossip=${CMESH_BENCH_GOSSIP:-lazy}
interval_ms=$(( peers * 1000 / rate ))
run="bench-load-$peers-$(date +%H%M%S)"

echo "host: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), Docker $(docker version --format '{{.Server.Version}}')"
echo "plan: $peers peers, one write each every $interval_ms ms ($rate updates/s in all), $duration, gossip $gossip"

limits() {  # the host's high-water marks while the run lasts
  local cpu_busy=0 mem_min=999999 neigh_max=0 files_max=0 ports_max=0 idle0 total0 idle1 total1
  read -r idle0 total0 < <(awk '/^cpu / {print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  while sleep 5; do
    read -r idle1 total1 < <(awk '/^cpu / {print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
    cpu_busy=$(awk -v b="$cpu_busy" -v i=$((idle1 - idle0)) -v t=$((total1 - total0)) 'BEGIN {v = t ? 100 * (1 - i / t) : 0; print (v > b ? v : b)}')
    idle0=$idle1; total0=$total1
    mem_min=$(awk -v m="$mem_min" '/MemAvailable/ {v = int($2 / 1024); print (v < m ? v : m)}' /proc/meminfo)
    neigh=$(ip -4 neigh show 2>/dev/null | wc -l)  # a dump racing a change says so on stderr
    neigh_max=$(( neigh > neigh_max ? neigh : neigh_max ))
    files_max=$(awk -v f="$files_max" '{print ($1 > f ? $1 : f)}' /proc/sys/fs/file-nr)
    ports=$(ls /sys/class/net | grep -c '^veth' || true)
    ports_max=$(( ports > ports_max ? ports : ports_max ))
    echo "$cpu_busy $mem_min $neigh_max $files_max $ports_max" > "/tmp/$run.limits"
  done
}
limits & sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

./cmesh run "$peers" --name "$run" --write-interval "${interval_ms}ms" --gossip "$gossip" --duration "$duration" --settle 120s >/dev/null || echo "cmesh run exited $?"
kill $sampler 2>/dev/null || true
./cmesh report "$run" >/dev/null || true
python3 - "results/$run" <<'PY'
import csv, json, sys
run = sys.argv[1]
info = json.load(open(f"{run}/run.json"))
print(f"  time to ready: {info.get('timeToReadySeconds') or '-'} s")
try:
    figures = {r['figure']: r['value'] for r in csv.DictReader(open(f"{run}/report/csv/figures.csv"))}
except FileNotFoundError:
    figures = {}
for name in ['delivered', 'message latency', 'host', 'convergence at the end']:
    print(f"  {name}: {figures.get(name, '-')}")
PY
read -r cpu mem neigh files ports < "/tmp/$run.limits" || true
rm -f "/tmp/$run.limits"
echo "  host high-water marks (every 5 s): CPU busy ${cpu:-?} %, memory available at least ${mem:-?} MiB," \
  "neighbour entries ${neigh:-?} of gc_thresh3 $(cat /proc/sys/net/ipv4/neigh/default/gc_thresh3)," \
  "open files ${files:-?} of $(cat /proc/sys/fs/file-max), veth ports ${ports:-?} on two bridges (one bridge holds about 1000)"
