# Configures and builds one CMake preset (release -> build/, asan -> build-asan/, dev -> build-dev/).

build_jobs() { nproc 2>/dev/null || echo 2; }

build_preset() {
  local preset="$1"
  note "building preset $preset"
  cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" -j "$(build_jobs)"
}
