#!/usr/bin/env bash
# `flink run` for real: a standalone Flink session cluster (a JobManager and a TaskManager, each its
# own JVM) and Flink's command line, both run from Maven Central's jars (flink-dist, the jar behind a
# distribution's lib/, is not published there: scripts/flink-dist/pom.xml lists what it bundles).
# The job jar is submitted the way `flink run` submits it (CliFrontend, over the cluster's REST API,
# into a user-code class loader), reads probes from a Kafka topic and writes alerts to another.
#
#   scripts/flink-cluster.sh [preset (port137-2002)] [scale (0.05)] [parallelism (2)]
#
# Uses the broker on localhost:${KAFKA_PORT:-9092} if one answers, else starts scripts/kafka-local.sh.
# Leaves nothing running. Work files and logs: ${FLINK_WORK:-/tmp/stormwatch-flink-cluster}.
# With a Flink distribution instead: bin/start-cluster.sh, then
#   bin/flink run flink/target/stormwatch-flink.jar --bootstrap ... --topic ... (see README).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
preset=${1:-port137-2002}
scale=${2:-0.05}
parallelism=${3:-2}
work=${FLINK_WORK:-/tmp/stormwatch-flink-cluster}
kafka_port=${KAFKA_PORT:-9092}
rest_port=${FLINK_REST_PORT:-8081}
bootstrap=localhost:$kafka_port
rm -rf "$work"
mkdir -p "$work/conf" "$work/log"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
say() { printf '%s flink-cluster: %s\n' "$(date +%T)" "$*" >&2; }

say "building the job jar and listing Flink's jars"
./mvnw -B -q -pl flink -am package -DskipTests -Dspotless.check.skip=true
./mvnw -B -q -f scripts/flink-dist/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$work/flink-classpath.txt" >/dev/null
flink_cp=$(cat "$work/flink-classpath.txt")
job_jar=$PWD/flink/target/stormwatch-flink.jar

cat > "$work/conf/config.yaml" <<CONF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: ${FLINK_RPC_PORT:-6123}
jobmanager.bind-host: localhost
jobmanager.memory.process.size: 1024m
taskmanager.bind-host: localhost
taskmanager.host: localhost
taskmanager.numberOfTaskSlots: $parallelism
taskmanager.memory.process.size: 2048m
rest.address: localhost
rest.bind-address: localhost
rest.port: $rest_port
parallelism.default: $parallelism
state.checkpoints.dir: file://$work/checkpoints
CONF
cat > "$work/conf/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.name = file
appender.file.type = File
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
LOG
# What a distribution's config.yaml puts in env.java.opts.all for Java 17 (Flink reflects into
# the JDK), and where each process logs.
java_opts="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
 --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
 --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"
log_opts() {
  echo "$java_opts -Dlog.file=$work/log/$1.log -Dlog4j.configurationFile=file:$work/conf/log4j.properties"
}

if (exec 3<>"/dev/tcp/localhost/$kafka_port") 2>/dev/null; then
  say "using the broker on $bootstrap"
else
  say "starting a broker on $bootstrap (scripts/kafka-local.sh)"
  KAFKA_DIR="$work/kafka" scripts/kafka-local.sh >"$work/log/kafka.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/localhost/$kafka_port") 2>/dev/null && break
    sleep 1
  done
fi

# Memory and CPU as Flink's own start scripts derive them from the configuration (BashJavaUtils):
# line 1 the JVM options, line 2 the dynamic properties the process is started with.
resources() {
  java -cp "$flink_cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$work/conf" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
mapfile -t jm < <(resources GET_JM_RESOURCE_PARAMS)
mapfile -t tm < <(resources GET_TM_RESOURCE_PARAMS)
[ "${#jm[@]}" -eq 2 ] && [ "${#tm[@]}" -eq 2 ] || { say "could not size the cluster's processes"; exit 1; }
say "starting the JobManager and a TaskManager ($parallelism slots)"
# shellcheck disable=SC2046,SC2086
java ${jm[0]} $(log_opts jobmanager) -cp "$flink_cp" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$work/conf" ${jm[1]} >"$work/log/jobmanager.out" 2>&1 &
pids+=($!)
# shellcheck disable=SC2046,SC2086
java ${tm[0]} $(log_opts taskmanager) -cp "$flink_cp" \
  org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
  --configDir "$work/conf" ${tm[1]} >"$work/log/taskmanager.out" 2>&1 &
pids+=($!)
for i in $(seq 1 120); do
  if curl -sf "http://localhost:$rest_port/overview" | grep -q '"taskmanagers":1'; then break; fi
  [ "$i" -lt 120 ] || { say "the cluster did not come up; see $work/log"; exit 1; }
  sleep 1
done

topic="probes-$(date +%s)"
alerts="alerts-$topic"
say "sensors: $preset at scale $scale to topic $topic"
./stormwatch simulate --preset "$preset" --scale "$scale" --out "$work/sim.pcap" 2>&1 \
  | tee "$work/log/simulate.txt" >&2
# The series start at the scenario's first day, as `detect` on the capture starts them.
origin=$(grep -o 'probes, [0-9-]* to' "$work/log/simulate.txt" | awk '{ print $2 }')
java -cp "$job_jar:$flink_cp" org.stormwatch.flink.ProbeFiles "$work/sim.probes" "$work/sim.pcap" >&2
java -cp "$job_jar:$flink_cp" org.stormwatch.flink.PublishProbes "$bootstrap" "$topic" "$work/sim.probes" >&2

say "flink run (CliFrontend) $job_jar"
start=$(date +%s)
# shellcheck disable=SC2046
FLINK_CONF_DIR="$work/conf" java -Xmx512m $(log_opts client) -cp "$flink_cp" \
  org.apache.flink.client.cli.CliFrontend run -p "$parallelism" "$job_jar" \
  --bootstrap "$bootstrap" --topic "$topic" --bounded --origin "$origin" \
  --alerts-topic "$alerts" --activity-topic "activity-$topic" --late-topic "late-$topic" >&2
say "job finished in $(($(date +%s) - start)) s; alerts on $alerts:"
java -cp "$job_jar:$flink_cp" org.stormwatch.flink.ReadTopic "$bootstrap" "$alerts"
