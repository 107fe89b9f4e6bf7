package org.stormwatch.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters and request latency histograms, written in the Prometheus text exposition
 * format (version 0.0.4) at {@code /metrics}. A handful of metrics do not need a library: counters
 * are {@link LongAdder}s, the histogram keeps cumulative-on-write bucket counts per route.
 */
final class Metrics {
  /** Upper bounds of the latency buckets, seconds. */
  private static final double[] BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Map<String, LongAdder> submissions = new ConcurrentHashMap<>();
  private final LongAdder probes = new LongAdder();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final LongAdder alerts = new LongAdder();
  private final LongAdder storeRetries = new LongAdder();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

  /**
   * A submission answered with this outcome ({@code stored}, {@code duplicate}, {@code 400}...).
   */
  void submission(String outcome) {
    submissions.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  void probesStored(long n) {
    probes.add(n);
  }

  void rejected(String reason, long n) {
    rejected.computeIfAbsent(reason, k -> new LongAdder()).add(n);
  }

  void storeRetry() {
    storeRetries.increment();
  }

  void alertsSent(long n) {
    alerts.add(n);
  }

  void request(String route, String method, int status, long nanos) {
    latency
        .computeIfAbsent(method + " " + route + " " + status, k -> new Histogram())
        .observe(nanos / 1e9);
  }

  String text() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("# HELP stormwatch_submissions_total Submissions answered, by outcome.\n");
    sb.append("# TYPE stormwatch_submissions_total counter\n");
    new TreeMap<>(submissions)
        .forEach(
            (k, v) ->
                sb.append("stormwatch_submissions_total{outcome=\"")
                    .append(escape(k))
                    .append("\"} ")
                    .append(v.sum())
                    .append('\n'));
    sb.append(
        "# HELP stormwatch_probes_total Probes stored (or published to Kafka) from submissions.\n");
    sb.append("# TYPE stormwatch_probes_total counter\n");
    sb.append("stormwatch_probes_total ").append(probes.sum()).append('\n');
    sb.append(
        "# HELP stormwatch_rejected_total Records or lines of submissions not stored, by"
            + " reason.\n");
    sb.append("# TYPE stormwatch_rejected_total counter\n");
    new TreeMap<>(rejected)
        .forEach(
            (k, v) ->
                sb.append("stormwatch_rejected_total{reason=\"")
                    .append(escape(k))
                    .append("\"} ")
                    .append(v.sum())
                    .append('\n'));
    sb.append("# HELP stormwatch_alerts_total New alerts found and sent.\n");
    sb.append("# TYPE stormwatch_alerts_total counter\n");
    sb.append("stormwatch_alerts_total ").append(alerts.sum()).append('\n');
    sb.append("# HELP stormwatch_store_retries_total Commits tried again after a store failure.\n");
    sb.append("# TYPE stormwatch_store_retries_total counter\n");
    sb.append("stormwatch_store_retries_total ").append(storeRetries.sum()).append('\n');
    sb.append("# HELP stormwatch_request_seconds Request latency, by route, method and status.\n");
    sb.append("# TYPE stormwatch_request_seconds histogram\n");
    new TreeMap<>(latency)
        .forEach(
            (key, h) -> {
              String[] p = key.split(" ", 3);
              String labels =
                  "method=\""
                      + escape(p[0])
                      + "\",route=\""
                      + escape(p[1])
                      + "\",status=\""
                      + p[2]
                      + "\"";
              h.write("stormwatch_request_seconds", labels, sb);
            });
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static final class Histogram {
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final LongAdder sumMicros = new LongAdder();

    void observe(double seconds) {
      int i = 0;
      while (i < BOUNDS.length && seconds > BOUNDS[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      sumMicros.add(Math.round(seconds * 1e6));
    }

    void write(String name, String labels, StringBuilder sb) {
      long cumulative = 0;
      for (int i = 0; i < BOUNDS.length; i++) {
        cumulative += counts.get(i);
        sb.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(BOUNDS[i])
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      cumulative += counts.get(BOUNDS.length);
      sb.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"+Inf\"} ")
          .append(cumulative)
          .append('\n');
      sb.append(name)
          .append("_sum{")
          .append(labels)
          .append("} ")
          .append(String.format(Locale.ROOT, "%.6f", sumMicros.sum() / 1e6))
          .append('\n');
      sb.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    }
  }
}
