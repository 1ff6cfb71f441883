#!/usr/bin/env bash
# A Docker Swarm of K nodes on this one machine, for the Swarm runner's tests and for trying it without a cluster:
#   ./docker/swarm-nodes.sh up K     the host's engine as manager, K-1 more engines as workers
#   ./docker/swarm-nodes.sh down     removes everything up made (idempotent; also after a crash or a half-done up)
#   ./docker/swarm-nodes.sh status   what exists now
#
# Each worker is a second dockerd in a network namespace of its own (cmesh-n2, cmesh-n3, …), joined to the host by a
# veth pair on the bridge cmesh-swarm-br (10.213.0.0/24: the manager is .1, node cmesh-nI is .(10+I)). The dockerd is
# started with nsenter --net (`ip netns exec` remounts /sys and hides the cgroups dockerd needs) and its own UTS
# namespace, so the node's hostname is cmesh-nI; it has its own data root, exec root, pid file, log and socket:
#   /var/lib/cmesh-swarm/cmesh-nI/{data,docker.pid,dockerd.log}   /run/cmesh-swarm/cmesh-nI   /run/docker-cmesh-nI.sock
# and its containers go in the cgroup parent /cmesh-nI, so down can end them even after the dockerd was killed -9.
# Privileged containers are refused on this kind of host, so docker-in-docker is no option; this needs root, ip,
# nsenter, unshare, iptables and dockerd (./docker/setup-host.sh installs them).
# Each worker gets the node label cmesh.engine=unix:///run/docker-cmesh-nI.sock: the endpoint through which the CLI
# reaches that node's own engine (on real machines a tcp:// or ssh:// address); the manager's is the local engine.
# The swarm listens on the bridge address only, and its overlay networks come from 10.214.0.0/16.
set -euo pipefail

bridge=cmesh-swarm-br
prefix=10.213.0
manager_addr=$prefix.1
addr_pool=10.214.0.0/16
state=/var/lib/cmesh-swarm
runroot=/run/cmesh-swarm
rule=(FORWARD -i "$bridge" -o "$bridge" -m comment --comment cmesh-swarm -j ACCEPT)

say() { echo "swarm-nodes: $*" >&2; }
die() { say "$*"; exit 1; }
socket() { echo "/run/docker-$1.sock"; }
node_docker() { local node=$1; shift; DOCKER_HOST="unix://$(socket "$node")" timeout 30 docker "$@"; }
our_swarm() { [ "$(docker info --format '{{.Swarm.NodeAddr}}' 2>/dev/null)" = "$manager_addr" ]; }

require() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, a bridge and dockerd)"
  local tool
  for tool in ip nsenter unshare iptables dockerd docker; do
    command -v "$tool" >/dev/null || die "$tool is not installed: run ./docker/setup-host.sh"
  done
}

# Worker names, from what exists (namespaces, state folders), so down needs no record of what up did.
workers() {
  { ip netns list 2>/dev/null | awk '{print $1}'; ls "$state" 2>/dev/null; ls "$runroot" 2>/dev/null; } |
    grep -E '^cmesh-n[0-9]+$' | sort -u -V || true
}

wait_for_engine() {
  local node=$1 i
  for i in $(seq 1 120); do
    node_docker "$node" version --format '{{.Server.Version}}' >/dev/null 2>&1 && return 0
    # A dockerd that exited will not answer: say so at once, with its log.
    if [ -f "$state/$node/docker.pid" ] && ! kill -0 "$(cat "$state/$node/docker.pid")" 2>/dev/null && [ "$i" -gt 10 ]; then break; fi
    sleep 0.5
  done
  say "the engine of $node did not answer on $(socket "$node"); the end of its log ($state/$node/dockerd.log):"
  tail -n 30 "$state/$node/dockerd.log" >&2 || true
  return 1
}

