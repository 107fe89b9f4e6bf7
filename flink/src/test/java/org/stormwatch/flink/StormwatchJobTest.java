package org.stormwatch.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.testing.Ci;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;
import org.stormwatch.store.PostgresServer;
import org.stormwatch.store.StoreLocation;
import org.stormwatch.testsupport.LocalKafka;

/**
 * The job on a MiniCluster reading a real in-process Kafka broker computes what the single-machine
 * path computes on the same simulated probes (the 2002 port-137 outbreak), also when it fails
 * mid-stream and is restored from its checkpoint.
 */
class StormwatchJobTest {
  /** Three standard errors of the HLL sketch (lg K 14): 1.04 / 128 * 3. */
  private static final double SKETCH_TOLERANCE = 0.025;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static LocalKafka kafka;

  /** PostgreSQL for the store outputs: always in CI; elsewhere when Debian's server is there. */
  private static PostgresServer postgres;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = new LocalKafka();
    if (Ci.isCi() || PostgresServer.findBin() != null) {
      postgres = PostgresServer.start();
    }
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The outputs, also writing to a fresh store database when PostgreSQL is there (else null). */
  private static String freshStore() throws Exception {
    return postgres == null ? null : postgres.freshDatabase();
  }

  private static StormwatchJob.Outputs withStore(StormwatchJob.Outputs o, String url) {
    return url == null ? o : o.withStore(url);
  }

  /**
   * What the job wrote to the store reads back through History as what the job emitted: its day
   * rows (the merge of the stored hours), the hours of the single-machine aggregation, and its
   * alerts, field for field. Hour and day counts are exact below the sketch limit.
   */
  private static void assertStoreHolds(
      String url,
      Reference ref,
      Map<String, PortActivity> jobRows,
      java.util.Collection<Alert> jobAlerts) {
    try (History h = History.open(StoreLocation.postgres(url))) {
      Map<String, PortActivity> days = new HashMap<>();
      h.portActivity(PortQuery.all(BucketSize.DAY)).forEach(r -> days.put(Reference.rowKey(r), r));
      assertThat(days.keySet()).isEqualTo(jobRows.keySet());
      for (PortActivity j : jobRows.values()) {
        PortActivity s = days.get(Reference.rowKey(j));
        assertThat(s.records())
            .as("stored records of %s", Reference.rowKey(j))
            .isEqualTo(j.records());
        assertDistinct(s.sources(), j.sources(), "stored sources of " + Reference.rowKey(j));
        assertDistinct(s.targets(), j.targets(), "stored targets of " + Reference.rowKey(j));
      }
      PortActivityAggregator hours = new PortActivityAggregator(BucketSize.HOUR);
      ref.probes.forEach(hours::accept);
      assertActivityEquals(toMap(h.portActivity(PortQuery.all(BucketSize.HOUR))), hours.rows());
      Map<String, Alert> stored = new TreeMap<>();
      h.alerts(null, null).forEach(a -> stored.put(a.portLabel() + "@" + a.detected(), a));
      Map<String, Alert> emitted = new TreeMap<>();
      jobAlerts.forEach(a -> emitted.put(a.portLabel() + "@" + a.detected(), a));
      assertThat(emitted).isNotEmpty();
      assertThat(stored).isEqualTo(emitted);
    }
  }

  private static Map<String, PortActivity> toMap(List<PortActivity> rows) {
    Map<String, PortActivity> out = new HashMap<>();
    rows.forEach(r -> out.put(Reference.rowKey(r), r));
    return out;
  }

  @Test
  void equalsSingleMachineAggregationAndDetection() throws Exception {
    Reference ref = new Reference("port137-2002", 7, 0.05, BucketSize.DAY);
    kafka.createTopic("probes-eq", 3);
    kafka.publish("probes-eq", ref.probes);

    CollectingSink<PortActivity> activity = new CollectingSink<>("eq-activity", Reference::rowKey);
    CollectingSink<AlertUpdate> alerts = new CollectingSink<>("eq-alerts", AlertUpdate::key);
    CollectingSink<Probe> late = new CollectingSink<>("eq-late", p -> p.toString());
    JobSettings settings = JobSettings.defaults(BucketSize.DAY).withOrigin(ref.scenario.start());
    StreamExecutionEnvironment env = environment(2);
    DataStream<Probe> probes =
        env.fromSource(
            KafkaIo.source(kafka.bootstrap(), "probes-eq", "eq", true),
            StormwatchJob.watermarks(settings),
            "probes",
            Codecs.PROBE);
    String store = freshStore();
    StormwatchJob.build(
        probes, settings, withStore(new StormwatchJob.Outputs(activity, alerts, late), store));
    env.execute("equivalence");

    assertThat(late.values()).isEmpty();
    assertActivityEquals(activity.values(), ref.rows);
    assertThat(ref.rows.stream().anyMatch(r -> r.targets() > DistinctCounter.EXACT_LIMIT))
        .as("some cell above the exact limit, so that the sketch path is compared")
        .isTrue();
    assertAlertsEqual(alerts.values(), ref.report.alerts());
    if (store != null) {
      assertStoreHolds(
          store,
          ref,
          activity.values(),
          alerts.values().values().stream().map(AlertUpdate::alert).toList());
    }
  }

