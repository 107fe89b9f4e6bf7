package org.stormwatch.store;

import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.detect.Explanation;

/**
 * The stored form of an alert's explanation (the alert's other fields are columns).
 *
 * <pre>
 *   u8       format version (1)
 *   varint   explanation count n
 *   n times: string feature label, string value, f64 share, f64 baseline share
 * </pre>
 */
final class AlertCodec {
  static final int VERSION = 1;

  private AlertCodec() {}

  static byte[] encode(List<Explanation> explanation) {
    ByteWriter w = new ByteWriter(64);
    w.u8(VERSION).varint(explanation.size());
    for (Explanation e : explanation) {
      w.string(e.feature().label()).string(e.value()).f64(e.share()).f64(e.baselineShare());
    }
    return w.toBytes();
  }

  static List<Explanation> decode(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0, bytes.length, "alert explanation");
    int version = r.u8("version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "alert explanation: unknown format version " + version + " (expected " + VERSION + ")");
    }
    int n = r.count("explanation count", 1024);
    List<Explanation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new Explanation(
              FeatureCountsCodec.feature(r.string("feature")),
              r.string("value"),
              r.f64("share"),
              r.f64("baseline share")));
    }
    r.end();
    return out;
  }
}
