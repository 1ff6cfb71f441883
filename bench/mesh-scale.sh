#!/usr/bin/env bash
# Prints, for meshes of 10, 25, 50 and 100 peers (or the sizes given as arguments):
# - ready: the time from creating the networks until every peer is ready (the coordinator's own readyAt in run.json);
# - floor: what the Docker engine alone needs for the same: two networks (one internal), then N idle containers from
#   the same base image, each created on one network, connected to the other and started, as many at a time as
#   cmesh starts peers (CMESH_START_PARALLELISM, default 8), through the engine's API as cmesh does; and ready/floor;
# - each peer container's memory: the cgroup's peak (what the container cost the host at most), and the process's
#   resident set now, split into PSS (shared pages divided among the processes sharing them) and RSS (shared pages
#   counted in full);
# - CPU: each peer's and the coordinator's share of one core over the last $CMESH_BENCH_CPU_S seconds (default 30).
# Images must be built (`./cmesh images build`); each mesh runs its workload for $CMESH_BENCH_SETTLE_S seconds
# (default 20) before memory and CPU are read, then is stopped. CMESH_WRITE_INTERVAL_MS sets the workload as for
# `cmesh run`.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(10 25 50 100)
settle=${CMESH_BENCH_SETTLE_S:-20}
cpu_window=${CMESH_BENCH_CPU_S:-30}
parallel=${CMESH_START_PARALLELISM:-8}
socket=${DOCKER_HOST:-unix:///var/run/docker.sock}; socket=${socket#unix://}

api() {  # METHOD PATH [JSON]: one call to the engine's API, as cmesh makes them (no CLI process per call)
  curl -sf --unix-socket "$socket" -X "$1" -H 'Content-Type: application/json' ${3:+-d "$3"} "http://localhost/v1.41$2"
}

start_idle() {  # RUN BASE INDEX: one idle container, created on the control network, connected to data, started
  local id
  id=$(api POST "/containers/create?name=$1-idle-$3" \
    "{\"Image\":\"$2\",\"Cmd\":[\"sleep\",\"infinity\"],\"Labels\":{\"cmesh.managed\":\"true\",\"cmesh.run\":\"$1\"},\"HostConfig\":{\"NetworkMode\":\"$1-control\"}}" |
    sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')
  api POST "/networks/$1-data/connect" "{\"Container\":\"$id\"}" >/dev/null
  api POST "/containers/$id/start" >/dev/null
}
export -f api start_idle; export socket

floor_seconds() {  # N BASE: seconds for the engine alone to bring up what cmesh brings up, removed afterwards
  local n=$1 base=$2 run="floor-$1-$(date +%H%M%S)" began ended
  began=$(date +%s.%N)
  api POST /networks/create "{\"Name\":\"$run-control\",\"Labels\":{\"cmesh.managed\":\"true\",\"cmesh.run\":\"$run\"}}" >/dev/null
  api POST /networks/create "{\"Name\":\"$run-data\",\"Internal\":true,\"Labels\":{\"cmesh.managed\":\"true\",\"cmesh.run\":\"$run\"}}" >/dev/null
  seq 1 "$n" | xargs -P "$parallel" -I{} bash -c "start_idle $run $base {}"
  ended=$(date +%s.%N)
  for id in $(docker ps -aq --filter "label=cmesh.run=$run"); do  # one at a time: moby/moby#42119
    docker rm -f "$id" >/dev/null
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do  # the engine lets go of a removed container's endpoints a moment later
    docker network rm "$run-control" "$run-data" >/dev/null 2>&1 && break
    sleep 0.5
  done
  if [ -n "$(docker network ls -q --filter "label=cmesh.run=$run")" ]; then  # endpoints it lost count of
    for i in $(seq 1 "$n"); do
      docker network disconnect -f "$run-control" "$run-idle-$i" >/dev/null 2>&1 || true
      docker network disconnect -f "$run-data" "$run-idle-$i" >/dev/null 2>&1 || true
    done
    docker network rm "$run-control" "$run-data" >/dev/null 2>&1 || echo "floor: remove networks $run-control $run-data by hand" >&2
  fi
  awk "BEGIN {printf \"%.1f\", $ended - $began}"
}

cpu_ns() {  # container id -> CPU time of its cgroup in ns (cgroup v2 cpu.stat usage_usec, else v1 cpuacct.usage)
  local id=$1 file
  for file in /sys/fs/cgroup/system.slice/docker-"$id".scope/cpu.stat /sys/fs/cgroup/docker/"$id"/cpu.stat; do
    [ -r "$file" ] && { awk '/^usage_usec/ {print $2 * 1000}' "$file"; return; }
  done
  cat /sys/fs/cgroup/cpuacct/docker/"$id"/cpuacct.usage
}

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
echo "start parallelism $parallel; CPU over the last ${cpu_window} s of ${settle} s of workload; write interval ${CMESH_WRITE_INTERVAL_MS:-1000} ms"
printf '%-6s %-10s %-10s %-8s %-24s %-22s %-22s %-26s %-14s\n' peers "ready (s)" "floor (s)" "ratio" "cgroup peak MiB med/max" \
  "PSS now MiB med/max" "RSS now MiB med/max" "peer CPU % core med/max" "coord. CPU %"
for n in "${sizes[@]}"; do
  run="bench-$n-$(date +%H%M%S)"
  ./cmesh run "$n" --name "$run" >/dev/null
  ready=$(python3 -c "import json,sys; print(round(json.load(open('results/$run/run.json'))['timeToReadySeconds'], 1))")
  base=$(python3 -c "import json,sys; print(json.load(open('results/$run/run.json'))['images']['base'])")
  sleep $(( settle > cpu_window ? settle - cpu_window : 0 ))
  ids=$(docker ps -q --no-trunc --filter "label=cmesh.run=$run")
  # One inspect for every container: one call each takes minutes on a host that 500 peers saturate.
  declare -A pid_of=() role_of=()
  while read -r id pid role; do pid_of[$id]=$pid; role_of[$id]=$role; done < <(
    docker inspect -f '{{.Id}} {{.State.Pid}} {{index .Config.Labels "cmesh.role"}}' $ids)
  declare -A cpu_before=()
  for id in $ids; do cpu_before[$id]=$(cpu_ns "$id"); done
  window_began=$(date +%s.%N)
  sleep "$cpu_window"
  window=$(awk "BEGIN {print $(date +%s.%N) - $window_began}")
  peaks=(); pss=(); rss=(); cpu=(); coordinator_cpu=0
  for id in $ids; do
    share=$(awk "BEGIN {print ($(cpu_ns "$id") - ${cpu_before[$id]}) / ($window * 10000000)}")
    if [ "${role_of[$id]}" = coordinator ]; then
      coordinator_cpu=$share; continue
    fi
    cpu+=("$share")
    pid=${pid_of[$id]}
    peaks+=("$(cgroup_peak_kib "$id")")
    pss+=("$(awk '/^Pss:/ {print $2}' /proc/"$pid"/smaps_rollup)")
    rss+=("$(awk '/^Rss:/ {print $2}' /proc/"$pid"/smaps_rollup)")
  done
  ./cmesh stop "$run" >/dev/null
  rm -rf "results/$run"
  floor=$(floor_seconds "$n" "$base")
  printf '%-6s %-10s %-10s %-8s %-24s %-22s %-22s %-26s %-14s\n' "$n" "$ready" "$floor" "$(awk "BEGIN {printf \"%.2f\", $ready / $floor}")" \
    "$(printf '%s\n' "${peaks[@]}" | median | mib) / $(printf '%s\n' "${peaks[@]}" | maximum | mib)" \
    "$(printf '%s\n' "${pss[@]}" | median | mib) / $(printf '%s\n' "${pss[@]}" | maximum | mib)" \
    "$(printf '%s\n' "${rss[@]}" | median | mib) / $(printf '%s\n' "${rss[@]}" | maximum | mib)" \
    "$(printf '%s\n' "${cpu[@]}" | median | xargs printf '%.2f') / $(printf '%s\n' "${cpu[@]}" | maximum | xargs printf '%.2f')" \
    "$(printf '%.1f' "$coordinator_cpu")"
done