  /**
   * Random scenarios at scale 0.05 whose outbreak the fingerprint alarm catches a day before the
   * port's total: seed 10's 21/tcp, on a busy port; seed 34's 48151/tcp, a quiet port whose 3
   * first-day sources stand out only against the fingerprint mix pooled over every port's quiet
   * cells. Judged per port with only its own cells pooled (the job before its global mix operator),
   * seed 34 alerts a day later; the job raises exactly the alerts of {@code detect}: same onsets,
   * detection and last days, scores.
   */
  @ParameterizedTest(name = "seed {0}, {1}")
  @CsvSource({"10, 21/tcp, false", "34, 48151/tcp, true"})
  void fingerprintAlarm_raisesTheAlertsDetectRaises(long seed, String port, boolean onlyPooled)
      throws Exception {
    Reference ref = new Reference("random", seed, 0.05, BucketSize.DAY);
    JobSettings settings = JobSettings.defaults(BucketSize.DAY).withOrigin(ref.scenario.start());
    Alert first =
        ref.report.alerts().stream()
            .filter(a -> a.portLabel().equals(port))
            .min(java.util.Comparator.comparing(Alert::detected))
            .orElseThrow();
    java.time.Instant ownMixOnly = perPortOwnMix(ref, settings, first.port(), first.protocol());
    if (onlyPooled) {
      assertThat(ownMixOnly)
          .as("with only its own cells pooled the port alerts later")
          .isAfter(first.detected());
    } else {
      assertThat(ownMixOnly).isEqualTo(first.detected());
    }
    String topic = "probes-fp-" + seed;
    kafka.createTopic(topic, 3);
    kafka.publish(topic, ref.probes);
    CollectingSink<PortActivity> activity =
        new CollectingSink<>("fp-activity-" + seed, Reference::rowKey);
    CollectingSink<AlertUpdate> alerts =
        new CollectingSink<>("fp-alerts-" + seed, AlertUpdate::key);
    CollectingSink<Probe> late = new CollectingSink<>("fp-late-" + seed, p -> p.toString());
    StreamExecutionEnvironment env = environment(2);
    DataStream<Probe> probes =
        env.fromSource(
            KafkaIo.source(kafka.bootstrap(), topic, "fp", true),
            StormwatchJob.watermarks(settings),
            "probes",
            Codecs.PROBE);
    StormwatchJob.build(probes, settings, new StormwatchJob.Outputs(activity, alerts, late));
    env.execute("fingerprint alarm " + seed);

    assertThat(late.values()).isEmpty();
    assertAlertsEqual(alerts.values(), ref.report.alerts());
    for (Alert e : ref.report.alerts()) {
      AlertUpdate j = alerts.values().get(e.portLabel() + "@" + e.detected());
      assertThat(j.onset()).as("onset of %s", e.portLabel()).isEqualTo(e.onset());
      assertThat(j.score()).as("score of %s", e.portLabel()).isEqualTo(e.score());
    }
  }

  /**
   * The detection bucket of the port's first alert when judged alone, its fingerprint mix pooled
   * from its own cells (never: {@code Instant.MAX}).
   */
  private static java.time.Instant perPortOwnMix(
      Reference ref, JobSettings settings, int port, org.stormwatch.core.model.Protocol protocol) {
    PortHistory h = new PortHistory();
    for (PortActivity r : ref.rows) {
      if (r.port() == port && r.protocol() == protocol) {
        h.put(
            new BucketRow(
                r,
                true,
                ref.features.sum(
                    port, protocol, r.start(), r.start().plus(settings.bucket().duration())),
                ref.features.fingerprintCell(port, protocol, r.start())),
            settings.bucket());
      }
    }
    return h
        .detect(
            Detector.of(settings.method(), settings.detection()),
            settings.bucket(),
            settings.origin())
        .stream()
        .map(Alert::detected)
        .min(java.util.Comparator.naturalOrder())
        .orElse(java.time.Instant.MAX);
  }

