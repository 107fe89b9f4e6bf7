#!/usr/bin/env bash
# End-to-end load on `stormwatch serve`: 20 sensor threads submitting DShield JSON through the
# HTTP API to an in-process server over a fresh embedded store, and one reader timing
# GET /api/ports/137 meanwhile. Prints submissions/s, probes/s and the reader's p50/p99.
#   bench/serve-load.sh [SECONDS] [PROBES_PER_SUBMISSION] [SENSORS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
probes="${2:-1000}"
sensors="${3:-20}"
cd "$here"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl bench -am package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -Xmx2g -cp bench/target/benchmarks.jar org.stormwatch.bench.ServeLoad "$seconds" "$probes" "$work" "$sensors"
