package org.stormwatch.store;

import java.time.Instant;
import java.util.Map;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.model.Protocol;

/**
 * The stored feature histograms and fingerprint source sets of one detection run, for buckets of
 * one size. A bucket's sets are the capped union of its hours' ({@link FingerprintSources#addAll}):
 * exact min(distinct sources, CAP) per value, as when the probes are read from files. The detector
 * asks for a port's buckets one after another, so the sets of the last port asked for are read in
 * one query and kept (memory: one port's buckets).
 *
 * <p>A series that starts before the first hour stored with sets (a database upgraded from schema
 * 2) gets none: the fingerprint alarm is then off for it rather than reading the missing sets as no
 * sources. Not thread-safe; made per run, since it keeps what it read.
 */
final class StoredFeatures implements FeatureHistograms {
  private final Database db;
  private final BucketSize bucket;
  private Long since;
  private int cachedPort = -1;
  private Protocol cachedProtocol;
  private Map<Long, FingerprintSources> cached = Map.of();

  StoredFeatures(Database db, BucketSize bucket) {
    this.db = db;
    this.bucket = bucket;
  }

  @Override
  public FeatureCounts sum(int port, Protocol protocol, Instant from, Instant to) {
    return db.read(c -> PortActivityReads.features(c, port, protocol, from, to));
  }

  @Override
  public FingerprintSources fingerprintSources(int port, Protocol protocol, Instant bucketStart) {
    if (since == null) {
      since = db.read(PortActivityReads::fingerprintsSince);
    }
    if (bucketStart.getEpochSecond() < since) {
      return null;
    }
    if (port != cachedPort || protocol != cachedProtocol) {
      cached = db.read(c -> PortActivityReads.fingerprints(c, port, protocol, bucket));
      cachedPort = port;
      cachedProtocol = protocol;
    }
    FingerprintSources sets = cached.get(bucketStart.getEpochSecond());
    return sets == null ? new FingerprintSources() : sets;
  }
}
