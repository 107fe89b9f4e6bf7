package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.Protocol;

/**
 * The time series of one (port, protocol): records, sources and targets per bucket, bucket 0
 * starting at {@code start}. Buckets without probes are zeros: a quiet port's silence is part of
 * its baseline.
 */
public final class PortSeries {
  private final int port;
  private final Protocol protocol;
  private final Instant start;
  private final BucketSize bucket;
  private final long[][] values;

  /**
   * @param values indexed by {@link Metric#ordinal()}, then bucket; all three the same length
   */
  public PortSeries(
      int port, Protocol protocol, Instant start, BucketSize bucket, long[][] values) {
    this(port, protocol, start, bucket, values, true);
  }

  private PortSeries(
      int port,
      Protocol protocol,
      Instant start,
      BucketSize bucket,
      long[][] values,
      boolean copy) {
    if (port < 0 || port > 0xffff || protocol == null || start == null || bucket == null) {
      throw new IllegalArgumentException("bad port series key: " + port + "/" + protocol);
    }
    if (values.length != 3
        || values[0].length != values[1].length
        || values[1].length != values[2].length) {
      throw new IllegalArgumentException("need three series of the same length");
    }
    this.port = port;
    this.protocol = protocol;
    this.start = start;
    this.bucket = bucket;
    this.values =
        copy ? new long[][] {values[0].clone(), values[1].clone(), values[2].clone()} : values;
  }

  /**
   * One series per (port, protocol) in the rows, each zero-filled over the buckets from the first
   * to the last bucket of all rows, ordered by protocol then port.
   *
   * <p>The list makes each series when it is asked for, from the rows kept sparse: inputs that span
   * years in hourly buckets (logs of different years read together) would otherwise need a dense
   * array per port over the whole span at once. Each {@code get} makes a new series.
   */
  public static List<PortSeries> of(List<PortActivity> rows, BucketSize bucket) {
    if (rows.isEmpty()) {
      return List.of();
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (PortActivity row : rows) {
      long index = Math.floorDiv(row.start().getEpochSecond(), bucket.seconds());
      first = Math.min(first, index);
      last = Math.max(last, index);
    }
    long span = last - first + 1;
    if (span > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException(
          "the probes span " + span + " " + bucket.label() + " buckets: too many to judge");
    }
    int length = (int) span;
    Map<Long, List<PortActivity>> byKey = new TreeMap<>();
    for (PortActivity row : rows) {
      long key = ((long) row.protocol().ordinal() << 16) | row.port();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    Instant start = Instant.ofEpochSecond(first * bucket.seconds());
    long firstIndex = first;
    List<Map.Entry<Long, List<PortActivity>>> entries = new ArrayList<>(byKey.entrySet());
    Protocol[] protocols = Protocol.values();
    return new AbstractList<>() {
      @Override
      public PortSeries get(int i) {
        Map.Entry<Long, List<PortActivity>> e = entries.get(i);
        long[][] v = new long[3][length];
        for (PortActivity row : e.getValue()) {
          int at =
              (int) (Math.floorDiv(row.start().getEpochSecond(), bucket.seconds()) - firstIndex);
          v[0][at] += row.records();
          v[1][at] += row.sources();
          v[2][at] += row.targets();
        }
        return new PortSeries(
            (int) (e.getKey() & 0xffff),
            protocols[(int) (e.getKey() >>> 16)],
            start,
            bucket,
            v,
            false);
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }

  public int port() {
    return port;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** {@code 137/udp}. */
  public String label() {
    return port + "/" + protocol.label();
  }

  public BucketSize bucket() {
    return bucket;
  }

  public int length() {
    return values[0].length;
  }

  public long value(Metric metric, int bucketIndex) {
    return values[metric.ordinal()][bucketIndex];
  }

  public Counts counts(int bucketIndex) {
    return new Counts(values[0][bucketIndex], values[1][bucketIndex], values[2][bucketIndex]);
  }

  /** The start of a bucket. */
  public Instant startOf(int bucketIndex) {
    return start.plusSeconds(bucketIndex * bucket.seconds());
  }

  /** The bucket's position in the seasonal cycle of the given period (in buckets), from 0. */
  public int phase(int bucketIndex, int period) {
    long absolute = Math.floorDiv(start.getEpochSecond(), bucket.seconds()) + bucketIndex;
    return (int) Math.floorMod(absolute, (long) period);
  }
}
