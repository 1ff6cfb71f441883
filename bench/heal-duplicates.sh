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
import csv, sys
sys.path.insert(0, "bench")
from run_records import describe_via, deliveries_by_via, link_totals, report_figures
run = sys.argv[1]
heal = next(int(r.get('began_unix_us') or r['time_unix_us']) for r in csv.DictReader(open(f"{run}/chaos.csv")) if r['event'] == 'end')
for label, links in [("whole run", link_totals(run)), ("10 s from the heal", link_totals(run, heal, heal + 10_000_000))]:
    useful, duplicate = links['useful_payload_bytes_in'], links['duplicate_payload_bytes_in']
    print(f"  duplicate ÷ useful payload, {label}: {duplicate / max(useful, 1):.3f} ({duplicate} B ÷ {useful} B)")
print("  deliveries by way: " + describe_via(deliveries_by_via(run)))
figures = report_figures(run)
for name in ['delivered', 'resync after heal', 'host']:
    print(f"  {name}: {figures.get(name, '-')}")
PY
  done
done
