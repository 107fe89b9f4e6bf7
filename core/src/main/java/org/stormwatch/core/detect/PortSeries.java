package org.stormwatch.core.detect;

import java.time.Instant;
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
    this.values = new long[][] {values[0].clone(), values[1].clone(), values[2].clone()};
  }

  /**
   * One series per (port, protocol) in the rows, each zero-filled over the buckets from the first
   * to the last bucket of all rows, ordered by protocol then port.
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
    int length = Math.toIntExact(last - first + 1);
    Map<Long, long[][]> byKey = new TreeMap<>();
    for (PortActivity row : rows) {
      long key = ((long) row.protocol().ordinal() << 16) | row.port();
      long[][] v = byKey.computeIfAbsent(key, k -> new long[3][length]);
      int i = (int) (Math.floorDiv(row.start().getEpochSecond(), bucket.seconds()) - first);
      v[0][i] += row.records();
      v[1][i] += row.sources();
      v[2][i] += row.targets();
    }
    Instant start = Instant.ofEpochSecond(first * bucket.seconds());
    Protocol[] protocols = Protocol.values();
    List<PortSeries> out = new ArrayList<>(byKey.size());
    for (Map.Entry<Long, long[][]> e : byKey.entrySet()) {
      out.add(
          new PortSeries(
              (int) (e.getKey() & 0xffff),
              protocols[(int) (e.getKey() >>> 16)],
              start,
              bucket,
              e.getValue()));
    }
    return out;
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
