#!/usr/bin/env bash
# The Swarm runner on a swarm of K nodes built on this machine with docker/swarm-nodes.sh (issue 15's bench line).
#   bench/swarm.sh ready   for each K in $CMESH_BENCH_NODES (1 2 3) a fresh swarm of K nodes, then for each N in
#                          $CMESH_BENCH_SIZES (50 100) `cmesh run N --runner swarm --duration $CMESH_BENCH_DURATION`
#                          (20s); prints N, K, time to ready, image distribution time, delivered %, failed tasks
#   bench/swarm.sh flaky   a fresh swarm of $CMESH_BENCH_FLAKY_NODES (3) nodes, then $CMESH_BENCH_RUNS (10) runs of
#                          `cmesh run $CMESH_BENCH_FLAKY_PEERS (20) --runner swarm --duration $CMESH_BENCH_FLAKY_DURATION
#                          (10s)`; prints per run its exit code, time to ready, failed or rejected tasks, tasks that
#                          replaced another (restarts), then how many runs failed
#   bench/swarm.sh all     ready, then flaky
#   CMESH_BENCH_LAST_START=01:20Z bench/swarm.sh …   no run starts after that time (date -d syntax): for a deadline
#   bench/swarm.sh ready:50@2,3 flaky ready:100   phases in this order under one hold of the lock (ready:SIZES[@KS]
#                          sets that phase's sizes and node counts, comma-separated); the flaky phase reuses a swarm of
#                          its K that is up already (its nodes have the images then)
# Figures, and how they are taken:
# - time to ready: run.json's timeToReadySeconds (from creating the run's overlay networks until the coordinator saw
#   every peer registered with at least one open link: the same figure as the local runner's);
# - image distribution: run.json's runner.imageCopySeconds (the run's images to every node it uses but the manager,
#   all nodes at once; before time to ready starts). A node that has them already is skipped, so only the first
#   run on a fresh swarm copies;
# - delivered: the CLI's workload table at the end of the run (deliveries / (updates written × (peers − 1)), from
#   the peers' last heartbeats), with the deliveries and the expected count in brackets;
# - failed tasks: run.json's runner.failedTasks (the CLI counts failed or rejected tasks before it removes the
#   services). Besides, a sampler asks the manager for every task of the swarm (GET /tasks) every
#   $CMESH_BENCH_TASK_POLL_S (3) s while the run lasts; "tasks seen" counts the distinct tasks, "replaced" the tasks
#   beyond the first of a service (a restart or a reschedule; the runner's restart policy is none, so it should be
#   0), "bad" the distinct tasks last seen failed, rejected or orphaned. The swarm is this script's alone (the lock
#   below), so every task is the run's;
# - host: /proc/loadavg before and after each run, and the host's CPU busy share over the run (/proc/stat). Every
#   node is on this one machine, so more nodes add no CPU: a K-node figure is the swarm's overhead, not capacity.
# Holds /run/lock/cmesh-swarm.lock for its whole run (the swarm end-to-end tests take it too: one swarm at a time),
# and takes the swarm down at the end, also on Ctrl-C. Needs root (swarm-nodes.sh) and the images built
# (`./cmesh images build`). Results of each run stay in results/bench-swarm-*/ (CMESH_BENCH_KEEP=0 removes them).
set -euo pipefail
cd "$(dirname "$0")/.."
phases=("$@"); [ ${#phases[@]} -gt 0 ] || phases=(all)
for phase in "${phases[@]}"; do
  case "$phase" in ready | ready:* | flaky | all) ;; *) echo "usage: $0 [ready|ready:SIZES|flaky|all]…" >&2; exit 2 ;; esac
done
read -r -a node_counts <<<"${CMESH_BENCH_NODES:-1 2 3}"
read -r -a sizes <<<"${CMESH_BENCH_SIZES:-50 100}"
duration=${CMESH_BENCH_DURATION:-20s}
flaky_nodes=${CMESH_BENCH_FLAKY_NODES:-3}
flaky_peers=${CMESH_BENCH_FLAKY_PEERS:-20}
flaky_duration=${CMESH_BENCH_FLAKY_DURATION:-10s}
runs=${CMESH_BENCH_RUNS:-10}
poll=${CMESH_BENCH_TASK_POLL_S:-3}
keep=${CMESH_BENCH_KEEP:-1}
last_start=${CMESH_BENCH_LAST_START:-}  # a time (date -d syntax, e.g. 01:20Z): no run starts after it
[ -z "$last_start" ] || last_start=$(date -d "$last_start" +%s)
export CMESH_READY_TIMEOUT_S=${CMESH_READY_TIMEOUT_S:-300}
lock=/run/lock/cmesh-swarm.lock
socket=${DOCKER_HOST:-unix:///var/run/docker.sock}; socket=${socket#unix://}
log_dir=$(mktemp -d /tmp/cmesh-bench-swarm.XXXXXX)

exec 8>"$lock"
if ! flock -n 8; then
  echo "waiting for $lock (another swarm user holds it)…" >&2
  flock 8
fi

swarm_up=""
swarm_k=""
sampler=""
finish() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
  if [ -n "$swarm_up" ]; then
    echo "taking the swarm down…" >&2
    nice -n 19 ./docker/swarm-nodes.sh down >&2 || echo "swarm-nodes.sh down failed: run it again" >&2
  fi
  echo "logs of each run: $log_dir" >&2
}
trap finish EXIT
trap 'exit 130' INT TERM

