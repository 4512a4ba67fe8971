# HAProxy in front of the nodes of a cluster (shared/CLUSTER.md): Debian's package, and the one place
# its configuration is written (scripts/cluster, the cluster tests and the cluster bench all use it).

haproxy_binary=/usr/sbin/haproxy

install_haproxy() {
  if dpkg-query -W -f='${Status}' haproxy 2>/dev/null | grep -q 'install ok installed'; then
    note "haproxy: present"
    return
  fi
  note "installing haproxy"
  apt_install haproxy
}

# Replaces the calling shell with HAProxy in the foreground, configured by <file>.
exec_haproxy() {
  if [[ ! -x "$haproxy_binary" ]]; then
    printf 'error: haproxy is not installed (%s); scripts/test and scripts/cluster install it\n' "$haproxy_binary" >&2
    exit 1
  fi
  exec "$haproxy_binary" -db -f "$1"
}

# Prints a configuration that balances 127.0.0.1:<listen-port> over the nodes' HTTP addresses
# (host:port ...), sending only to nodes whose /readyz answers 200 and retrying a failed request on
# another node.
haproxy_config() {
  local listen_port="$1" address number=0
  shift
  cat <<CONFIG
global
  log stdout format raw local0
  maxconn 4096

defaults
  mode http
  log global
  option httplog
  # Only what went wrong is logged: errors, timeouts, retries, redispatches and 5xx answers.
  option dontlog-normal
  timeout connect 1s
  timeout client 60s
  timeout http-request 10s
  timeout queue 10s
  # Above the 5 s an answer may wait for its view (API.md §2), so a slow answer is not retried.
  timeout server 30s
  # A busy node answers its health check late, not never: a short check timeout would take every
  # node of a loaded cluster out at once. A dead node refuses the check's connection at once anyway.
  timeout check 5s

listen conference
  bind 127.0.0.1:$listen_port
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # A node serves a connection on one of its request threads for as long as it stays open, so HAProxy
  # closes each one after its answer: idle connections would hold threads a health check waits for.
  # No maxconn per node: a retry goes to a node with a free slot, which a node that refuses
  # connections always has, so it would take every retry until its health check fails.
  option http-server-close
  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2
  # The whole body is read before a node is picked: a retry replays the buffered request, so only a
  # request that fits in one buffer (tune.bufsize, 16 KiB) can be retried.
  option http-buffer-request
  # A node that refused the connection, closed it without an answer, timed out or answered 503 (not
  # ready, leaving) gets the request sent to another node, up to three times. Commands are idempotent
  # by orderId or Idempotency-Key (API.md §2), so sending one again does not do it twice.
  retries 3
  retry-on conn-failure empty-response junk-response response-timeout 503
  option redispatch 1
CONFIG
  for address in "$@"; do
    number=$((number + 1))
    printf '  server node%d %s check\n' "$number" "$address"
  done
}
