package org.stormwatch.core.detect;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The byte form of one cell's {@link FingerprintSources}: the capped source sets per fingerprint
 * value, as the store keeps them per (hour, port, protocol) and the Flink job in its state. Layout
 * (version 1, big-endian):
 *
 * <pre>
 * size  field
 *   1   version, 1
 *   1   kind count k (0 to 32)
 *   k times, kinds in ascending order, no two equal:
 *     1     kind length n (1 to 255), n bytes UTF-8
 *     1     value count v (1 to FeatureCounts.MAX_VALUES = 64)
 *     v times, values in ascending order, no two equal:
 *       2     value length m (0 to 65,535), m bytes UTF-8
 *       1     source count s (1 to FingerprintSources.CAP = 32)
 *       8*s   source hashes, ascending (signed), no two equal
 * </pre>
 *
 * <p>Why this form: it is canonical (equal sets give equal bytes, whatever the order the sources
 * came in), so a test or a store can compare cells by their bytes; a full value takes 3 + m + 256
 * bytes, an empty cell 2. Hashes are kept whole (64 bits) so that a merge of decoded sets counts
 * exactly what the in-memory sets count. Merging is decoding both and {@link
 * FingerprintSources#addAll}: exact min(distinct, CAP) per value kept.
 *
 * <p>Decoding checks every length and count against what is left and the limits above, and tells a
 * form cut short ({@link FingerprintDecodeException#truncated()}) from one holding what no encoder
 * writes (corrupt: an unknown version, a count out of range, a repeat or disorder, bad UTF-8,
 * trailing bytes), naming the field and its offset. Thread-safe: no state.
 */
public final class FingerprintSourcesCodec {
  /** The layout version written by {@link #encode}. */
  public static final int VERSION = 1;

  static final int MAX_KINDS = 32;

  private FingerprintSourcesCodec() {}

  /**
   * The canonical bytes of the sets.
   *
   * @throws IllegalArgumentException when a kind or value is too long for the layout
   */
  public static byte[] encode(FingerprintSources sources) {
    Map<String, Map<String, long[]>> sorted = sources.sorted();
    if (sorted.size() > MAX_KINDS) {
      throw new IllegalArgumentException("more than " + MAX_KINDS + " fingerprint kinds");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION);
    out.write(sorted.size());
    for (Map.Entry<String, Map<String, long[]>> kind : sorted.entrySet()) {
      byte[] name = kind.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length > 0xff) {
        throw new IllegalArgumentException("fingerprint kind of " + name.length + " bytes");
      }
      out.write(name.length);
      out.writeBytes(name);
      out.write(kind.getValue().size());
      for (Map.Entry<String, long[]> value : kind.getValue().entrySet()) {
        byte[] text = value.getKey().getBytes(StandardCharsets.UTF_8);
        if (text.length > 0xffff) {
          throw new IllegalArgumentException("fingerprint value of " + text.length + " bytes");
        }
        out.write(text.length >>> 8);
        out.write(text.length);
        out.writeBytes(text);
        long[] members = value.getValue();
        out.write(members.length);
        for (long h : members) {
          for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (h >>> shift));
          }
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * The sets of a form written by {@link #encode}.
   *
   * @throws FingerprintDecodeException naming the field and offset when the bytes are no such form
   */
  public static FingerprintSources decode(byte[] bytes) {
    Reader r = new Reader(bytes);
    int version = r.u8("version", "");
    if (version != VERSION) {
      throw r.corrupt(0, "unknown version " + version + " (expected " + VERSION + ")");
    }
    FingerprintSources out = new FingerprintSources();
    int kinds = r.count("kind count", "", 0, MAX_KINDS);
    String lastKind = null;
    for (int k = 0; k < kinds; k++) {
      int at = r.pos;
      String kind = r.text("kind", "", r.count("kind length", "", 1, 0xff));
      if (lastKind != null && kind.compareTo(lastKind) <= 0) {
        throw r.corrupt(at, "kind '" + kind + "' out of order or repeated");
      }
      lastKind = kind;
      int values = r.count("value count of ", kind, 1, FeatureCounts.MAX_VALUES);
      Map<String, long[]> sets = new HashMap<>();
      String lastValue = null;
      for (int v = 0; v < values; v++) {
        at = r.pos;
        String value = r.text("value of ", kind, r.u16("value length of ", kind));
        if (lastValue != null && value.compareTo(lastValue) <= 0) {
          throw r.corrupt(at, "value '" + value + "' of " + kind + " out of order or repeated");
        }
        lastValue = value;
        // Labels are joined only for a message: this loop runs for every hash of every cell.
        int n = r.count("source count of ", kind, value, 1, FingerprintSources.CAP);
        long[] set = new long[n + 1];
        set[0] = n;
        for (int i = 1; i <= n; i++) {
          at = r.pos;
          set[i] = r.i64(kind, value);
          if (i > 1 && set[i] <= set[i - 1]) {
            throw r.corrupt(
                at, "source hashes of " + kind + "=" + value + " out of order or repeated");
          }
        }
        sets.put(value, set);
      }
      out.sets.put(kind, sets);
    }
    if (r.pos != bytes.length) {
      throw r.corrupt(r.pos, (bytes.length - r.pos) + " trailing bytes");
    }
    return out;
  }

  private static final class Reader {
    final byte[] b;
    int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    /** Fails as truncated unless {@code n} bytes are left; the field is {@code label + context}. */
    void need(int n, String label, String context) {
      if (b.length - pos < n) {
        throw new FingerprintDecodeException(
            true,
            pos,
            "fingerprint sources: cut short in "
                + label
                + context
                + " at offset "
                + pos
                + " (needs "
                + n
                + " bytes, "
                + (b.length - pos)
                + " left)");
      }
    }

    FingerprintDecodeException corrupt(int at, String what) {
      return new FingerprintDecodeException(
          false, at, "fingerprint sources: corrupt at offset " + at + ": " + what);
    }

    int u8(String label, String context) {
      need(1, label, context);
      return b[pos++] & 0xff;
    }

    int u16(String label, String context) {
      need(2, label, context);
      int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    long i64(String kind, String value) {
      if (b.length - pos < 8) {
        need(8, "source hash of ", kind + "=" + value);
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos + i] & 0xff);
      }
      pos += 8;
      return v;
    }

    int count(String label, String context, int min, int max) {
      int at = pos;
      int v = u8(label, context);
      if (v < min || v > max) {
        throw corrupt(at, label + context + " " + v + " (allowed " + min + " to " + max + ")");
      }
      return v;
    }

    int count(String label, String kind, String value, int min, int max) {
      if (pos < b.length) {
        int v = b[pos] & 0xff;
        if (v >= min && v <= max) {
          pos++;
          return v;
        }
      }
      return count(label, kind + "=" + value, min, max);
    }

    String text(String label, String context, int length) {
      need(length, label, context);
      int at = pos;
      boolean ascii = true;
      for (int i = pos; i < pos + length; i++) {
        ascii &= b[i] >= 0;
      }
      if (ascii) {
        String s = new String(b, pos, length, StandardCharsets.US_ASCII);
        pos += length;
        return s;
      }
      try {
        String s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, pos, length))
                .toString();
        pos += length;
        return s;
      } catch (CharacterCodingException e) {
        throw corrupt(at, label + context + " is not UTF-8");
      }
    }
  }
}
