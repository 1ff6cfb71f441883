#!/usr/bin/env bash
# An idle peer's CPU, two builds side by side: `bench/idle-pair.sh CHECKOUT_A CHECKOUT_B [PEERS]` runs
# `cmesh run PEERS --write-interval 60s` (default 50 peers) from both checkouts at once, so that both meshes share
# whatever else the host does, waits until both are ready and $CMESH_BENCH_SETTLE_S seconds more (default 40), then
# reads every peer process's CPU (utime + stime in /proc/PID/stat) and voluntary context switches (all its threads,
# /proc/PID/task/*/status) over $CMESH_BENCH_CPU_S seconds (default 60), and prints per build: peers measured, CPU as
# a share of one core (median, max), and context switches a second (median). Both meshes are stopped afterwards.
# One run to the next moved by about 10 % on the same build; a difference smaller than that is noise.
# A mesh under load instead: CMESH_BENCH_WRITE_INTERVAL (default 60s: idle) and CMESH_BENCH_GOSSIP (default: the
# plan's own) set both meshes' --write-interval and --gossip.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/idle-pair.sh CHECKOUT_A CHECKOUT_B [PEERS]" >&2; exit 2; }
a=$(realpath "$1"); b=$(realpath "$2"); peers=${3:-50}
settle=${CMESH_BENCH_SETTLE_S:-40}
window=${CMESH_BENCH_CPU_S:-60}
interval=${CMESH_BENCH_WRITE_INTERVAL:-60s}
gossip=${CMESH_BENCH_GOSSIP:-}
logs=$(mktemp -d)
hz=$(getconf CLK_TCK)

start() {  # CHECKOUT LOG: a mesh that runs long enough to be measured; stopped by `cmesh stop` below
  (cd "$1" && ./cmesh run "$peers" --write-interval "$interval" ${gossip:+--gossip "$gossip"} --duration 30m >"$2" 2>&1 &)
}

run_id() {  # LOG: the run id once the mesh is ready (10 minutes at most)
  for _ in $(seq 120); do
    grep -q 'run .*: ready' "$1" && break
    sleep 5
  done
  grep -q 'run .*: ready' "$1" || { echo "idle-pair: no mesh ready after 10 minutes; see $1" >&2; exit 1; }
  sed -n 's/.*run \([0-9a-f-]*\): ready.*/\1/p' "$1" | head -1
}

peer_pids() {  # RUN
  docker ps -q --filter "label=cmesh.run=$1" --filter label=cmesh.role=peer | xargs docker inspect -f '{{.State.Pid}}'
}

snapshot() {  # PID…: "pid ticks switches" per process
  for pid in "$@"; do
    switches=$(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }')
    echo "$pid $(awk '{ print $14 + $15 }' /proc/"$pid"/stat) $switches"
  done
}

summary() {  # NAME BEFORE AFTER
  join <(sort "$2") <(sort "$3") | awk -v w="$window" -v hz="$hz" '{ print 100 * ($4 - $2) / hz / w, ($5 - $3) / w }' >"$logs/rows"
  n=$(wc -l <"$logs/rows")
  median() { sort -g | awk -v n="$n" 'NR == int((n + 1) / 2)'; }
  printf '| %s | %d | %.3f | %.3f | %.1f |\n' "$1" "$n" "$(cut -d' ' -f1 "$logs/rows" | median)" \
    "$(cut -d' ' -f1 "$logs/rows" | sort -g | tail -1)" "$(cut -d' ' -f2 "$logs/rows" | median)"
}

stop_both() {  # what started is stopped, whatever happened
  [ -z "${run_a:-}" ] || (cd "$a" && ./cmesh stop "$run_a" >/dev/null 2>&1) || true
  [ -z "${run_b:-}" ] || (cd "$b" && ./cmesh stop "$run_b" >/dev/null 2>&1) || true
}
trap stop_both EXIT
start "$a" "$logs/a.log"
start "$b" "$logs/b.log"
run_a=$(run_id "$logs/a.log"); run_b=$(run_id "$logs/b.log")
sleep "$settle"
mapfile -t pids_a < <(peer_pids "$run_a"); mapfile -t pids_b < <(peer_pids "$run_b")
snapshot "${pids_a[@]}" >"$logs/a0"; snapshot "${pids_b[@]}" >"$logs/b0"
sleep "$window"
snapshot "${pids_a[@]}" >"$logs/a1"; snapshot "${pids_b[@]}" >"$logs/b1"
echo "| build | peers | CPU % of a core (median) | max | context switches a second (median) |"
echo "|---|---:|---:|---:|---:|"
summary "$(git -C "$a" rev-parse --short HEAD) ($1)" "$logs/a0" "$logs/a1"
summary "$(git -C "$b" rev-parse --short HEAD) ($2)" "$logs/b0" "$logs/b1"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
