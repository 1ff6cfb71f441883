#!/usr/bin/env bash
# Prints, for meshes of 10, 25, 50 and 100 peers (or the sizes given as arguments): the time from creating the
# networks until every peer is ready (the coordinator's own readyAt in run.json), and each peer container's memory:
# the cgroup's peak (what the container cost the host at most), and the process's resident set now, split into
# PSS (shared pages divided among the processes sharing them) and RSS (shared runtime pages counted in full).
# Images must be built (`./cmesh images build`); each mesh idles for $CMESH_BENCH_SETTLE_S seconds (default 20)
# with the workload running before memory is read, then is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 25 50 100)
settle=${CMESH_BENCH_SETTLE_S:-20}

cgroup_peak_kib() {  # container id -> peak memory of its cgroup in KiB (cgroup v2 memory.peak, else v1 max_usage)
  local id=$1 file
  for file in /sys/fs/cgroup/system.slice/docker-"$id".scope/memory.peak /sys/fs/cgroup/docker/"$id"/memory.peak \
              /sys/fs/cgroup/memory/docker/"$id"/memory.max_usage_in_bytes; do
    [ -r "$file" ] && { echo $(( $(cat "$file") / 1024 )); return; }
  done
  echo 0
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }
maximum() { sort -n | tail -1; }
mib() { awk '{printf "%.1f", $1/1024}'; }

echo "host: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), Docker $(docker version --format '{{.Server.Version}}')"
printf '%-6s %-15s %-24s %-22s %-22s\n' peers "ready (s)" "cgroup peak MiB med/max" "PSS now MiB med/max" "RSS now MiB med/max"
for n in "${sizes[@]}"; do
  run="bench-$n-$(date +%H%M%S)"
  ./cmesh run "$n" --name "$run" >/dev/null
  ready=$(python3 -c "import json,sys; print(round(json.load(open('results/$run/run.json'))['timeToReadySeconds'], 1))")
  sleep "$settle"
  peaks=(); pss=(); rss=()
  for id in $(docker ps -q --no-trunc --filter "label=cmesh.run=$run" --filter label=cmesh.role=peer); do
    pid=$(docker inspect -f '{{.State.Pid}}' "$id")
    peaks+=("$(cgroup_peak_kib "$id")")
    pss+=("$(awk '/^Pss:/ {print $2}' /proc/"$pid"/smaps_rollup)")
    rss+=("$(awk '/^Rss:/ {print $2}' /proc/"$pid"/smaps_rollup)")
  done
  printf '%-6s %-15s %-24s %-22s %-22s\n' "$n" "$ready" \
    "$(printf '%s\n' "${peaks[@]}" | median | mib) / $(printf '%s\n' "${peaks[@]}" | maximum | mib)" \
    "$(printf '%s\n' "${pss[@]}" | median | mib) / $(printf '%s\n' "${pss[@]}" | maximum | mib)" \
    "$(printf '%s\n' "${rss[@]}" | median | mib) / $(printf '%s\n' "${rss[@]}" | maximum | mib)"
  ./cmesh stop "$run" >/dev/null
  rm -rf "results/$run"
done
