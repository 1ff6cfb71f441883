#!/usr/bin/env bash
# Prepares a Debian host for CMesh: installs what is missing (Docker engine, debootstrap, a C toolchain and zlib
# headers for the Native AOT peer, Debian's chromium for the test that opens the HTML report, promtool, ping, iperf3,
# nft and tc for the tests' measurements, the .NET SDK check), starts the Docker engine when none answers, and raises the kernel limits a
# mesh of 100+ containers needs.
# Safe to run again: it only does what is not done yet. Needs root (or sudo).
set -euo pipefail

say() { echo "setup-host: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
command -v dockerd >/dev/null || packages+=(docker.io)
command -v debootstrap >/dev/null || packages+=(debootstrap)
# The peer image is published Native AOT: the IL compiler links the executable with clang or gcc, and zlib.
command -v clang >/dev/null || command -v gcc >/dev/null || packages+=(gcc)
dpkg -s zlib1g-dev >/dev/null 2>&1 || packages+=(zlib1g-dev)
# Engines with npm packages (engines/automerge) have them installed on the host with npm ci when their image is built.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# engines/syncthing/selftest.mjs runs Syncthing itself on the host (peers run it in their image).
command -v syncthing >/dev/null || packages+=(syncthing)
# The end-to-end tests measure faults from outside the harness, inside the containers' namespaces (nsenter).
command -v ping >/dev/null || packages+=(iputils-ping)
command -v iperf3 >/dev/null || packages+=(iperf3)
command -v nsenter >/dev/null || packages+=(util-linux)
# ...and inject and inspect nftables rules there (diagnose and chaos tests).
command -v nft >/dev/null || packages+=(nftables)
command -v tc >/dev/null && command -v ip >/dev/null || packages+=(iproute2)
# docker/swarm-nodes.sh: engines in network namespaces (unshare) on a bridge the host's FORWARD chain must let through.
command -v unshare >/dev/null || packages+=(util-linux)
command -v iptables >/dev/null || packages+=(iptables)
# docker/swarm-registry.sh: a TLS registry on the swarm's bridge, for CMESH_REGISTRY (its test and trying it by hand).
# A host running systemd also starts the packaged service on :5000 (`systemctl disable --now docker-registry` stops it).
command -v docker-registry >/dev/null || packages+=(docker-registry)
command -v openssl >/dev/null || packages+=(openssl)
# ...and `swarm-registry.sh up --login USER:PASSWORD` writes the registry's bcrypt password file with htpasswd.
command -v htpasswd >/dev/null || packages+=(apache2-utils)
# The report's browser test opens report.html in headless Chromium.
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v flock >/dev/null || packages+=(util-linux)
# promtool checks the /metrics output in the tests. Debian ships it only with the Prometheus server, which a host
# running systemd starts on :9090 (`systemctl disable --now prometheus` stops it; promtool needs no server).
command -v promtool >/dev/null || packages+=(prometheus)
# The benches read run.json with python3 and call the engine's API directly with curl (bench/mesh-scale.sh's floor).
command -v python3 >/dev/null || packages+=(python3)
command -v curl >/dev/null || packages+=(curl)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]}"
  as_root apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  say "the .NET 10 SDK (dotnet) is not installed: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again"
  exit 1
fi

# What 500-1000 peers need: a neighbour table for as many addresses on one bridge (two per peer: control and data);
# inotify instances and watches for as many .NET processes (and Syncthing's folder watcher); process ids for their
# threads; file handles for their sockets. Each is only raised, never lowered. A Linux bridge holds at most 1024
# ports, so CMESH_MAX_PEERS stops at 1000 (each run network holds the peers and the coordinator).
raise() {
  local key=$1 wanted=$2 now
  now=$(sysctl -n "$key" 2>/dev/null) || { say "no $key on this kernel"; return; }
  [ "$now" -ge "$wanted" ] && return
  as_root sysctl -q -w "$key=$wanted" >/dev/null 2>&1 || say "could not raise $key from $now to $wanted (fine below ~100 peers)"
}
raise net.ipv4.neigh.default.gc_thresh1 4096
raise net.ipv4.neigh.default.gc_thresh2 8192
raise net.ipv4.neigh.default.gc_thresh3 16384
raise fs.inotify.max_user_instances 8192
raise fs.inotify.max_user_watches 524288
raise kernel.pid_max 4194304
raise kernel.threads-max 1000000
raise fs.file-max 2097152
raise fs.nr_open 1048576

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if ! engine_answers; then
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
    say "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start it there"
    exit 1
  fi
  say "starting the Docker engine (log: /var/log/cmesh-dockerd.log)"
  if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    as_root systemctl start docker
  else
    as_root sh -c 'nohup dockerd >/var/log/cmesh-dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do engine_answers && break; sleep 0.5; done
  engine_answers || { say "the Docker engine did not come up; see /var/log/cmesh-dockerd.log"; exit 1; }
fi
say "ready: Docker $(docker version --format '{{.Server.Version}}'), $(debootstrap --version 2>/dev/null | head -1 || echo debootstrap)"