  /**
   * Killed mid-stream after a checkpoint and restored from it, the job still computes the
   * single-machine results, and a {@code read_committed} consumer of its rows and alerts topics
   * sees every record once: each (key, value) pair is counted, not just the latest value per key.
   * With the at-least-once sink the records written between the checkpoint and the failure are
   * there twice.
   */
  @Test
  void failedMidStreamAndRestoredFromCheckpoint_losesNothingAndCountsNothingTwice()
      throws Exception {
    Reference ref = new Reference("port137-2002", 11, 0.03, BucketSize.DAY);
    kafka.createTopic("probes-fail", 2);
    kafka.createTopic("alerts-fail", 1);
    kafka.createTopic("rows-fail", 2);
    kafka.publish("probes-fail", ref.probes);

    CollectingSink<Probe> late = new CollectingSink<>("fail-late", p -> p.toString());
    JobSettings settings = JobSettings.defaults(BucketSize.DAY).withOrigin(ref.scenario.start());
    StreamExecutionEnvironment env = environment(2);
    DataStream<Probe> probes =
        env.fromSource(
                KafkaIo.source(kafka.bootstrap(), "probes-fail", "fail", true),
                StormwatchJob.watermarks(settings),
                "probes",
                Codecs.PROBE)
            .map(new FailOnce(ref.probes.size() / 4), Codecs.PROBE);
    String store = freshStore();
    KafkaIo.Output out =
        new KafkaIo.Output(
            kafka.bootstrap(), KafkaIo.Delivery.EXACTLY_ONCE, "fail-test", "progress-fail");
    StormwatchJob.build(
        probes,
        settings,
        withStore(
            new StormwatchJob.Outputs(
                KafkaIo.activitySink(out, "rows-fail"),
                KafkaIo.alertSink(out, "alerts-fail"),
                late),
            store));
    FailOnce.FAILED.set(false);
    env.execute("failure");

    assertThat(FailOnce.FAILED).as("the job failed once and was restored").isTrue();
    assertThat(late.values()).isEmpty();
    List<LocalKafka.Rec> rowRecords = kafka.readCommitted("rows-fail");
    List<LocalKafka.Rec> alertRecords = kafka.readCommitted("alerts-fail");
    assertEachRecordOnce("rows-fail", rowRecords);
    assertEachRecordOnce("alerts-fail", alertRecords);

    Map<String, PortActivity> rows = new HashMap<>();
    rowRecords.forEach(r -> rows.put(r.key(), activity(r.text())));
    assertActivityEquals(rows, ref.rows);
    Map<String, String> latest = new TreeMap<>();
    alertRecords.forEach(e -> latest.put(e.key(), e.text()));
    assertThat(ref.report.alerts()).isNotEmpty();
    Map<String, Alert> expected = new TreeMap<>();
    ref.report.alerts().forEach(a -> expected.put(a.portLabel() + "@" + a.detected(), a));
    assertThat(latest.keySet()).isEqualTo(expected.keySet());
    for (Alert e : ref.report.alerts()) {
      String json = latest.get(e.portLabel() + "@" + e.detected());
      for (String exact : List.of("onset", "detected", "last", "score", "records", "sources")) {
        assertThat(field(json, exact))
            .as("%s of %s", exact, e.portLabel())
            .isEqualTo(field(AlertJson.line(e), exact));
      }
      assertThat(Double.parseDouble(field(json, "targets")))
          .isCloseTo(e.surge().targets(), within(e.surge().targets() * SKETCH_TOLERANCE));
    }
    if (store != null) {
      // No double counts in the database after the replay: its rows are the job's final ones,
      // which equal the reference's (checked above); its alerts, the reference's.
      try (History h = History.open(StoreLocation.postgres(store))) {
        assertActivityEquals(toMap(h.portActivity(PortQuery.all(BucketSize.DAY))), ref.rows);
        Map<String, Alert> stored = new TreeMap<>();
        h.alerts(null, null).forEach(a -> stored.put(a.portLabel() + "@" + a.detected(), a));
        assertThat(stored.keySet()).isEqualTo(expected.keySet());
        for (Alert e : ref.report.alerts()) {
          Alert a = stored.get(e.portLabel() + "@" + e.detected());
          assertThat(a.onset()).isEqualTo(e.onset());
          assertThat(a.last()).isEqualTo(e.last());
          assertThat(a.surge().records()).isEqualTo(e.surge().records());
        }
      }
    }
  }

