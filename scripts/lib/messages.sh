# Progress and failure lines of the scripts, on stderr so stdout stays the program's.

note() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }
