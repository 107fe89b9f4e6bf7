package org.stormwatch.flink;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.DetectionMethod;

/**
 * The job's command line. Every bad value fails fast with one line naming the option and value.
 *
 * <pre>
 * --bootstrap HOST:PORT   Kafka brokers (needed for --topic and for the output topics)
 * --topic NAME            read encoded probes from this topic (group --group, from the committed
 *                         offsets, else the earliest)
 * --files PATH...         or read files of encoded probes (a backfill; see ProbeFiles)
 * --bounded               with --topic: stop at the offsets that are the latest at start
 * --group NAME            consumer group (default stormwatch)
 * --bucket 1d|1h          bucket size (default 1d)
 * --origin DATE|INSTANT   first bucket of every port's series (default: each port's first bucket)
 * --method default|isc    detector (default: default)
 * --out-of-orderness DUR  watermark delay, ISO-8601 or 10m/30s/1h (default 10m)
 * --lateness DUR          allowed lateness after a bucket closes (default 1h)
 * --alerts-topic NAME     alerts as JSON lines (default stormwatch-alerts)
 * --activity-topic NAME   port-report rows as JSON lines (default stormwatch-activity)
 * --late-topic NAME       probes later than the lateness, encoded (default stormwatch-late)
 * --delivery exactly-once|at-least-once  to the output topics (default exactly-once: Kafka
 *                         transactions committed with each checkpoint; read them read_committed)
 * --transactional-id-prefix P  of the exactly-once sinks' transactional ids (default stormwatch;
 *                         two jobs writing at once need different prefixes)
 * --progress-topic NAME   the exactly-once sinks' committed batches (default stormwatch-progress)
 * --db JDBC-URL          also write hourly port activity and alerts to this PostgreSQL store
 *                         (jdbc:postgresql://host:port/db?user=...), as ingest and serve read it
 * --checkpoint-interval DUR  (default 1m)
 * --parallelism N         (default: the cluster's)
 * </pre>
 */
record JobOptions(
    String bootstrap,
    String topic,
    List<String> files,
    boolean bounded,
    String group,
    JobSettings settings,
    String alertsTopic,
    String activityTopic,
    String lateTopic,
    KafkaIo.Output output,
    String db,
    Duration checkpointInterval,
    int parallelism) {

  static JobOptions parse(String... args) {
    String bootstrap = null;
    String topic = null;
    List<String> files = new ArrayList<>();
    boolean bounded = false;
    String group = "stormwatch";
    BucketSize bucket = BucketSize.DAY;
    Instant origin = null;
    DetectionMethod method = DetectionMethod.DEFAULT;
    Duration outOfOrder = Duration.ofMinutes(10);
    Duration lateness = Duration.ofHours(1);
    String alerts = "stormwatch-alerts";
    String activity = "stormwatch-activity";
    String late = "stormwatch-late";
    KafkaIo.Delivery delivery = KafkaIo.Delivery.EXACTLY_ONCE;
    String idPrefix = "stormwatch";
    String progress = "stormwatch-progress";
    String db = null;
    Duration checkpoint = Duration.ofMinutes(1);
    int parallelism = -1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--bounded")) {
        bounded = true;
        continue;
      }
      if (a.equals("--files")) {
        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          files.add(args[++i]);
        }
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--bootstrap" -> bootstrap = v;
        case "--topic" -> topic = v;
        case "--group" -> group = v;
        case "--bucket" -> bucket = BucketSize.parse(v);
        case "--origin" -> origin = instant(v);
        case "--method" -> method = DetectionMethod.parse(v);
        case "--out-of-orderness" -> outOfOrder = duration(a, v);
        case "--lateness" -> lateness = duration(a, v);
        case "--alerts-topic" -> alerts = v;
        case "--activity-topic" -> activity = v;
        case "--late-topic" -> late = v;
        case "--delivery" -> delivery = KafkaIo.Delivery.parse(v);
        case "--transactional-id-prefix" -> idPrefix = v;
        case "--progress-topic" -> progress = v;
        case "--db" -> db = database(v);
        case "--checkpoint-interval" -> checkpoint = duration(a, v);
        case "--parallelism" -> parallelism = positive(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if ((topic == null) == files.isEmpty()) {
      throw new IllegalArgumentException("give either --topic or --files");
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap is required (the outputs go to Kafka)");
    }
    return new JobOptions(
        bootstrap,
        topic,
        List.copyOf(files),
        bounded,
        group,
        new JobSettings(bucket, outOfOrder, lateness, origin, method),
        alerts,
        activity,
        late,
        new KafkaIo.Output(bootstrap, delivery, idPrefix, progress),
        db,
        checkpoint,
        parallelism);
  }

  private static String database(String v) {
    try {
      return org.stormwatch.store.StoreLocation.postgres(v).jdbcUrl();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--db: " + e.getMessage(), e);
    }
  }

  private static Instant instant(String v) {
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--origin '" + v + "' is neither a date (2002-08-25) nor an instant", e);
    }
  }

  static Duration duration(String option, String v) {
    try {
      if (v.matches("\\d+(ms|s|m|h|d)")) {
        long n = Long.parseLong(v.replaceAll("\\D", ""));
        String unit = v.replaceAll("\\d", "");
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " '" + v + "' is no duration (10m, 30s, 1h or ISO-8601 PT10M)", e);
    }
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " '" + v + "' is not a positive number");
  }
}
