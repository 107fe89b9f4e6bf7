package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * Keeps, per (bucket, port, protocol), histograms of the features an explanation compares: the
 * source-port class, TCP flags, IP length, TTL band and, for probes carrying {@link NbnsFeatures},
 * the broadcast bit, question type, first name, forged verdict (decoded payloads) or the probable
 * wildcard NBSTAT length (log lines).
 *
 * <p>Also counts, per cell, the distinct sources showing each value of the fingerprint features
 * (source-port class, TCP flags, IP length, TTL band, NBNS forged verdict or probable wildcard), up
 * to {@link FingerprintSources#CAP}, and of the IP length and TTL band pair, for the fingerprint
 * alarm.
 *
 * <p>Memory: one {@link FeatureCounts} per cell, each at most {@link FeatureCounts#MAX_VALUES}
 * values per feature, so it grows with cells (like the port activity), never with probes. Cells of
 * two aggregators over different inputs merge by adding ({@link #addAll}). Not thread-safe.
 */
public final class FeatureAggregator implements ProbeSink, FeatureHistograms {
  private static final String[] FLAG_NAMES = {
    "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"
  };
  private static final String[] FLAGS_TEXT = new String[256];
  private static final String UNKNOWN = "unknown";
  private static final String NONE = "none";
  private static final String WILDCARD_TEXT = "*" + "<00>".repeat(15);

  static {
    for (int f = 0; f < 256; f++) {
      FLAGS_TEXT[f] = flagsText(f);
    }
  }

  private final BucketSize bucket;
  private final long bucketNanos;
  private final Map<Long, FeatureCounts> cells = new HashMap<>();
  private final Map<Long, FingerprintSources> sourceCells = new HashMap<>();
  private long lastKey = Long.MIN_VALUE;
  private FeatureCounts lastCell;
  private FingerprintSources lastSources;

  public FeatureAggregator(BucketSize bucket) {
    this.bucket = bucket;
    this.bucketNanos = bucket.seconds() * 1_000_000_000L;
  }

  public BucketSize bucket() {
    return bucket;
  }

  @Override
  public void accept(Probe p) {
    long key = key(Math.floorDiv(p.timeNanos(), bucketNanos), p.dstPort(), p.protocol());
    if (key != lastKey) {
      lastCell = cells.computeIfAbsent(key, k -> new FeatureCounts());
      lastSources = sourceCells.computeIfAbsent(key, k -> new FingerprintSources());
      lastKey = key;
    }
    FeatureCounts cell = lastCell;
    FingerprintSources sources = lastSources;
    long source = FingerprintSources.hash(p.srcHi(), p.srcLo());
    String portClass = sourcePortClass(p.srcPort(), p.dstPort());
    cell.add(Feature.SOURCE_PORT, portClass);
    sources.add(Feature.SOURCE_PORT.label(), portClass, source);
    if (p.protocol() == Protocol.TCP) {
      String flags = p.tcpFlags() < 0 ? UNKNOWN : FLAGS_TEXT[p.tcpFlags()];
      cell.add(Feature.TCP_FLAGS, flags);
      sources.add(Feature.TCP_FLAGS.label(), flags, source);
    }
    String length = p.ipLength() < 0 ? UNKNOWN : Integer.toString(p.ipLength());
    cell.add(Feature.IP_LENGTH, length);
    sources.add(Feature.IP_LENGTH.label(), length, source);
    String ttl = ttlBand(p.ttl());
    cell.add(Feature.TTL, ttl);
    sources.add(Feature.TTL.label(), ttl, source);
    sources.add(FingerprintSources.LENGTH_AND_TTL, length + "/" + ttl, source);
    if (p.features() instanceof NbnsFeatures) {
      addNbns(cell, sources, source, (NbnsFeatures) p.features());
    }
  }

  private static void addNbns(
      FeatureCounts cell, FingerprintSources sources, long source, NbnsFeatures n) {
    if (!n.fromPayload()) {
      String wildcard = n.probableWildcardNodeStatus() ? "yes" : "no";
      cell.add(Feature.NBNS_PROBABLE_WILDCARD, wildcard);
      sources.add(Feature.NBNS_PROBABLE_WILDCARD.label(), wildcard, source);
      return;
    }
    cell.add(Feature.NBNS_BROADCAST, n.broadcastFlag() ? "set" : "clear");
    cell.add(Feature.NBNS_QUERY_TYPE, queryType(n.questionType()));
    cell.add(Feature.NBNS_NAME, name(n.firstName()));
    String forged = n.forged() ? "forged" : "not forged";
    cell.add(Feature.NBNS_FORGED, forged);
    sources.add(Feature.NBNS_FORGED.label(), forged, source);
  }

  /** Adds every cell of another aggregator (same bucket size) to this one. */
  public void addAll(FeatureAggregator other) {
    if (other.bucket != bucket) {
      throw new IllegalArgumentException(
          "cannot merge " + other.bucket.label() + " buckets into " + bucket.label());
    }
    for (Map.Entry<Long, FeatureCounts> e : other.cells.entrySet()) {
      cells.computeIfAbsent(e.getKey(), k -> new FeatureCounts()).addAll(e.getValue());
    }
    for (Map.Entry<Long, FingerprintSources> e : other.sourceCells.entrySet()) {
      sourceCells.computeIfAbsent(e.getKey(), k -> new FingerprintSources()).addAll(e.getValue());
    }
  }

  @Override
  public FeatureCounts sum(int port, Protocol protocol, Instant from, Instant to) {
    FeatureCounts out = new FeatureCounts();
    long first = Math.floorDiv(from.getEpochSecond() + bucket.seconds() - 1, bucket.seconds());
    long end = Math.floorDiv(to.getEpochSecond() + bucket.seconds() - 1, bucket.seconds());
    for (long b = first; b < end; b++) {
      FeatureCounts cell = cells.get(key(b, port, protocol));
      if (cell != null) {
        out.addAll(cell);
      }
    }
    return out;
  }

  @Override
  public FingerprintSources fingerprintSources(int port, Protocol protocol, Instant bucketStart) {
    long b = Math.floorDiv(bucketStart.getEpochSecond(), bucket.seconds());
    FingerprintSources cell = sourceCells.get(key(b, port, protocol));
    return cell == null ? new FingerprintSources() : cell;
  }

  /**
   * The capped source sets of the cell whose bucket starts at {@code bucketStart}, as a new object
   * (empty when the cell saw no probe): what the store and the Flink job keep per cell.
   */
  public FingerprintSources fingerprintCell(int port, Protocol protocol, Instant bucketStart) {
    long b = Math.floorDiv(bucketStart.getEpochSecond(), bucket.seconds());
    FingerprintSources cell = sourceCells.get(key(b, port, protocol));
    return cell == null ? new FingerprintSources() : cell.copy();
  }

  private static long key(long bucketIndex, int port, Protocol protocol) {
    return (bucketIndex << 18) | ((long) port << 2) | protocol.ordinal();
  }

  /** {@code equal to the port}, {@code below 1024}, {@code 1024-4999}, {@code 5000 and up}. */
  static String sourcePortClass(int srcPort, int dstPort) {
    if (srcPort == dstPort) {
      return "equal to the port";
    }
    if (srcPort < 1024) {
      return "below 1024";
    }
    return srcPort < 5000 ? "1024-4999" : "5000 and up";
  }

  static String ttlBand(int ttl) {
    if (ttl < 0) {
      return UNKNOWN;
    }
    if (ttl <= 32) {
      return "<=32";
    }
    if (ttl <= 64) {
      return "33-64";
    }
    return ttl <= 128 ? "65-128" : "129-255";
  }

  static String flagsText(int flags) {
    if (flags == 0) {
      return "NULL";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if ((flags & (1 << i)) != 0) {
        sb.append(sb.length() > 0 ? "," : "").append(FLAG_NAMES[i]);
      }
    }
    return sb.toString();
  }

  private static String queryType(int type) {
    switch (type) {
      case -1:
        return NONE;
      case 0x20:
        return "NB";
      case 0x21:
        return "NBSTAT";
      default:
        return String.format("0x%04x", type);
    }
  }

  /**
   * The Wireshark text, with the wildcard (a star, 14 zero bytes, suffix 0) shortened to {@code *}.
   */
  private static String name(String text) {
    if (text == null) {
      return NONE;
    }
    // Samba pads the star with spaces, which Wireshark's text trims away.
    return text.equals(WILDCARD_TEXT) || text.equals("*<00>") ? "*" : text;
  }
}