start_worker() {
  local node=$1 index=$2 addr=$prefix.$((10 + $2))
  ip netns add "$node"
  ip link add "cmesh-sw$index" type veth peer name "cmesh-sw$index-p"
  ip link set "cmesh-sw$index-p" netns "$node"
  ip link set "cmesh-sw$index" master "$bridge" up
  ip -n "$node" link set lo up
  ip -n "$node" link set "cmesh-sw$index-p" name eth0
  ip -n "$node" addr add "$addr/24" dev eth0
  ip -n "$node" link set eth0 up
  mkdir -p "$state/$node/data" "$runroot/$node"
  # setsid: the engine outlives this script and gets no signal meant for it. Its own containerd goes in its exec root.
  setsid nsenter --net="/run/netns/$node" unshare --uts sh -c "echo $node >/proc/sys/kernel/hostname && exec dockerd \
      -H unix://$(socket "$node") --data-root $state/$node/data --exec-root $runroot/$node --pidfile $state/$node/docker.pid \
      --containerd-namespace $node --containerd-plugins-namespace $node-plugins --cgroup-parent /$node \
      --iptables=false --bridge=none --ip-forward=false" \
    >"$state/$node/dockerd.log" 2>&1 </dev/null &
}

up() {
  local count=${1:-}
  [[ "$count" =~ ^[1-9][0-9]?$ ]] || die "usage: $0 up K (K nodes, 1-99: the host's engine and K-1 workers)"
  require
  local started=$SECONDS
  local swarm_state
  swarm_state=$(docker info --format '{{.Swarm.LocalNodeState}}') || die "the host's Docker engine does not answer"
  [ "$swarm_state" = inactive ] || die "the host's engine is already in a swarm ($swarm_state); run '$0 down' if it is this script's, else leave it with 'docker swarm leave'"
  [ -z "$(workers)" ] && ! ip link show "$bridge" >/dev/null 2>&1 || die "leftovers of an earlier up: run '$0 down' first"

  mkdir -p "$state" "$runroot"
  # docker_gwbridge is made by the swarm on the host; down removes it only if it was not there before.
  [ -n "$(docker network ls -q --filter name='^docker_gwbridge$')" ] || touch "$state/gwbridge-is-ours"
  ip link add "$bridge" type bridge
  ip addr add "$manager_addr/24" dev "$bridge"
  ip link set "$bridge" up
  # With br_netfilter on, frames between two workers go through the host's FORWARD chain, which Docker sets to DROP.
  iptables -C "${rule[@]}" 2>/dev/null || iptables -I "${rule[@]:0:1}" 1 "${rule[@]:1}"

  local i
  for i in $(seq 2 "$count"); do start_worker "cmesh-n$i" "$i"; done
  for i in $(seq 2 "$count"); do wait_for_engine "cmesh-n$i"; done
  say "$((count - 1)) worker engine(s) answer after $((SECONDS - started)) s"

  docker swarm init --advertise-addr "$manager_addr" --listen-addr "$manager_addr:2377" --data-path-addr "$manager_addr" \
    --default-addr-pool "$addr_pool" --default-addr-pool-mask-length 24 >/dev/null
  local token
  token=$(docker swarm join-token -q worker)
  for i in $(seq 2 "$count"); do
    node_docker "cmesh-n$i" swarm join --token "$token" --advertise-addr "$prefix.$((10 + i))" \
      --listen-addr "$prefix.$((10 + i)):2377" "$manager_addr:2377" >/dev/null ||
      { say "cmesh-n$i could not join; the end of its log:"; tail -n 30 "$state/cmesh-n$i/dockerd.log" >&2; exit 1; }
  done
  for i in $(seq 2 "$count"); do
    local id
    id=$(node_docker "cmesh-n$i" info --format '{{.Swarm.NodeID}}')
    docker node update --label-add "cmesh.engine=unix://$(socket "cmesh-n$i")" "$id" >/dev/null
  done

  # Ready: every node up and active, as the manager sees it.
  for i in $(seq 1 120); do
    [ "$(docker node ls --format '{{.Status}} {{.Availability}}' | grep -c '^Ready Active$')" -eq "$count" ] && break
    sleep 0.5
  done
  docker node ls >&2
  [ "$(docker node ls --format '{{.Status}}' | grep -c '^Ready$')" -eq "$count" ] || die "not every node became ready"
  say "a swarm of $count node(s) is up in $((SECONDS - started)) s (manager: the host's engine at $manager_addr)"
}

