# Configures and builds one CMake preset (release -> build/, asan -> build-asan/, dev -> build-dev/),
# all of it or only the targets named after the preset.

build_jobs() { nproc 2>/dev/null || echo 2; }

build_preset() {
  local preset="$1" targets=()
  shift
  (($# > 0)) && targets=(--target "$@")
  note "building preset $preset${targets[*]:+ (${targets[*]:1})}"
  cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" -j "$(build_jobs)" "${targets[@]}"
}
