package org.stormwatch.core.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * Counts probes per (bucket, port, protocol): records, and exact distinct sources and targets. One
 * map entry per cell, keyed by a single long (bucket index, port, protocol), so the per-probe work
 * is one hash look-up and two set insertions. Memory grows with the cells and the distinct
 * addresses in them, not with the probes. Not thread-safe.
 */
public final class PortActivityAggregator implements ProbeSink {
  private final BucketSize bucket;
  private final Map<Long, Cell> cells = new HashMap<>();
  private long lastKey = Long.MIN_VALUE;
  private Cell lastCell;

  private static final class Cell {
    long records;
    final AddressSet sources = new AddressSet();
    final AddressSet targets = new AddressSet();
  }

  public PortActivityAggregator(BucketSize bucket) {
    this.bucket = bucket;
  }

  @Override
  public void accept(Probe probe) {
    long bucketIndex =
        Math.floorDiv(Math.floorDiv(probe.timeNanos(), 1_000_000_000L), bucket.seconds());
    long key = (bucketIndex << 18) | ((long) probe.dstPort() << 2) | probe.protocol().ordinal();
    Cell cell;
    if (key == lastKey) {
      cell = lastCell;
    } else {
      cell = cells.computeIfAbsent(key, k -> new Cell());
      lastKey = key;
      lastCell = cell;
    }
    cell.records++;
    cell.sources.add(probe.srcHi(), probe.srcLo());
    cell.targets.add(probe.dstHi(), probe.dstLo());
  }

  /** The rows, ordered by bucket start, then by records (most first), then port and protocol. */
  public List<PortActivity> rows() {
    List<PortActivity> rows = new ArrayList<>(cells.size());
    Protocol[] protocols = Protocol.values();
    cells.forEach(
        (key, cell) -> {
          long bucketIndex = key >> 18;
          int port = (int) ((key >>> 2) & 0xffff);
          Protocol protocol = protocols[(int) (key & 3)];
          rows.add(
              new PortActivity(
                  Instant.ofEpochSecond(bucketIndex * bucket.seconds()),
                  port,
                  protocol,
                  cell.records,
                  cell.sources.size(),
                  cell.targets.size()));
        });
    rows.sort(
        Comparator.comparing(PortActivity::start)
            .thenComparing(Comparator.comparingLong(PortActivity::records).reversed())
            .thenComparingInt(PortActivity::port)
            .thenComparing(PortActivity::protocol));
    return rows;
  }

  public BucketSize bucket() {
    return bucket;
  }
}
