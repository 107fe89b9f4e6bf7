package org.stormwatch.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.model.Protocol;

/**
 * The stored feature histograms and fingerprint source sets of one detection run, for buckets of
 * one size. A bucket's sets are the capped union of its hours' ({@link FingerprintSources#addAll}):
 * exact min(distinct sources, CAP) per value, as when the probes are read from files.
 *
 * <p>The detector asks for every port's counts twice (once to pool the quiet ports' mix, once to
 * judge each port), so a port's sets are read and merged once, in one query, and only their counts
 * are kept, in {@link CellCounts}' compact form (about 100 bytes a cell, the value names shared):
 * memory of the order of the port activity rows the detector already holds.
 *
 * <p>A series that starts before the first hour stored with sets (a database upgraded from schema
 * 2) gets none: the fingerprint alarm is then off for it rather than reading the missing sets as no
 * sources. Not thread-safe; made per run, since it keeps what it read.
 */
final class StoredFeatures implements FeatureHistograms {
  private final Database db;
  private final BucketSize bucket;
  private final Map<String, String> names = new HashMap<>();
  private final Map<Long, Map<Long, CellCounts>> ports = new HashMap<>();
  private Long since;

  StoredFeatures(Database db, BucketSize bucket) {
    this.db = db;
    this.bucket = bucket;
  }

  @Override
  public FeatureCounts sum(int port, Protocol protocol, Instant from, Instant to) {
    return db.read(c -> PortActivityReads.features(c, port, protocol, from, to));
  }

  @Override
  public Map<String, Long> fingerprintSources(int port, Protocol protocol, Instant bucketStart) {
    if (since == null) {
      since = db.read(PortActivityReads::fingerprintsSince);
    }
    if (bucketStart.getEpochSecond() < since) {
      return null;
    }
    long key = ((long) port << 8) | ProbeCodec.number(protocol);
    Map<Long, CellCounts> cells = ports.get(key);
    if (cells == null) {
      cells = new HashMap<>();
      for (Map.Entry<Long, FingerprintSources> e :
          db.read(c -> PortActivityReads.fingerprints(c, port, protocol, bucket)).entrySet()) {
        cells.put(e.getKey(), CellCounts.of(e.getValue().counts(), names));
      }
      ports.put(key, cells);
    }
    CellCounts counts = cells.get(bucketStart.getEpochSecond());
    return counts == null ? new HashMap<>() : counts.toMap();
  }

  /** A cell's distinct sources per fingerprint value: names shared across cells, counts packed. */
  private static final class CellCounts {
    private final String[] values;
    private final int[] sources;

    private CellCounts(String[] values, int[] sources) {
      this.values = values;
      this.sources = sources;
    }

    static CellCounts of(Map<String, Long> counts, Map<String, String> names) {
      String[] values = new String[counts.size()];
      int[] sources = new int[counts.size()];
      int i = 0;
      for (Map.Entry<String, Long> e : counts.entrySet()) {
        values[i] = names.computeIfAbsent(e.getKey(), k -> k);
        sources[i] = Math.toIntExact(e.getValue()); // at most FingerprintSources.CAP
        i++;
      }
      return new CellCounts(values, sources);
    }

    Map<String, Long> toMap() {
      Map<String, Long> map = new HashMap<>();
      for (int i = 0; i < values.length; i++) {
        map.put(values[i], (long) sources[i]);
      }
      return map;
    }
  }
}
