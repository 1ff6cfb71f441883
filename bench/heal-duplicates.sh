#!/usr/bin/env bash
# What a heal costs each gossip: CMESH_BENCH_PEERS (default 10) peers under the partition-halves scenario (split for a
# minute, then healed), CMESH_BENCH_RUNS (default 3) runs per gossip, one after the other on this host. Per run it
# prints the duplicate payload received against the useful payload (bandwidth.csv of every peer, whole run, and the
# 10 s from the moment the revert began), deliveries by way, and the report's resync after heal.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${CMESH_BENCH_PEERS:-10}
runs=${CMESH_BENCH_RUNS:-3}

for gossip in ${CMESH_BENCH_GOSSIP:-lazy flood}; do
  for i in $(seq 1 "$runs"); do
    run="bench-heal-$gossip-$peers-$i-$(date +%H%M%S)"
    ./cmesh run "$peers" --gossip "$gossip" --scenario partition-halves --cool-down 20s --name "$run" >/dev/null
    ./cmesh report "$run" >/dev/null || true
    echo "== $gossip, run $i: $peers peers, partition-halves =="
    python3 - "results/$run" <<'PY'
import csv, glob, sys
run = sys.argv[1]
heal = next(int(r['began_unix_us'] or r['time_unix_us']) for r in csv.DictReader(open(f"{run}/chaos.csv")) if r['event'] == 'end')
useful = duplicate = useful_heal = duplicate_heal = 0
for f in glob.glob(f"{run}/peers/*/bandwidth.csv"):
    for r in csv.DictReader(open(f)):
        u, d = int(r['useful_payload_bytes_in']), int(r['duplicate_payload_bytes_in'])
        useful += u; duplicate += d
        if heal <= int(r['time_unix_us']) < heal + 10_000_000:
            useful_heal += u; duplicate_heal += d
via = {}
for f in glob.glob(f"{run}/peers/*/deliveries.csv"):
    for r in csv.DictReader(open(f)):
        via[r['via']] = via.get(r['via'], 0) + 1
deliveries = sum(via.values())
figures = {r['figure']: r['value'] for r in csv.DictReader(open(f"{run}/report/csv/figures.csv"))}
print(f"  duplicate ÷ useful payload: whole run {duplicate / max(useful, 1):.3f} ({duplicate} B ÷ {useful} B); "
      f"10 s after the heal {duplicate_heal / max(useful_heal, 1):.3f} ({duplicate_heal} B ÷ {useful_heal} B)")
print("  deliveries by way: " + ", ".join(f"{k} {v / max(deliveries, 1):.1%}" for k, v in sorted(via.items())) + f" (n = {deliveries})")
for name in ['delivered', 'resync after heal', 'host']:
    print(f"  {name}: {figures.get(name, '-')}")
PY
  done
done
