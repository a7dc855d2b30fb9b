#!/bin/sh
# The container's entry point (Dockerfile). Everything agoras writes goes under one writable path,
# AGORAS_DATA (default /data; mount an emptyDir or a volume there): the config directory of the
# file store (AGORAS_CONFIG_DIR), spooled downloads (TMPDIR) and anything that follows HOME. The
# rest of the filesystem may be read-only. `sandbox` runs the built-in TikTok on port 8080 (PORT).
set -eu
data="${AGORAS_DATA:-/data}"
umask 077
if ! mkdir -p "$data/config" "$data/tmp" 2>/dev/null || [ ! -w "$data" ]; then
  echo "agoras: $data is not writable; mount a writable volume there (or set AGORAS_DATA)." >&2
  exit 1
fi
export HOME="$data" TMPDIR="$data/tmp"
export AGORAS_CONFIG_DIR="${AGORAS_CONFIG_DIR:-$data/config}"
export XDG_CONFIG_HOME="$data/config" XDG_CACHE_HOME="$data/cache"
case "${1:-}" in
  sandbox)
    shift
    # Reachable through the container's published port: every address inside the container.
    export AGORAS_SANDBOX_HOST="${AGORAS_SANDBOX_HOST:-0.0.0.0}"
    exec agoras sandbox --port "${PORT:-8080}" "$@"
    ;;
  '') exec agoras --help ;;
  *) exec agoras "$@" ;;
esac
