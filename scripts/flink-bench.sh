#!/usr/bin/env bash
# Throughput of the Flink job on a local MiniCluster at parallelism 1 and 2 over a simulated
# stream of about 10 million probes (written once to flink/target/bench.probes).
# Usage: scripts/flink-bench.sh [scale (1.2)] [parallelism... (1 2)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp_file=flink/target/test-classpath.txt
./mvnw -B -q -pl flink -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
scale=${1:-1.2}
shift || true
exec java -Xmx3g -cp "flink/target/classes:flink/target/test-classes:$(cat "$cp_file")" \
  org.stormwatch.flink.ThroughputBench flink/target/bench.probes "$scale" "${@:-1 2}"
