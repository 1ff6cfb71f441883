#!/usr/bin/env bash
# Prints how long `cmesh report` takes and its peak memory (max RSS) for runs of 1M and 10M delivery records
# (or the counts given), generated here without containers: 50 peers writing once a second, every update delivered
# to the 49 others with a latency of 0.1-50 ms, a 20% loss fault in the middle third, and each peer's writes and
# per-second samples, so that every figure is derived (latency, accounting, availability, freshness, resync after
# heal). Needs about 2 GB of disk per 10M records (inputs plus the report's latency.csv); the folder is removed
# afterwards. Numbers are printed with %.0f: mawk's %d stops at 2^31.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${*:-"1000000 10000000"}
peers=50
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./cmesh --help >/dev/null   # builds the CLI (Release) when needed, outside the timing

generate() {  # run dir, deliveries -> a results folder with that many delivery records
  local run=$1 seconds=$(( ($2 + peers * (peers - 1) - 1) / (peers * (peers - 1)) ))
  local t0=1800000000000000
  mkdir -p "$run/coordinator" "$run/scenarios"
  printf '{ "runId": "%s", "command": "bench", "scenario": "bench-loss", "plan": { "peers": %d, "writeIntervalMs": 1000 }, "startedAt": "2027-01-15T08:00:00+00:00", "stoppedAt": "2027-01-15T10:00:00+00:00" }\n' \
    "$(basename "$run")" "$peers" >"$run/run.json"
  printf 'time_unix_us,event,peer,detail\n%d,workload-scheduled,,"start_at_unix_us=%d"\n%d,mesh-stopping,,"stop requested"\n' \
    $((t0 - 1000000)) "$t0" $((t0 + seconds * 1000000)) >"$run/coordinator/events.csv"
  printf 'time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n%d,start,s1.1,loss,all,loss 20%%,netem,\n%d,end,s1.1,loss,all,loss 20%%,netem,duration\n' \
    $((t0 + seconds * 333333)) $((t0 + seconds * 666666)) >"$run/chaos.csv"
  printf 'name: bench-loss\ndescription: bench\nsteps:\n  - at: 1m\n    duration: 1m\n    fault: { kind: loss, percent: 20 }\nassertions:\n  - p99-message-latency < 5s\n  - min-delivered >= 99%%\n' \
    >"$run/scenarios/bench-loss.yaml"
  for r in $(seq 1 $peers); do
    mkdir -p "$run/peers/peer-$r"
    awk -v r="$r" -v peers=$peers -v seconds="$seconds" -v t0="$t0" 'BEGIN {
      srand(r);
      
      print "writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer,via";
      for (s = 1; s <= seconds; s++)
        for (w = 1; w <= peers; w++) if (w != r) {
          written = t0 + (s - 1) * 1000000 + w * 10000;
          printf "peer-%d,%d,%.0f,%.0f,%d,peer-%d,flood\n", w, s, written, written + 100 + int(rand() * rand() * 50000), 1 + int(rand() * 4), w;
        }
    }' >"$run/peers/peer-$r/deliveries.csv"
    awk -v r="$r" -v seconds="$seconds" -v t0="$t0" 'BEGIN {
      print "writer,seq,due_unix_us,written_at_unix_us,monotonic_us,payload_bytes,ack";
      for (s = 1; s <= seconds; s++) { w = t0 + (s - 1) * 1000000 + r * 10000; printf "peer-%d,%d,%.0f,%.0f,%.0f,64,ok\n", r, s, w, w, w - t0; }
    }' >"$run/peers/peer-$r/writes.csv"
    awk -v seconds="$seconds" -v t0="$t0" 'BEGIN {
      print "due_unix_us,time_unix_us,lateness_us,state,open_links,updates_held,cpu_us,rss_bytes,iface_rx_bytes,iface_tx_bytes";
      for (s = 1; s <= seconds; s++) printf "%.0f,%.0f,700,running,5,%d,%d,30000000,%d,%d\n", t0 + s * 1000000, t0 + s * 1000000 + 700, s * 49, s * 10000, s * 9000, s * 9000;
    }' >"$run/peers/peer-$r/samples.csv"
  done
}

echo "cmesh report: time and peak memory (max RSS) by delivery records, $peers peers"
for n in $counts; do
  run="$work/bench-$n"
  generate "$run" "$n"
  records=$(( $(cat "$run"/peers/*/deliveries.csv | wc -l) - peers ))
  stats="$work/time-$n"
  CMESH_RESULTS_DIR="$work" /usr/bin/time -v ./cmesh report "bench-$n" >/dev/null 2>"$stats" || true
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$stats")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$stats")
  echo "  $records records: ${elapsed} wall, ${rss} MiB peak RSS (latency.csv $(du -h "$run/report/csv/latency.csv" | cut -f1))"
  rm -rf "$run"
done
