#!/usr/bin/env bash
# The GitHub Action's entry (action.yml): installs agoras from the action's own checkout unless one
# is on PATH, runs the command line given in AGORAS_ARGS headless, and ends the job with agoras'
# exit code, its `agoras:` line as the job's error annotation. AGORAS_ARGS is split as a shell
# would split it (quotes kept together) by xargs: nothing in it is ever executed.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v agoras >/dev/null; then
  prefix="${RUNNER_TEMP:-$(mktemp -d)}/agoras"
  echo "Installing agoras from $here…" >&2
  (cd "$here" && npm ci --no-audit --no-fund --silent && npm run build --silent &&
    npm install -g --prefix "$prefix" --no-audit --no-fund --silent .) >&2 || {
    echo "::error title=agoras::Installing agoras failed (see the log above)."
    exit 1
  }
  export PATH="$prefix/bin:$PATH"
fi

args=()
split="$(mktemp)"
trap 'rm -f "$split"' EXIT
if [ -n "${AGORAS_ARGS:-}" ]; then
  printf '%s' "$AGORAS_ARGS" | xargs -r printf '%s\0' >"$split" 2>/dev/null || {
    echo "::error title=agoras::The args input has an unmatched quote: $AGORAS_ARGS"
    exit 2
  }
  mapfile -d '' args <"$split"
fi
if [ "${#args[@]}" -eq 0 ]; then
  echo "::error title=agoras::The args input is empty: give the command line, e.g. publish --network tiktok --action …"
  exit 2
fi

# Never prompt, and keep stderr to show its last `agoras:` line as the annotation.
export AGORAS_HEADLESS=1
log="$(mktemp)"
trap 'rm -f "$split" "$log"' EXIT
agoras "${args[@]}" 2> >(tee "$log" >&2)
code=$?
wait
if [ "$code" -ne 0 ]; then
  line="$(grep '^agoras: ' "$log" | tail -n 1)"
  echo "::error title=agoras exited with $code::${line:-agoras exited with $code (see the log above).}"
fi
exit "$code"
