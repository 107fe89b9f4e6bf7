#!/usr/bin/env bash
# A standalone single-node Kafka broker (KRaft, combined broker and controller) run from the Maven
# jars, for trying the Flink job: no Kafka tarball needed. Listens on localhost:${KAFKA_PORT:-9092}; data in
# ${KAFKA_DIR:-/tmp/stormwatch-kafka}. Stop it with Ctrl-C (or kill its pid).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${KAFKA_DIR:-/tmp/stormwatch-kafka}
cp_file=flink/target/test-classpath.txt
if [ ! -s "$cp_file" ]; then
  ./mvnw -B -q -pl flink -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
fi
cp=$(cat "$cp_file")
mkdir -p "$dir"
cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:${KAFKA_CONTROLLER_PORT:-9093}
listeners=PLAINTEXT://localhost:${KAFKA_PORT:-9092},CONTROLLER://localhost:${KAFKA_CONTROLLER_PORT:-9093}
advertised.listeners=PLAINTEXT://localhost:${KAFKA_PORT:-9092}
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
if [ ! -f "$dir/data/meta.properties" ]; then
  java -cp "$cp" kafka.tools.StorageTool format --standalone \
    -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" -c "$dir/server.properties"
fi
exec java -Xmx1g -cp "$cp" kafka.Kafka "$dir/server.properties"