  /** Every (key, value) pair of a topic occurs once. */
  private static void assertEachRecordOnce(String topic, List<LocalKafka.Rec> records) {
    Map<String, Integer> seen = new TreeMap<>();
    records.forEach(r -> seen.merge(r.key() + " = " + r.text(), 1, Integer::sum));
    Map<String, Integer> repeated = new TreeMap<>();
    seen.forEach(
        (record, n) -> {
          if (n > 1) {
            repeated.put(record, n);
          }
        });
    assertThat(records).as("records on %s", topic).isNotEmpty();
    assertThat(repeated.size())
        .as(
            "records of %s seen more than once (of %d records; first: %s)",
            topic, records.size(), repeated.entrySet().stream().limit(3).toList())
        .isZero();
  }

  /** A port-report row from its JSON line, as {@link AlertJson#line(PortActivity)} writes it. */
  private static PortActivity activity(String json) {
    return new PortActivity(
        java.time.Instant.parse(unquote(field(json, "start"))),
        Integer.parseInt(field(json, "port")),
        org.stormwatch.core.model.Protocol.parse(unquote(field(json, "protocol"))),
        Long.parseLong(field(json, "records")),
        Long.parseLong(field(json, "sources")),
        Long.parseLong(field(json, "targets")));
  }

  private static String unquote(String s) {
    return s.substring(1, s.length() - 1);
  }

  /** The first value of a field in a JSON line: the alert's own, before the baseline's. */
  private static String field(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[-0-9.]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  private static StreamExecutionEnvironment environment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
        java.time.Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
    return env;
  }

  private static void assertActivityEquals(Map<String, PortActivity> job, List<PortActivity> ref) {
    Map<String, PortActivity> expected = new HashMap<>();
    ref.forEach(r -> expected.put(Reference.rowKey(r), r));
    assertThat(job.keySet()).isEqualTo(expected.keySet());
    for (PortActivity e : ref) {
      PortActivity j = job.get(Reference.rowKey(e));
      assertThat(j.records()).as("records of %s", Reference.rowKey(e)).isEqualTo(e.records());
      assertDistinct(j.sources(), e.sources(), "sources of " + Reference.rowKey(e));
      assertDistinct(j.targets(), e.targets(), "targets of " + Reference.rowKey(e));
    }
  }

  private static void assertDistinct(long job, long exact, String what) {
    if (exact <= DistinctCounter.EXACT_LIMIT) {
      assertThat(job).as(what).isEqualTo(exact);
    } else {
      assertThat((double) job).as(what).isCloseTo(exact, within(exact * SKETCH_TOLERANCE));
    }
  }

  private static void assertAlertsEqual(Map<String, AlertUpdate> job, List<Alert> ref) {
    assertThat(ref).as("the reference finds the outbreak").isNotEmpty();
    Map<String, Alert> expected = new TreeMap<>();
    ref.forEach(a -> expected.put(a.portLabel() + "@" + a.detected(), a));
    assertThat(new TreeMap<>(job).keySet()).isEqualTo(expected.keySet());
    for (Alert e : ref) {
      AlertUpdate j = job.get(e.portLabel() + "@" + e.detected());
      assertThat(j.onset()).as("onset of %s", e.portLabel()).isEqualTo(e.onset());
      assertThat(j.last()).as("last of %s", e.portLabel()).isEqualTo(e.last());
      assertThat(j.score()).as("score of %s", e.portLabel()).isCloseTo(e.score(), within(0.5));
      assertThat(j.surgeSources())
          .isCloseTo(e.surge().sources(), within(e.surge().sources() * SKETCH_TOLERANCE));
    }
  }

  /** Throws once, after a given number of probes and after a checkpoint has completed. */
  static final class FailOnce extends RichMapFunction<Probe, Probe> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long after;
    private long seen;
    private boolean checkpointed;

    FailOnce(long after) {
      this.after = after;
    }

    @Override
    public Probe map(Probe p) {
      if (++seen >= after && checkpointed && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once, on purpose, after " + seen + " probes");
      }
      return p;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }
  }
}
