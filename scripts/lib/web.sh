# What the browser tests (tests/web) need beyond scripts/packages: Debian's chromium, and node with npm
# unless some node is installed already (say, from NodeSource, whose nodejs package bundles npm).

install_web_test_tools() {
  local missing=()
  dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed' || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]} == 0)); then
    note "browser test tools: all present"
    return
  fi
  note "installing browser test tools: ${missing[*]}"
  local run_as_root=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || fail "missing packages (${missing[*]}) and not root, without sudo to install them"
    run_as_root=(sudo)
  fi
  "${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
