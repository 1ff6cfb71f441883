#!/usr/bin/env bash
# Runs the same plan and scenario on each sync engine and prints, side by side, what the report derives from the raw
# records (delivery, latency, resync after heal, convergence, host saturation) and what each peer costs:
#   - bytes on the peers' data interfaces (kernel counters in samples.csv, all protocols) per delivered update;
#   - CPU and memory per peer container (cgroup, docker stats, sampled every 10 s while the workload runs);
#   - the CMesh agent's own share of them (its process, samples.csv): the harness's overhead next to the engine.
# Plan: CMESH_BENCH_PEERS (default 20) peers, 1 write per peer per second, scenario partition-isolate-one, 30 s cool-down,
# then a settle of at most 120 s (the engines sync on without writing until every live peer holds every update).
# Every run takes the seed CMESH_BENCH_SEED (default 1): the same peer is isolated and every peer writes at the same
# offset on every engine.
# About 3 to 5 minutes per engine, plus image builds on first use. Engines: CMESH_BENCH_ENGINES (default: every shipped one).
# Ends with `cmesh report --compare` of the runs: every figure side by side, each engine's change from the first.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${CMESH_BENCH_PEERS:-20}
seed=${CMESH_BENCH_SEED:-1}
engines=${CMESH_BENCH_ENGINES:-"cmesh automerge syncthing"}

for engine in $engines; do
  ./cmesh images build --engine "$engine" >/dev/null
done

runs=()
for engine in $engines; do
  run="bench-engine-$engine-$(date +%H%M%S)"
  runs+=("$run")
  stats=$(mktemp)
  ./cmesh run "$peers" --engine "$engine" --scenario partition-isolate-one --cool-down 30s --settle 120s --seed "$seed" --name "$run" >/dev/null &
  cli=$!
  while kill -0 "$cli" 2>/dev/null; do
    ids=$(docker ps -q --filter "label=cmesh.run=$run" --filter label=cmesh.role=peer)
    [ -n "$ids" ] && docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}' $ids >>"$stats" 2>/dev/null || true
    sleep 10
  done
  wait "$cli" || echo "$engine: cmesh run exited $?"
  ./cmesh report "$run" >/dev/null || true
  echo "== $engine: $peers peers, 1 write/s each, partition-isolate-one =="
  python3 - "results/$run" "$stats" <<'PY'
import csv, glob, re, sys
run, stats = sys.argv[1:]
figures = {r['figure']: r for r in csv.DictReader(open(f"{run}/report/csv/figures.csv"))}
for name in ['delivered', 'message latency', 'availability', 'resync after heal', 'mesh convergence after heal', 'convergence at the end', 'host']:
    if name in figures:
        print(f"  {name}: {figures[name]['value']}  [{figures[name]['how_taken']}]")
delivered = sum(sum(1 for _ in open(f)) - 1 for f in glob.glob(f"{run}/peers/*/deliveries.csv"))
rx = tx = 0
agent_cpu, agent_rss = [], []
for f in glob.glob(f"{run}/peers/*/samples.csv"):
    rows = [r for r in csv.DictReader(open(f)) if int(r['iface_rx_bytes']) >= 0]
    if len(rows) >= 2:
        rx += int(rows[-1]['iface_rx_bytes']) - int(rows[0]['iface_rx_bytes'])
        tx += int(rows[-1]['iface_tx_bytes']) - int(rows[0]['iface_tx_bytes'])
        seconds = (int(rows[-1]['time_unix_us']) - int(rows[0]['time_unix_us'])) / 1e6
        agent_cpu.append((int(rows[-1]['cpu_us']) - int(rows[0]['cpu_us'])) / 1e6 / seconds * 100)
        agent_rss.append(max(int(r['rss_bytes']) for r in rows) / 2**20)
def med(v): v = sorted(v); return v[len(v) // 2] if v else float('nan')
print(f"  data-interface bytes per delivery: {tx / max(delivered, 1):.0f} B sent, {rx / max(delivered, 1):.0f} B received "
      f"(kernel interface counters of every peer over the run, all protocols; {delivered} deliveries)")
cpu, mem = [], []
unit = {'B': 1 / 2**20, 'KiB': 1 / 1024, 'MiB': 1, 'GiB': 1024}
for line in open(stats):
    name, c, used = line.split()[:3]
    cpu.append(float(c.rstrip('%')))
    m = re.match(r'([\d.]+)(\w+)', used)
    mem.append(float(m.group(1)) * unit.get(m.group(2), 1))
print(f"  per peer container: CPU median {med(cpu):.1f} % max {max(cpu, default=float('nan')):.1f} % of one core, "
      f"memory median {med(mem):.1f} MiB max {max(mem, default=float('nan')):.1f} MiB (docker stats every 10 s, n = {len(cpu)} samples)")
print(f"  of which the CMesh agent: CPU median {med(agent_cpu):.1f} % of one core, RSS median {med(agent_rss):.1f} MiB "
      f"(its own process, samples.csv, n = {len(agent_cpu)} peers)")
PY
  rm -f "$stats"
done

if [ "${#runs[@]}" -ge 2 ]; then
  ./cmesh report --compare "${runs[@]}"
fi
