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
  apt_install "${missing[@]}"
}
