#!/usr/bin/env bash
# Prints the sync engine's figures on this host, each with its unit, sample count and how it was taken:
#   1. a running peer's CPU and memory at the default workload (20 peers, 1 write per peer per second);
#   2. message latency, one hop and overall, and bytes on the wire per update, at that workload;
#   3. the update rate a 20-peer mesh carries before p99 latency rises (write interval swept down);
#   4. resync after one peer of 20 is cut off for 60 s (paused by cmesh chaos): the report's resync after heal and
#      mesh convergence, and the engine's link catch-up bytes and time, delta vs full-state sync.
# Images must be built. Steps 1-3 take about 6 minutes; step 4 about 2 × (warm-up + 90 s). The delta/full ratio
# is the share of the state written while the peer was away, so it depends on the warm-up before the cut
# (CMESH_BENCH_WARMUP_S, default 600 s: 60 s away after 600 s is about 9 % of the state).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${CMESH_BENCH_PEERS:-20}
warmup=${CMESH_BENCH_WARMUP_S:-600}
away=${CMESH_BENCH_AWAY_S:-60}
steps=${CMESH_BENCH_STEPS:-"1 2 3 4"}

latency() {  # results dir -> one-hop and overall latency quantiles (flood deliveries only) and wire bytes per update
  python3 - "$1" <<'PY'
import csv, glob, sys
d = sys.argv[1]
one, all_ = [], []
for f in glob.glob(d + '/peers/*/deliveries.csv'):
    for r in csv.DictReader(open(f)):
        if r.get('via') != 'flood': continue
        ms = (int(r['received_at_unix_us']) - int(r['written_at_unix_us'])) / 1000
        all_.append(ms)
        if r['hops'] == '1': one.append(ms)
def q(v, p): v = sorted(v); return v[min(len(v) - 1, int(p * len(v)))] if v else float('nan')
written = sum(sum(1 for _ in open(f)) - 1 for f in glob.glob(d + '/peers/*/writes.csv'))
sent = sum(int(r['bytes_out']) for f in glob.glob(d + '/peers/*/bandwidth.csv') for r in csv.DictReader(open(f)))
payload = sum(int(r['payload_bytes_out']) for f in glob.glob(d + '/peers/*/bandwidth.csv') for r in csv.DictReader(open(f)))
print(f"one-hop ms p50 {q(one,.5):.2f} p99 {q(one,.99):.2f} (n={len(one)}); all ms p50 {q(all_,.5):.2f} p99 {q(all_,.99):.2f} (n={len(all_)}); "
      f"wire bytes per update written {sent / max(written,1):.0f} (payload {payload / max(written,1):.0f}; {written} updates)")
PY
}

cpu_ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }

if [[ " $steps " == *" 1 "* || " $steps " == *" 2 "* ]]; then
  run="bench-sync-$(date +%H%M%S)"
  ./cmesh run "$peers" --name "$run" >/dev/null
  sleep 30
  declare -A before
  pids=$(for id in $(docker ps -q --filter "label=cmesh.run=$run" --filter label=cmesh.role=peer); do docker inspect -f '{{.State.Pid}}' "$id"; done)
  for pid in $pids; do before[$pid]=$(cpu_ticks "$pid"); done
  sleep 30
  cpu=$(for pid in $pids; do echo $(( $(cpu_ticks "$pid") - ${before[$pid]} )); done | sort -n | awk '{a[NR]=$1} END {printf "median %.2f %% max %.2f %%", a[int((NR+1)/2)]/30, a[NR]/30}')
  pss=$(for pid in $pids; do awk '/^Pss:/ {print $2}' /proc/"$pid"/smaps_rollup; done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f MiB max %.1f MiB", a[int((NR+1)/2)]/1024, a[NR]/1024}')
  ./cmesh stop "$run" >/dev/null
  echo "1. $peers peers, 1 write/s each: CPU per peer (of one core, over 30 s) $cpu; PSS per peer $pss"
  echo "2. $(latency "results/$run")"
  rm -rf "results/$run"
fi

if [[ " $steps " == *" 3 "* ]]; then
  echo "3. write interval sweep, $peers peers, 40 s each:"
  for interval in 1000 500 250 100 50; do
    run="bench-rate-$interval-$(date +%H%M%S)"
    ./cmesh run "$peers" --name "$run" --write-interval "${interval}ms" --duration 40s >/dev/null
    echo "   $(( peers * 1000 / interval )) updates/s: $(latency "results/$run")"
    rm -rf "results/$run"
  done
fi

if [[ " $steps " == *" 4 "* ]]; then
  echo "4. one peer of $peers paused for $away s after a $warmup s warm-up:"
  for mode in delta full; do
    run="bench-resync-$mode-$(date +%H%M%S)"
    ./cmesh run "$peers" --name "$run" --sync "$mode" >/dev/null
    sleep "$warmup"
    ./cmesh chaos pause -t "peer-$peers" -d "${away}s" --run "$run" >/dev/null
    sleep 20
    ./cmesh stop "$run" >/dev/null
    ./cmesh report "$run" >/dev/null || true
    python3 - "results/$run" "peer-$peers" "$mode" <<'PY'
import csv, sys
run, peer, mode = sys.argv[1:]
heal = [r for r in csv.DictReader(open(f"{run}/report/csv/resync.csv")) if r['peer'] == peer and r['targeted'] == '1']
mesh = list(csv.DictReader(open(f"{run}/report/csv/convergence.csv")))
links = [r for r in csv.DictReader(open(f"{run}/peers/{peer}/resync.csv")) if r['trigger'] == 'reconnect']
if not heal: print(f"   {mode}: no heal recorded"); sys.exit()
print(f"   {mode}: resync after heal {heal[0]['resync_ms']} ms (unpause until {peer} held everything written before it); "
      f"mesh convergence {mesh[0]['convergence_ms'] if mesh else '-'} ms; "
      f"link catch-up: {len(links)} episodes, lacked {max((int(r['missing_updates']) for r in links), default=0)} updates, "
      f"{sum(int(r['bytes_in']) for r in links)} bytes received, longest {max((int(r['duration_us']) for r in links), default=0) / 1000:.0f} ms")
PY
    rm -rf "results/$run"
  done
fi
