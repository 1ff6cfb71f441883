#!/usr/bin/env bash
# A registry for the one-machine swarm of docker/swarm-nodes.sh, to try CMESH_REGISTRY without a registry of your own:
#   ./docker/swarm-registry.sh up       Debian's docker-registry on 10.213.0.1:5043 (the swarm bridge), over TLS
#                                      (port 5043: the packaged service, which systemd starts on a host that runs it, has :5000)
#   ./docker/swarm-registry.sh up --login USER:PASSWORD
#                                      the same, taking only that login (htpasswd, bcrypt): `docker login 10.213.0.1:5043`
#   ./docker/swarm-registry.sh down     stops it and removes its certificate, trust and storage (idempotent)
#   ./docker/swarm-registry.sh status
#
# Every engine of the swarm (the host's and the workers') trusts it without a restart: its self-signed certificate
# goes in /etc/docker/certs.d/10.213.0.1:5043/ca.crt, which each engine reads when it connects. An engine refuses a
# plain-HTTP registry unless it was started with --insecure-registry, so TLS is what lets this work beside engines
# already running. Then: CMESH_REGISTRY=10.213.0.1:5043 ./cmesh run 9 --runner swarm
# Needs root, openssl, docker-registry and, with --login, htpasswd (./docker/setup-host.sh installs them) and the
# swarm's bridge (up first).
set -euo pipefail

address=10.213.0.1:5043
state=/var/lib/cmesh-registry
trust=/etc/docker/certs.d/$address

say() { echo "swarm-registry: $*" >&2; }
die() { say "$*"; exit 1; }
running() { [ -f "$state/registry.pid" ] && kill -0 "$(cat "$state/registry.pid")" 2>/dev/null; }

up() {
  local login=""
  case "${1:-}" in
    "") ;;
    --login) [[ "${2:-}" == ?*:?* ]] || die "usage: $0 up [--login USER:PASSWORD]"; login=$2 ;;
    *) die "usage: $0 up [--login USER:PASSWORD]" ;;
  esac
  [ "$(id -u)" -eq 0 ] || die "needs root (it writes the engines' trust in /etc/docker/certs.d)"
  local tool
  for tool in openssl docker-registry curl ${login:+htpasswd}; do
    command -v "$tool" >/dev/null || die "$tool is not installed: run ./docker/setup-host.sh"
  done
  ip -4 addr show | grep -q "inet ${address%:*}/" || die "no interface holds ${address%:*}: start the swarm first (./docker/swarm-nodes.sh up K)"
  running && die "a registry runs already (pid $(cat "$state/registry.pid")): ./docker/swarm-registry.sh down first"
  mkdir -p "$state/data" "$trust"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=cmesh-swarm-registry \
    -addext "subjectAltName=IP:${address%:*}" -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$state/registry.key" -out "$state/registry.crt" 2>/dev/null
  cp "$state/registry.crt" "$trust/ca.crt"
  cat >"$state/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/data
  delete:
    enabled: true
http:
  addr: $address
  tls:
    certificate: $state/registry.crt
    key: $state/registry.key
EOF
  if [ -n "$login" ]; then
    htpasswd -Bbn "${login%%:*}" "${login#*:}" >"$state/htpasswd" 2>/dev/null
    chmod 600 "$state/htpasswd"
    cat >>"$state/config.yml" <<EOF
auth:
  htpasswd:
    realm: cmesh-swarm-registry
    path: $state/htpasswd
EOF
  fi
  setsid docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 </dev/null &
  echo $! >"$state/registry.pid"
  # /v2/ answers 401 to a request without the login: the registry is up all the same.
  local i answer=200
  [ -z "$login" ] || answer=401
  for i in $(seq 1 50); do
    if [ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$state/registry.crt" "https://$address/v2/" 2>/dev/null)" = "$answer" ]; then
      say "up on $address${login:+, for ${login%%:*} only} (log: $state/registry.log)"
      return 0
    fi
    running || break
    sleep 0.2
  done
  tail -n 20 "$state/registry.log" >&2 || true
  die "the registry did not answer on https://$address/v2/"
}

down() {
  if running; then
    kill "$(cat "$state/registry.pid")" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do running || break; sleep 0.1; done
    running && kill -9 "$(cat "$state/registry.pid")" 2>/dev/null || true
  fi
  rm -rf "$state" "$trust"
  say "down"
}

status() {
  if running; then say "running on $address, pid $(cat "$state/registry.pid")"; else say "not running"; fi
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up [--login USER:PASSWORD] | down | status" ;;
esac
