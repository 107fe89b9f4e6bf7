package org.stormwatch.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;
import org.stormwatch.testsupport.LocalKafka;

/**
 * The whole chain on this machine, in one process: a real Kafka broker (KRaft, from the Maven
 * jars), the simulator as sensors publishing encoded probes to it, and the job on a local
 * MiniCluster reading the topic to its end, its alerts and rows going to Kafka topics that are read
 * back and printed. Run by scripts/flink-local.sh.
 *
 * <p>Arguments: [preset (port137-2002)] [scale (0.05)] [parallelism (2)] [store JDBC URL, or - for
 * none (none): the job also writes to this PostgreSQL store, as with the job's --db] [delivery
 * (exactly-once): the job's --delivery]
 */
public final class LocalChain {
  private LocalChain() {}

  public static void main(String[] args) throws Exception {
    String preset = args.length > 0 ? args[0] : "port137-2002";
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 0.05;
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String db = args.length > 3 && !args[3].equals("-") ? args[3] : null;
    String delivery = args.length > 4 ? args[4] : "exactly-once";
    Scenario scenario = Scenario.preset(preset, 1, scale);
    try (LocalKafka kafka = new LocalKafka()) {
      System.out.println("broker: " + kafka.bootstrap());
      kafka.createTopic("probes", 4);
      for (String t : List.of("stormwatch-alerts", "stormwatch-activity", "stormwatch-late")) {
        kafka.createTopic(t, 1);
      }
      List<Probe> probes = new ArrayList<>();
      long t0 = System.nanoTime();
      new ScenarioGenerator(scenario).generate(p -> probes.add(p.probe().withSensor("sim-1")));
      kafka.publish("probes", probes);
      System.out.printf(
          "sensors: %,d probes of %s (scale %s, %s to %s) published to topic probes in %.1f s%n",
          probes.size(),
          preset,
          scale,
          scenario.start(),
          scenario.end(),
          (System.nanoTime() - t0) / 1e9);

      JobOptions o =
          JobOptions.parse(
              "--bootstrap",
              kafka.bootstrap(),
              "--topic",
              "probes",
              "--bounded",
              "--bucket",
              BucketSize.DAY.label(),
              "--origin",
              scenario.start().toString(),
              "--checkpoint-interval",
              "2s",
              "--parallelism",
              Integer.toString(parallelism),
              "--delivery",
              delivery);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
      StormwatchJob.configure(env, o.checkpointInterval(), o.parallelism());
      StormwatchJob.Outputs outputs =
          new StormwatchJob.Outputs(
              KafkaIo.activitySink(o.output(), o.activityTopic()),
              KafkaIo.alertSink(o.output(), o.alertsTopic()),
              KafkaIo.lateSink(o.output(), o.lateTopic()));
      StormwatchJob.build(
          StormwatchJob.source(env, o), o.settings(), db == null ? outputs : outputs.withStore(db));
      long t1 = System.nanoTime();
      env.execute("stormwatch local chain");
      double seconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          "job: %,d probes in %.1f s (%,.0f probes/s, parallelism %d, %s)%n",
          probes.size(), seconds, probes.size() / seconds, parallelism, delivery);

      Map<String, String> rows = latest(kafka, o.activityTopic());
      Map<String, String> alerts = latest(kafka, o.alertsTopic());
      System.out.printf(
          "topic %s: %,d port-report rows; topic %s: %d probes too late%n",
          o.activityTopic(), rows.size(), o.lateTopic(), kafka.readCommitted(o.lateTopic()).size());
      System.out.println("topic " + o.alertsTopic() + ": " + alerts.size() + " alerts");
      alerts.values().forEach(System.out::println);
    }
    Thread.sleep(Duration.ofMillis(100).toMillis());
  }

  private static Map<String, String> latest(LocalKafka kafka, String topic) {
    Map<String, String> out = new TreeMap<>();
    kafka.readCommitted(topic).forEach(e -> out.put(e.key(), e.text()));
    return out;
  }
}
