package org.stormwatch.flink;

import java.time.Instant;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.model.Probe;
import org.stormwatch.store.ActivityCell;

/** The job's functions: each holds state and delegates to core. */
final class Operators {
  private Operators() {}

  /** (port, protocol) as one int: port in bits 2..17, protocol ordinal in bits 0..1. */
  static int key(int port, org.stormwatch.core.model.Protocol protocol) {
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
   * Holds each (port, protocol)'s closed buckets and runs core's detector on them as buckets close
   * (and again when a late probe updates one); emits new alerts and new versions of open ones.
   */
  static final class Detect extends KeyedProcessFunction<Integer, BucketRow, AlertUpdate> {
    private static final long serialVersionUID = 1L;
    private final JobSettings settings;
    private transient ValueState<PortHistory> history;
    private transient Detector detector;

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
    public void processElement(BucketRow row, Context ctx, Collector<AlertUpdate> out)
        throws Exception {
      PortHistory h = history.value();
      if (h == null) {
        h = new PortHistory();
      }
      h.put(row, settings.bucket());
      for (Alert a : h.detect(detector, settings.bucket(), settings.origin())) {
        out.collect(new AlertUpdate(a));
      }
      history.update(h);
    }
  }
}
