#!/usr/bin/env bash
# Runs the property-based fuzz targets (tests/properties.rs) for a bounded time, with fresh random seeds each
# round. A failure stops the run; proptest prints the minimal failing input, which is then kept as a
# regression test at the bottom of tests/properties.rs.
#   scripts/fuzz.sh [SECONDS=300] [SCALE=40]
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-300}
scale=${2:-40}
end=$(( $(date +%s) + budget ))
cargo test --release --test properties --no-run >/dev/null 2>&1
round=0
while [ "$(date +%s)" -lt "$end" ]; do
  round=$((round + 1))
  left=$(( end - $(date +%s) ))
  echo "round $round (x$scale cases, ${left}s left)"
  if ! FUZZ_SCALE=$scale timeout "$((left + 60))" cargo test -q --release --test properties 2>&1 | tail -3; then
    echo "fuzzing found a failure in round $round" >&2
    exit 1
  fi
done
echo "fuzzing: $round rounds in ${budget}s, no failure"