# Stops one worker's engine and whatever it left running (its containerd, shims), by the ids in its pid file and in
# the process table, matched on its own exec root: never another engine's processes.
stop_worker() {
  local node=$1 pids pid i
  if [ -S "$(socket "$node")" ]; then
    node_docker "$node" swarm leave --force >/dev/null 2>&1 || true
  fi
  pids=$(cat "$state/$node/docker.pid" 2>/dev/null || true)
  pids="$pids $(pgrep -f -- "--exec-root $runroot/$node( |$)" || true)"
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 40); do
    local alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  for pid in $pids $(pgrep -f -- "$runroot/$node/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
  kill_cgroups "$node"
}

# A dockerd killed -9 leaves its containers' processes running; they all sit in the node's own cgroup parent
# (--cgroup-parent /NODE: /sys/fs/cgroup/NODE on cgroup v2, /sys/fs/cgroup/CONTROLLER/NODE on v1), never the host's.
kill_cgroups() {
  local node=$1 parent pid i
  local parents
  parents=$(find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d -name "$node" 2>/dev/null || true)
  [ -n "$parents" ] || return 0
  for i in $(seq 1 20); do
    local left=""
    for pid in $(cat $(find $parents -name cgroup.procs 2>/dev/null) 2>/dev/null | sort -u); do
      kill -KILL "$pid" 2>/dev/null && left=1
    done
    [ -z "$left" ] && break
    sleep 0.25
  done
  for parent in $parents; do find "$parent" -depth -type d -exec rmdir {} \; 2>/dev/null || true; done
}

unmount_under() {
  local root=$1 mount
  # Deepest first; lazily, so a busy mount cannot stop the teardown.
  for mount in $(awk -v root="$root" 'index($2, root) == 1 {print $2}' /proc/self/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
}

down() {
  require
  local started=$SECONDS node
  if our_swarm; then
    # The services of this swarm (tests' or the runner's): their tasks go before the nodes do.
    local services
    services=$(docker service ls -q 2>/dev/null || true)
    [ -z "$services" ] || docker service rm $services >/dev/null 2>&1 || true
  fi
  for node in $(workers); do stop_worker "$node"; done
  if our_swarm; then
    docker swarm leave --force >/dev/null
  fi
  if [ -f "$state/gwbridge-is-ours" ]; then
    docker network rm docker_gwbridge >/dev/null 2>&1 || true
  fi
  for node in $(workers); do
    unmount_under "$runroot/$node"
    unmount_under "$state/$node"
    ip netns del "$node" 2>/dev/null || true
    rm -f "$(socket "$node")"
  done
  # grep finds none once the veths are gone (a down cut short): with pipefail that must not end the script.
  { ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^cmesh-sw[0-9]+$' || true; } |
    while read -r veth; do ip link del "$veth" 2>/dev/null || true; done
  ip link del "$bridge" 2>/dev/null || true
  while iptables -C "${rule[@]}" 2>/dev/null; do iptables -D "${rule[@]}"; done
  rm -rf "$state" "$runroot"
  say "down in $((SECONDS - started)) s: no cmesh swarm, worker engine, namespace, veth or bridge left"
}

status() {
  echo "host engine swarm: $(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.NodeAddr}}' 2>/dev/null || echo 'no answer')"
  local node
  for node in $(workers); do
    echo "$node: namespace $(ip netns list | grep -qw "$node" && echo yes || echo no)," \
      "engine $(node_docker "$node" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo 'not answering')"
  done
  ip link show "$bridge" >/dev/null 2>&1 && echo "bridge $bridge: present" || echo "bridge $bridge: absent"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up K | down | status" ;;
esac
