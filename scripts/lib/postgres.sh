# The project-local PostgreSQL cluster, used when no CONFERENCE_DB_URL is given: data in var/pg/data,
# socket in var/pg/run, port CONFERENCE_PG_PORT (54329). Created once, started when not running,
# reused otherwise. PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres`
# OS user and its tools run as that user.

pg_bin=/usr/lib/postgresql/15/bin

# Runs a PostgreSQL server tool as the cluster's owner, from / so that an unreadable working directory
# does not matter to it.
as_cluster_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The directory that holds the cluster: var/pg, or, as root when the postgres user cannot reach the
# checkout (e.g. under /root), a directory of its own under /var/tmp named after the checkout.
cluster_directory() {
  local directory="$repo_root/var/pg"
  mkdir -p "$directory"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$directory"
    if ! runuser -u postgres -- test -w "$directory" 2>/dev/null; then
      directory="/var/tmp/conference-pg-$(printf '%s' "$repo_root" | md5sum | cut -c1-12)"
      mkdir -p "$directory"
      chown postgres: "$directory"
      note "the postgres user cannot reach $repo_root/var/pg; the cluster lives in $directory"
    fi
  fi
  printf '%s' "$directory"
}

ensure_postgres_user() {
  [[ "$(id -u)" == 0 ]] || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  note "creating the postgres system user"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres
}

# Starts the cluster if needed and sets local_pg_conninfo to the conninfo of its server (no dbname).
start_local_postgres() {
  ensure_postgres_user
  local root data run port log
  root="$(cluster_directory)"
  data="$root/data"
  run="$root/run"
  log="$root/server.log"
  port="${CONFERENCE_PG_PORT:-54329}"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    note "creating the PostgreSQL cluster in $data"
    as_cluster_owner "$pg_bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$root/initdb.log" 2>&1 ||
      { cat "$root/initdb.log" >&2; fail "initdb failed"; }
  fi
  as_cluster_owner mkdir -p "$run"

  # Unix socket paths are limited to about 100 bytes; a checkout that deep talks TCP on loopback instead.
  local host="$run" listen=(-c "listen_addresses=" -c "unix_socket_directories=$run")
  if ((${#run} + 20 > 100)); then
    host=127.0.0.1
    listen=(-c "listen_addresses=127.0.0.1" -c "unix_socket_directories=")
  fi

  if as_cluster_owner "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port="$(sed -n 4p "$data/postmaster.pid")"
    host="$(sed -n 5p "$data/postmaster.pid")"
    host="${host:-127.0.0.1}"
    note "PostgreSQL already running on port $port ($data)"
  else
    note "starting PostgreSQL on port $port ($data)"
    as_cluster_owner "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port $(printf "%q " "${listen[@]}")" start >/dev/null ||
      { tail -n 20 "$log" >&2; fail "PostgreSQL did not start (log: $log)"; }
  fi
  local attempt
  for attempt in $(seq 1 60); do
    "$pg_bin/pg_isready" -q -h "$host" -p "$port" && break
    sleep 1
  done
  "$pg_bin/pg_isready" -q -h "$host" -p "$port" || fail "PostgreSQL on port $port does not answer"
  local_pg_conninfo="host=$host port=$port user=postgres"
}

# Creates a database on the local cluster unless it exists.
ensure_local_database() {
  local name="$1" psql=("$pg_bin/psql" "$local_pg_conninfo dbname=postgres" -v ON_ERROR_STOP=1 -qtA)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]]; then
    note "creating database $name"
    "${psql[@]}" -c "CREATE DATABASE \"$name\""
  fi
}

# Points CONFERENCE_DB_URL at the local cluster's `conference` database, started and created as needed,
# unless it is set.
use_local_database_unless_given() {
  [[ -n "${CONFERENCE_DB_URL:-}" ]] && return 0
  start_local_postgres
  ensure_local_database conference
  export CONFERENCE_DB_URL="$local_pg_conninfo dbname=conference"
}
