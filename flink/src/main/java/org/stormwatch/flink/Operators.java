package org.stormwatch.flink;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FingerprintMix;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.ActivityCell;

/** The job's functions: each holds state and delegates to core. */
final class Operators {
  private Operators() {}

  /** (port, protocol) as one int: port in bits 2..17, protocol ordinal in bits 0..1. */
  static int key(int port, Protocol protocol) {
    return port << 2 | protocol.ordinal();
  }

  static final class ProbeKey implements KeySelector<Probe, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Probe p) {
      return key(p.dstPort(), p.protocol());
    }
  }

  static final class RowKey implements KeySelector<BucketRow, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(BucketRow r) {
      return key(r.activity().port(), r.activity().protocol());
    }
  }

  /** Adds probes to the cell of their (bucket, port, protocol) window. */
  static final class CellAggregate implements AggregateFunction<Probe, BucketCell, BucketRow> {
    private static final long serialVersionUID = 1L;
    private final BucketSize bucket;

    CellAggregate(BucketSize bucket) {
      this.bucket = bucket;
    }

    @Override
    public BucketCell createAccumulator() {
      return new BucketCell(bucket);
    }

    @Override
    public BucketCell add(Probe probe, BucketCell cell) {
      cell.add(probe);
      return cell;
    }

    @Override
    public BucketRow getResult(BucketCell cell) {
      return cell.row();
    }

    @Override
    public BucketCell merge(BucketCell a, BucketCell b) {
      a.merge(b);
      return a;
    }
  }

  /** Adds probes to the cell of their (hour, port, protocol) window: the store's cells. */
  static final class HourCells implements AggregateFunction<Probe, BucketCell, ActivityCell> {
    private static final long serialVersionUID = 1L;

    @Override
    public BucketCell createAccumulator() {
      return new BucketCell(BucketSize.HOUR);
    }

    @Override
    public BucketCell add(Probe probe, BucketCell cell) {
      cell.add(probe);
      return cell;
    }

    @Override
    public ActivityCell getResult(BucketCell cell) {
      return new ActivityCell(
          Instant.ofEpochSecond(cell.start),
          cell.port,
          cell.protocol,
          cell.records,
          cell.sources.toBytes(),
          cell.targets.toBytes(),
          cell.features(),
          cell.fingerprints());
    }

    @Override
    public BucketCell merge(BucketCell a, BucketCell b) {
      a.merge(b);
      return a;
    }
  }

  /**
   * Per (port, protocol): what each of its cells changes in the pooled quiet-port fingerprint mix.
   * A cell is re-emitted for each late probe; the mix must count its latest version once, so this
   * sends the difference to what it sent for the cell before (core's {@link
   * FingerprintMix#quietPart}: the cell's counts while no value reached the cap, then nothing), and
   * forgets the cell when its bucket is final. State: the last sent counts of the open cells only.
   */
  static final class QuietDeltas extends KeyedProcessFunction<Integer, BucketRow, MixCounts> {
    private static final long serialVersionUID = 1L;
    private final JobSettings settings;
    private transient MapState<Long, Map<String, Long>> sent;

    QuietDeltas(JobSettings settings) {
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      sent =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "sent-quiet-counts", Types.LONG, Types.MAP(Types.STRING, Types.LONG)));
    }

    @Override
    public void processElement(BucketRow row, Context ctx, Collector<MixCounts> out)
        throws Exception {
      long index =
          Math.floorDiv(row.activity().start().getEpochSecond(), settings.bucket().seconds());
      Map<String, Long> now = FingerprintMix.quietPart(row.fingerprints().counts());
      Map<String, Long> before = sent.get(index);
      Map<String, Long> delta = new HashMap<>(now);
      if (before != null) {
        before.forEach((k, v) -> delta.merge(k, -v, Long::sum));
        delta.values().removeIf(v -> v == 0);
      }
      if (!delta.isEmpty()) {
        out.collect(new MixCounts(row.activity().protocol(), index, delta));
      }
      sent.put(index, new HashMap<>(now));
      ctx.timerService().registerEventTimeTimer(settings.finalAt(index));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<MixCounts> out) throws Exception {
      sent.remove(settings.bucketFinalAt(time));
    }
  }

  /** Keys mix counts by protocol: one pool per protocol, all in the one mix subtask. */
  static final class MixKey implements KeySelector<MixCounts, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(MixCounts m) {
      return m.protocol().ordinal();
    }
  }

  /**
   * The global fingerprint mix (parallelism 1, keyed by protocol): sums the quiet cells' deltas per
   * protocol and open bucket, and emits a bucket's pooled counts when the bucket is final ({@link
   * JobSettings#finalAt}: the watermark passed its end plus the allowed lateness), then forgets
   * them; detection keeps the emitted sums in its broadcast state. State: per protocol and open
   * bucket, one count per fingerprint value.
   *
   * <p>Late cells after a bucket's mix went out cannot occur: the bucket window takes a probe only
   * while the watermark is below the same time, and every version of a cell it emits then reaches
   * this operator before the watermark that fires the bucket's timer (records and watermarks keep
   * their order on each channel). A delta that still came later (a changed lateness on restore) is
   * logged and left out: the mix then slightly under-counts one bucket's background, which moves
   * the floor of rare values for the buckets after it, no count of any row.
   */
  static final class PoolMix extends KeyedProcessFunction<Integer, MixCounts, MixCounts> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PoolMix.class);
    private final JobSettings settings;
    private transient MapState<Long, Map<String, Long>> open;

    PoolMix(JobSettings settings) {
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      open =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "open-mix", Types.LONG, Types.MAP(Types.STRING, Types.LONG)));
    }

    @Override
    public void processElement(MixCounts delta, Context ctx, Collector<MixCounts> out)
        throws Exception {
      long at = settings.finalAt(delta.bucket());
      if (at <= ctx.timerService().currentWatermark()) {
        LOG.warn(
            "fingerprint mix of bucket {} {} already emitted; a late cell's change is left out",
            delta.bucket(),
            delta.protocol().label());
        return;
      }
      Map<String, Long> sums = open.get(delta.bucket());
      if (sums == null) {
        sums = new HashMap<>();
        ctx.timerService().registerEventTimeTimer(at);
      }
      for (Map.Entry<String, Long> e : delta.counts().entrySet()) {
        sums.merge(e.getKey(), e.getValue(), Long::sum);
      }
      sums.values().removeIf(v -> v == 0);
      open.put(delta.bucket(), sums);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<MixCounts> out) throws Exception {
      long index = settings.bucketFinalAt(time);
      Map<String, Long> sums = open.get(index);
      if (sums != null) {
        out.collect(new MixCounts(Protocol.values()[ctx.getCurrentKey()], index, sums));
        open.remove(index);
      }
    }
  }

  /**
   * Holds each (port, protocol)'s closed buckets and runs core's detector on them when a bucket is
   * final (and again when a late probe updated one); emits new alerts and new versions of open
   * ones. The fingerprint alarm reads the mix pooled over every port ({@link PoolMix}), broadcast
   * to every subtask and kept in broadcast state per protocol and bucket.
   *
   * <p>Why the mix of bucket t is here when bucket t is judged: both happen at event time {@link
   * JobSettings#finalAt}(t). The mix operator emits t's sums from its timer at that time, before it
   * forwards the watermark that fires that timer; records and watermarks keep their order on each
   * channel, and this operator's watermark is the least of its inputs', so this operator's timer
   * for t fires only after the broadcast channel's watermark passed it, i.e. after t's mix arrived.
   * (Both paths carry the same upstream watermarks and idleness: the rows and the cells' deltas
   * come out of the same window subtasks.) Judging at that time, not when the row arrives, also
   * judges each bucket once, on its final counts.
   */
  static final class Detect
      extends KeyedBroadcastProcessFunction<Integer, BucketRow, MixCounts, AlertUpdate> {
    private static final long serialVersionUID = 1L;

    /** Per (bucket, protocol): {@link MixCounts#stateKey}. The pooled counts of the bucket. */
    static final MapStateDescriptor<Long, Map<String, Long>> MIX =
        new MapStateDescriptor<>(
            "fingerprint-mix", Types.LONG, Types.MAP(Types.STRING, Types.LONG));

    private final JobSettings settings;
    private transient ValueState<PortHistory> history;
    private transient Detector detector;
    // The broadcast state as core's mix, indexed by bucket index; built from the state on first use
    // (after a restore), then kept up to date as mixes arrive.
    private transient FingerprintMix mix;

    Detect(JobSettings settings) {
      this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
      history =
          getRuntimeContext().getState(new ValueStateDescriptor<>("port-history", Codecs.HISTORY));
      detector = Detector.of(settings.method(), settings.detection());
    }

    @Override
    public void processElement(BucketRow row, ReadOnlyContext ctx, Collector<AlertUpdate> out)
        throws Exception {
      PortHistory h = history.value();
      if (h == null) {
        h = new PortHistory();
      }
      h.put(row, settings.bucket());
      history.update(h);
      long index =
          Math.floorDiv(row.activity().start().getEpochSecond(), settings.bucket().seconds());
      long at = settings.finalAt(index);
      if (at <= ctx.timerService().currentWatermark()) {
        // not reached: the window emits no row once its bucket is final (see PoolMix)
        judge(h, index, ctx.getBroadcastState(MIX), out);
      } else {
        ctx.timerService().registerEventTimeTimer(at);
      }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<AlertUpdate> out)
        throws Exception {
      PortHistory h = history.value();
      if (h != null) {
        judge(h, settings.bucketFinalAt(time), ctx.getBroadcastState(MIX), out);
      }
    }

    @Override
    public void processBroadcastElement(MixCounts m, Context ctx, Collector<AlertUpdate> out)
        throws Exception {
      ctx.getBroadcastState(MIX).put(m.stateKey(), m.counts());
      if (mix != null) {
        mix.putPooled(m.protocol(), Math.toIntExact(m.bucket()), m.counts());
      }
    }

    private void judge(
        PortHistory h,
        long upTo,
        ReadOnlyBroadcastState<Long, Map<String, Long>> state,
        Collector<AlertUpdate> out)
        throws Exception {
      if (mix == null) {
        mix = FingerprintMix.pooled();
        for (Map.Entry<Long, Map<String, Long>> e : state.immutableEntries()) {
          mix.putPooled(
              Protocol.values()[(int) (e.getKey() & 3)],
              Math.toIntExact(e.getKey() >> 2),
              e.getValue());
        }
      }
      for (Alert a : h.detect(detector, settings.bucket(), settings.origin(), upTo, mix)) {
        out.collect(new AlertUpdate(a));
      }
      history.update(h);
    }
  }
}
