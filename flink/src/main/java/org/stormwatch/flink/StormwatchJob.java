package org.stormwatch.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Probe;
import org.stormwatch.store.ActivityCell;

/**
 * The job: probes, keyed by (port, protocol), aggregated per event-time bucket into port-report
 * rows, then judged per (port, protocol) by core's detector as buckets close.
 *
 * <pre>
 * probes --watermarks--> keyBy(port, protocol) --tumbling bucket window, CellAggregate--> rows
 * rows --> activity sink
 * probes --keyBy(port, protocol), hour windows closing with their bucket, HourCells--> store cells
 *   (with --db)
 * rows --keyBy(port, protocol), QuietDeltas--> keyBy(protocol), PoolMix (parallelism 1) --> mix
 * rows --keyBy(port, protocol)--+
 * mix --broadcast----------------+--> Detect --> alert sink (and the store's alerts, with --db)
 * probes later than the allowed lateness --> late sink
 * </pre>
 *
 * <p>Event time is the probe's own time. The watermark trails the newest probe by {@link
 * JobSettings#outOfOrderness()}; a bucket's row is emitted when the watermark passes its end, and
 * re-emitted (same key, updated counts) for each probe arriving up to {@link
 * JobSettings#allowedLateness()} later. Sinks therefore keep the latest row per (bucket, port,
 * protocol) and the latest alert per {@link AlertUpdate#key()}. The Kafka topics get every version
 * once ({@link TransactionalKafkaSink}); the store's upserts make a replay after a restore
 * overwrite, never add ({@link StoreSink}).
 */
public final class StormwatchJob {
  static final OutputTag<Probe> LATE = new OutputTag<>("late-probes", Codecs.PROBE);

  private StormwatchJob() {}

  /**
   * The job's outputs: where rows, alerts and too-late probes go; and, when the job writes to the
   * store, its hourly cells and its alerts there too (both null otherwise).
   */
  record Outputs(
      Sink<PortActivity> activity,
      Sink<AlertUpdate> alerts,
      Sink<Probe> late,
      Sink<ActivityCell> storeCells,
      Sink<AlertUpdate> storeAlerts) {
    Outputs(Sink<PortActivity> activity, Sink<AlertUpdate> alerts, Sink<Probe> late) {
      this(activity, alerts, late, null, null);
    }

    /** These outputs, also writing cells and alerts to the store at the JDBC URL. */
    Outputs withStore(String jdbcUrl) {
      return new Outputs(
          activity, alerts, late, StoreSink.cells(jdbcUrl), StoreSink.alerts(jdbcUrl));
    }
  }

  /** The watermark strategy of probes: bounded out-of-orderness on the probe's own time. */
  static WatermarkStrategy<Probe> watermarks(JobSettings settings) {
    return WatermarkStrategy.<Probe>forBoundedOutOfOrderness(settings.outOfOrderness())
        .withTimestampAssigner((p, previous) -> Math.floorDiv(p.timeNanos(), 1_000_000L))
        .withIdleness(Duration.ofMinutes(1));
  }

  /**
   * Submits the job (to the cluster of {@code flink run}, or a local MiniCluster when run as a
   * plain program). Options: {@link JobOptions}.
   */
  public static void main(String[] args) throws Exception {
    JobOptions o;
    try {
      o = JobOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("stormwatch-flink: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    configure(env, o.checkpointInterval(), o.parallelism());
    DataStream<Probe> probes = source(env, o);
    Outputs outputs =
        new Outputs(
            KafkaIo.activitySink(o.output(), o.activityTopic()),
            KafkaIo.alertSink(o.output(), o.alertsTopic()),
            KafkaIo.lateSink(o.output(), o.lateTopic()));
    build(probes, o.settings(), o.db() == null ? outputs : outputs.withStore(o.db()));
    env.execute("stormwatch " + (o.topic() != null ? o.topic() : "backfill"));
  }

  /** Exactly-once checkpoints, kept when the job is cancelled so that it can resume from them. */
  static void configure(StreamExecutionEnvironment env, Duration interval, int parallelism) {
    env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    env.getCheckpointConfig()
        .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
  }

  static DataStream<Probe> source(StreamExecutionEnvironment env, JobOptions o) {
    JobSettings s = o.settings();
    if (o.topic() != null) {
      return env.fromSource(
          KafkaIo.source(o.bootstrap(), o.topic(), o.group(), o.bounded()),
          watermarks(s),
          "probes from " + o.topic(),
          Codecs.PROBE);
    }
    Path[] paths = o.files().stream().map(Path::new).toArray(Path[]::new);
    return env.fromSource(
        FileSource.forRecordStreamFormat(new ProbeFileFormat(), paths).build(),
        watermarks(s),
        "probes from files",
        Codecs.PROBE);
  }

  /** Wires the job onto a stream of probes that already carries timestamps and watermarks. */
  static void build(DataStream<Probe> probes, JobSettings settings, Outputs outputs) {
    SingleOutputStreamOperator<BucketRow> rows =
        probes
            .keyBy(new Operators.ProbeKey())
            .window(TumblingEventTimeWindows.of(settings.bucket().duration()))
            .allowedLateness(settings.allowedLateness())
            .sideOutputLateData(LATE)
            .aggregate(new Operators.CellAggregate(settings.bucket()), Codecs.CELL, Codecs.ROW)
            .name("port activity per bucket")
            .uid("port-activity");
    if (outputs.storeCells() != null) {
      probes
          .keyBy(new Operators.ProbeKey())
          .window(new HoursOfBucket(settings.bucket()))
          .allowedLateness(settings.allowedLateness())
          .aggregate(new Operators.HourCells(), Codecs.CELL, StoreRecords.CELL)
          .name("store cells per hour")
          .uid("store-cells")
          .sinkTo(outputs.storeCells())
          .name("store cell sink")
          .uid("store-cell-sink");
    }
    rows.map(BucketRow::activity, Codecs.ACTIVITY)
        .name("rows")
        .uid("rows")
        .sinkTo(outputs.activity())
        .name("activity sink")
        .uid("activity-sink");
    DataStream<MixCounts> mix =
        rows.keyBy(new Operators.RowKey())
            .process(new Operators.QuietDeltas(settings), Codecs.MIX)
            .name("quiet cells' fingerprint counts")
            .uid("quiet-deltas")
            .keyBy(new Operators.MixKey())
            .process(new Operators.PoolMix(settings), Codecs.MIX)
            .setParallelism(1)
            .name("pooled fingerprint mix")
            .uid("fingerprint-mix");
    SingleOutputStreamOperator<AlertUpdate> alerts =
        rows.keyBy(new Operators.RowKey())
            .connect(mix.broadcast(Operators.Detect.MIX))
            .process(new Operators.Detect(settings), Codecs.ALERT)
            .name("detect")
            .uid("detect");
    alerts.sinkTo(outputs.alerts()).name("alert sink").uid("alert-sink");
    if (outputs.storeAlerts() != null) {
      alerts.sinkTo(outputs.storeAlerts()).name("store alert sink").uid("store-alert-sink");
    }
    rows.getSideOutput(LATE).sinkTo(outputs.late()).name("late sink").uid("late-sink");
  }
}