swarm() {  # K [reuse]: a fresh swarm of K nodes; with reuse, the one up already when it has K nodes
  if [ "${2:-}" = reuse ] && [ -n "$swarm_up" ] && [ "$swarm_k" = "$1" ]; then echo "reusing the swarm of $1 node(s)" >&2; return; fi
  if [ -n "$swarm_up" ]; then nice -n 19 ./docker/swarm-nodes.sh down >&2; swarm_up=""; fi
  local began=$SECONDS
  # Leftovers of a holder of the lock that was killed before its down (the end-to-end fixture does the same).
  if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != inactive ] || ip link show cmesh-swarm-br >/dev/null 2>&1; then
    echo "a swarm or swarm-nodes.sh leftovers exist although $lock is ours: a killed holder's; taking them down" >&2
    nice -n 19 ./docker/swarm-nodes.sh down >&2
  fi
  swarm_up=1  # from here on, a failure or Ctrl-C takes down whatever up made
  nice -n 19 ./docker/swarm-nodes.sh up "$1" 2>"$log_dir/swarm-up-$1.log" || { cat "$log_dir/swarm-up-$1.log" >&2; exit 1; }
  swarm_k=$1
  echo "swarm of $1 node(s) up in $((SECONDS - began)) s" >&2
}

cpu_ticks() { awk '/^cpu / {print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }  # total, idle+iowait
load() { cut -d' ' -f1-3 /proc/loadavg; }

sample_tasks() {  # FILE: every task of the swarm (id service state) every $poll s, until killed
  while :; do
    curl -sf --max-time 10 --unix-socket "$socket" "http://localhost/v1.41/tasks" |
      python3 -c 'import json,sys
for t in json.load(sys.stdin): print(t["ID"], t["ServiceID"], t["Status"]["State"])' >>"$1" 2>/dev/null || true
    sleep "$poll"
  done
}

# One run: N RUN DURATION; sets the globals below from its run.json, its output and the task samples.
run_one() {
  local n=$1 run=$2 dur=$3 out="$log_dir/$2.log" tasks="$log_dir/$2.tasks" t0 t1 began
  load_before=$(load); read -r t0 i0 < <(cpu_ticks); began=$(date +%s.%N)
  : >"$tasks"; sample_tasks "$tasks" & sampler=$!
  set +e
  nice -n 19 ./cmesh run "$n" --runner swarm --duration "$dur" --name "$run" >"$out" 2>&1
  rc=$?
  set -e
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
  wall=$(awk "BEGIN {printf \"%.0f\", $(date +%s.%N) - $began}")
  read -r t1 i1 < <(cpu_ticks); load_after=$(load)
  busy=$(awk "BEGIN {printf \"%.0f\", 100 * (1 - ($i1 - $i0) / ($t1 - $t0))}")
  local json="results/$run/run.json"
  ready=-; copy=-; failed=-; per_node=-
  if [ -f "$json" ]; then
    read -r ready copy failed per_node < <(python3 - "$json" <<'EOF'
import json, sys, collections
m = json.load(open(sys.argv[1]))
r = m.get("runner") or {}
ready = m.get("timeToReadySeconds")
copy = r.get("imageCopySeconds")
failed = r.get("failedTasks")
nodes = collections.Counter(v for k, v in (r.get("placement") or {}).items() if k != "coordinator")
print("-" if ready is None else f"{ready:.1f}", "-" if copy is None else f"{copy:.2f}",
      "-" if failed is None else failed, ",".join(f"{k.replace('cmesh-', '')}:{c}" for k, c in sorted(nodes.items())) or "-")
EOF
) || true
  fi
  # The workload table's row: peers, updates written, deliveries, expected, delivered %.
  delivered=$(grep -E '^│ *[0-9]+ *│ *[0-9]+ *│ *[0-9]+ *│ *[0-9]+ *│ *[0-9.]+ % *│' "$out" | tail -1 |
    awk -F'│' '{gsub(/ /, ""); printf "%s(%s/%s)", $6, $4, $5}' || true); delivered=${delivered:--}
  seen=-; replaced=-; bad=-
  read -r seen replaced bad < <(sort -u "$tasks" | python3 -c 'import sys, collections
last = {}
for line in sys.stdin:
    fields = line.split()
    if len(fields) != 3: continue  # a line cut short when the sampler was stopped
    task, service, state = fields
    last[task] = (service, state)
services = collections.Counter(s for s, _ in last.values())
print(len(last), sum(c - 1 for c in services.values()), sum(1 for _, st in last.values() if st in ("failed", "rejected", "orphaned")))') || true
  why=""
  if [ "$rc" -ne 0 ]; then
    # Its first error lines, else its last line (a run that failed says why).
    why=$({ grep -iE 'error|did not|timed out|failed|refus|no docker engine' "$out" | grep -v 'failed or rejected: 0' || tail -1 "$out"; } |
      head -2 | tr '\n' ' ' | cut -c1-160)
  fi
  [ "$keep" = 1 ] || rm -rf "results/$run"
}

host_line() {
  echo "host: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), Docker $(docker version --format '{{.Server.Version}}'); every node on this one machine"
}

too_late() {  # WHAT: true, saying so, when CMESH_BENCH_LAST_START has passed
  if [ -n "$last_start" ] && [ "$(date +%s)" -gt "$last_start" ]; then
    echo "not run (CMESH_BENCH_LAST_START=${CMESH_BENCH_LAST_START} passed): $1"
    return 0
  fi
  return 1
}

bench_ready() {  # [SIZES[@KS], comma-separated]
  local spec=${1:-}
  if [[ "$spec" == *@* ]]; then IFS=, read -r -a node_counts <<<"${spec#*@}"; spec=${spec%@*}; fi
  [ -z "$spec" ] || IFS=, read -r -a sizes <<<"$spec"
  echo
  echo "## time to ready on K nodes ($duration of workload each; CMESH_READY_TIMEOUT_S=$CMESH_READY_TIMEOUT_S; one run each)"
  host_line
  printf '%-6s %-3s %-10s %-18s %-24s %-7s %-13s %-8s %-18s %-18s %-7s %s\n' peers K "ready (s)" "image copy (s)" delivered \
    "failed" "tasks/repl/bad" "wall (s)" "load before" "load after" "busy %" "peers per node / exit"
  local k n first
  for k in "${node_counts[@]}"; do
    too_late "$(printf '%s ' "${sizes[@]}")peers on $k node(s)" && continue
    swarm "$k"
    first=1
    for n in "${sizes[@]}"; do
      too_late "$n peers on $k node(s)" && continue
      run_one "$n" "bench-swarm-$n-k$k-$(date +%H%M%S)" "$duration"
      printf '%-6s %-3s %-10s %-18s %-24s %-7s %-13s %-8s %-18s %-18s %-7s %s\n' "$n" "$k" "$ready" \
        "$copy $([ "$k" -eq 1 ] && echo '(no worker)' || { [ $first = 1 ] && echo '(fresh)' || echo '(again)'; })" \
        "$delivered" "$failed" "$seen/$replaced/$bad" "$wall" "$load_before" "$load_after" "$busy" "$per_node / exit $rc${why:+: $why}"
      first=0
    done
  done
}

bench_flaky() {
  echo
  echo "## flakiness: $runs runs of $flaky_peers peers on $flaky_nodes nodes, $flaky_duration of workload each (tasks sampled every $poll s)"
  host_line
  too_late "the flakiness runs" && return
  swarm "$flaky_nodes" reuse
  printf '%-4s %-6s %-10s %-15s %-24s %-7s %-13s %-8s %-18s %-18s %-7s\n' run exit "ready (s)" "image copy (s)" delivered \
    failed "tasks/repl/bad" "wall (s)" "load before" "load after" "busy %"
  local i started=0 failed_runs=0 total_failed=0 total_replaced=0 total_bad=0 readies=()
  for i in $(seq 1 "$runs"); do
    too_late "flakiness runs $i to $runs" && break
    run_one "$flaky_peers" "bench-swarm-flaky-$i-$(date +%H%M%S)" "$flaky_duration"
    started=$((started + 1))
    printf '%-4s %-6s %-10s %-15s %-24s %-7s %-13s %-8s %-18s %-18s %-7s %s\n' "$i" "$rc" "$ready" "$copy" "$delivered" \
      "$failed" "$seen/$replaced/$bad" "$wall" "$load_before" "$load_after" "$busy" "${why}"
    [ "$rc" -eq 0 ] || failed_runs=$((failed_runs + 1))
    [ "$failed" = - ] || total_failed=$((total_failed + failed))
    total_replaced=$((total_replaced + replaced)); total_bad=$((total_bad + bad))
    [ "$ready" = - ] || readies+=("$ready")
  done
  echo "runs that failed (exit code not 0): $failed_runs of $started"
  echo "failed or rejected tasks (run.json, summed over the runs): $total_failed; tasks replaced (sampled): $total_replaced; tasks last seen failed/rejected/orphaned (sampled): $total_bad"
  [ ${#readies[@]} -eq 0 ] || printf '%s\n' "${readies[@]}" | sort -n |
    awk '{a[NR]=$1} END {printf "time to ready over %d runs: min %.1f s, median %.1f s, max %.1f s\n", NR, a[1], a[int((NR+1)/2)], a[NR]}'
}

for phase in "${phases[@]}"; do
  case "$phase" in
    ready) bench_ready ;;
    ready:*) bench_ready "${phase#ready:}" ;;
    flaky) bench_flaky ;;
    all) bench_ready; bench_flaky ;;
  esac
done
