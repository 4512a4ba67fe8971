# The admin token (CONFERENCE_ADMIN_TOKEN) of a local server or cluster: the one given, else the one
# kept in var/admin-token, generated on first use.

ensure_admin_token() {
  [[ -n "${CONFERENCE_ADMIN_TOKEN:-}" ]] && return 0
  mkdir -p var
  if [[ ! -s var/admin-token ]]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >var/admin-token)
  fi
  CONFERENCE_ADMIN_TOKEN="$(cat var/admin-token)"
  export CONFERENCE_ADMIN_TOKEN
}
