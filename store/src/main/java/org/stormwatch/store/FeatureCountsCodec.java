package org.stormwatch.store;

import java.util.Map;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.detect.FeatureCounts;

/**
 * The stored form of the feature histograms of one (hour, port, protocol) cell. Features are named
 * by their output label, so that reordering the enum cannot change what a stored cell means.
 *
 * <pre>
 *   u8       format version (1)
 *   varint   feature count f
 *   f times: string feature label, varint value count v, v times (string value, varint count)
 * </pre>
 *
 * Strings are a varint length and UTF-8. Merging two cells is {@link FeatureCounts#addAll}: totals
 * are exact; past {@link FeatureCounts#MAX_VALUES} values of a feature, which ones keep their own
 * count depends on the order of arrival (see there).
 */
final class FeatureCountsCodec {
  static final int VERSION = 1;

  private FeatureCountsCodec() {}

  static byte[] encode(FeatureCounts counts) {
    ByteWriter w = new ByteWriter(256);
    w.u8(VERSION);
    int features = 0;
    for (Feature f : Feature.values()) {
      if (!counts.values(f).isEmpty()) {
        features++;
      }
    }
    w.varint(features);
    for (Feature f : Feature.values()) {
      Map<String, Long> values = counts.values(f);
      if (values.isEmpty()) {
        continue;
      }
      w.string(f.label()).varint(values.size());
      for (Map.Entry<String, Long> e : values.entrySet()) {
        w.string(e.getKey()).varint(e.getValue());
      }
    }
    return w.toBytes();
  }

  /**
   * @throws IllegalArgumentException naming the defect when the bytes are no such form
   */
  static FeatureCounts decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, bytes.length, "feature counts");
    int version = r.u8("version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "feature counts: unknown format version " + version + " (expected " + VERSION + ")");
    }
    FeatureCounts out = new FeatureCounts();
    int features = r.count("feature count", Feature.values().length);
    for (int i = 0; i < features; i++) {
      Feature feature = feature(r.string("feature"));
      int values = r.count("value count", FeatureCounts.MAX_VALUES + 1);
      for (int v = 0; v < values; v++) {
        String value = r.string("value");
        long n = r.varint("count");
        if (n < 0) {
          throw new IllegalArgumentException("feature counts: negative count for " + value);
        }
        out.add(feature, value, n);
      }
    }
    r.end();
    return out;
  }

  static Feature feature(String label) {
    for (Feature f : Feature.values()) {
      if (f.label().equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown feature '" + label + "'");
  }
}
