# Installs the Debian packages listed in scripts/packages that are not installed yet.

install_missing_packages() {
  local list="$repo_root/scripts/packages" missing=() package
  while read -r package; do
    [[ -z "$package" || "$package" == \#* ]] && continue
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done <"$list"
  if ((${#missing[@]} == 0)); then
    note "system packages: all present"
    return
  fi
  note "installing system packages: ${missing[*]}"
  apt_install "${missing[@]}"
}

# Installs the named Debian packages, through sudo when not root.
apt_install() {
  local run_as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || fail "missing packages ($*) and not root, without sudo to install them"
    run_as_root=(sudo)
  fi
  "${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
