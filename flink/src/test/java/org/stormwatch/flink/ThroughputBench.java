package org.stormwatch.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.sim.Scenario;
import org.stormwatch.core.sim.ScenarioGenerator;

/**
 * Throughput of the job on a local MiniCluster: a simulated stream (port137-2002 at a scale giving
 * about 10 million probes) written once to a file of encoded probes, then read by the job at each
 * parallelism given, with discarding sinks; wall time from submission to the end of the job. Not a
 * test: run by scripts/flink-bench.sh.
 *
 * <p>Arguments: file [scale (1.2)] [parallelism...].
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.2;
    Scenario scenario = Scenario.preset("port137-2002", 1, scale);
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      try (ProbeFiles out = new ProbeFiles(Files.newOutputStream(file))) {
        new ScenarioGenerator(scenario).generate(p -> out.accept(p.probe()));
        System.out.printf(
            "wrote %,d probes (%,d bytes) to %s in %.1f s%n",
            out.written(), Files.size(file), file, (System.nanoTime() - t0) / 1e9);
      }
    }
    for (int i = 2; i < Math.max(args.length, 3); i++) {
      int parallelism = args.length > i ? Integer.parseInt(args[i]) : 1;
      run(file, scenario, parallelism);
    }
  }

  private static void run(Path file, Scenario scenario, int parallelism) throws Exception {
    JobOptions o =
        JobOptions.parse(
            "--bootstrap",
            "unused:9092",
            "--files",
            file.toString(),
            "--origin",
            scenario.start().toString(),
            "--checkpoint-interval",
            "10s",
            "--parallelism",
            Integer.toString(parallelism));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();
    StormwatchJob.configure(env, o.checkpointInterval(), o.parallelism());
    CollectingSink<PortActivity> rows = new CollectingSink<>("bench-rows", Reference::rowKey);
    CollectingSink<AlertUpdate> alerts = new CollectingSink<>("bench-alerts", AlertUpdate::key);
    CollectingSink<Probe> late = new CollectingSink<>("bench-late", Probe::toString);
    StormwatchJob.build(
        StormwatchJob.source(env, o), o.settings(), new StormwatchJob.Outputs(rows, alerts, late));
    long t0 = System.nanoTime();
    env.execute("stormwatch bench p" + parallelism);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long probes = rows.values().values().stream().mapToLong(PortActivity::records).sum();
    System.out.printf(
        "parallelism %d: %,d probes in %.1f s = %,.0f probes/s; %,d rows, %d alerts, %d late%n",
        parallelism,
        probes,
        seconds,
        probes / seconds,
        rows.values().size(),
        alerts.values().size(),
        late.values().size());
  }
}
