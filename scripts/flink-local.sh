#!/usr/bin/env bash
# The whole Flink chain on this machine in one command: a Kafka broker from the Maven jars, the
# simulator publishing as sensors, the job on a local MiniCluster; prints the alerts.
# Usage: scripts/flink-local.sh [preset (port137-2002)] [scale (0.05)] [parallelism (2)] [store JDBC URL or -] [exactly-once|at-least-once]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp_file=flink/target/test-classpath.txt
./mvnw -B -q -pl flink -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec java -Xmx2g -cp "flink/target/classes:flink/target/test-classes:$(cat "$cp_file")" \
  org.stormwatch.flink.LocalChain "$@"
