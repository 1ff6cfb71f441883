#!/usr/bin/env bash
# Flooding against lazy push on the built-in engine: the same plan with each gossip, one run after the other on this
# host, then `cmesh report --compare` of the two. Per run it prints what the issue's goal is stated in: bytes the peers
# sent on their links per delivered update, against one update frame (payload + framing), and the latency quantiles.
# Plan: CMESH_BENCH_PEERS (default 20) peers, one write per peer every CMESH_WRITE_INTERVAL_MS (default 1000),
# CMESH_BENCH_DURATION (default 60s), no fault. Both runs take the seed CMESH_BENCH_SEED (default 1), so that each
# peer writes at the same offset in both: a run whose writes happen to bunch has a longer tail, and that would
# otherwise land in one gossip's figures and not the other's. CMESH_BENCH_GOSSIPS (default "flood lazy") runs fewer or
# other gossips, to set one build's run beside another's.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${CMESH_BENCH_PEERS:-20}
duration=${CMESH_BENCH_DURATION:-60s}
payload=64
interval=${CMESH_WRITE_INTERVAL_MS:-1000}
seed=${CMESH_BENCH_SEED:-1}

runs=()
for gossip in ${CMESH_BENCH_GOSSIPS:-flood lazy}; do
  run="bench-gossip-$gossip-$peers-$(date +%H%M%S)"
  runs+=("$run")
  ./cmesh run "$peers" --gossip "$gossip" --duration "$duration" --payload "$payload" --seed "$seed" --name "$run" >/dev/null
  ./cmesh report "$run" >/dev/null || true
  echo "== $gossip: $peers peers, 1 write each every $interval ms, $duration, seed $seed =="
  python3 - "results/$run" "$payload" <<'PY'
import sys
sys.path.insert(0, "bench")
from run_records import describe_via, deliveries_by_via, link_totals, report_figures
run, payload = sys.argv[1], int(sys.argv[2])
# One update frame (peer/Network/FrameCodec.cs): length 4 + type 1 + writer (2 + its bytes) + seq 8 + written_at 8
# + hops 2 + origin 2 + payload length 4 + payload.
frame = 4 + 1 + 2 + len("peer-10") + 8 + 8 + 2 + 2 + 4 + payload
links = link_totals(run)
sent, useful, duplicate = links['bytes_out'], links['useful_payload_bytes_in'], links['duplicate_payload_bytes_in']
via = deliveries_by_via(run)
deliveries = sum(via.values())
figures = report_figures(run)
print(f"  link bytes sent per delivery: {sent / max(deliveries, 1):.0f} B = {sent / max(deliveries, 1) / frame:.2f} x one update frame ({frame} B); "
      f"duplicate payload received {duplicate / max(useful, 1):.2f} x the useful payload (bandwidth.csv of every peer, {deliveries} deliveries)")
print("  deliveries by way (warm-up included): " + describe_via(via))
for name in ['delivered', 'message latency', 'host']:
    print(f"  {name}: {figures.get(name, '-')}")
PY
done

[ ${#runs[@]} -lt 2 ] || ./cmesh report --compare "${runs[@]}"
