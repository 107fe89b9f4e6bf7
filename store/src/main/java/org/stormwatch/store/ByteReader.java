package org.stormwatch.store;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote, checking every length against what is left. A value that
 * does not fit raises {@link IllegalArgumentException} naming what was read and the offset.
 */
final class ByteReader {
  private final byte[] buf;
  private final int end;
  private int pos;
  private final String what;

  ByteReader(byte[] buf, int offset, int end, String what) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
    this.what = what;
  }

  private void need(int n, String field) {
    if (n < 0 || end - pos < n) {
      throw new IllegalArgumentException(
          what + ": truncated at offset " + pos + " (" + field + " needs " + n + " bytes)");
    }
  }

  int u8(String field) {
    need(1, field);
    return buf[pos++] & 0xff;
  }

  int u16(String field) {
    need(2, field);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  int i32(String field) {
    need(4, field);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  long i64(String field) {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  long varint(String field) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, field);
      int b = buf[pos++] & 0xff;
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException(what + ": " + field + " varint too long at offset " + pos);
  }

  /** A varint that must lie in {@code [0, max]}. */
  int count(String field, int max) {
    long v = varint(field);
    if (v < 0 || v > max) {
      throw new IllegalArgumentException(
          what + ": " + field + " " + v + " out of range 0.." + max + " at offset " + pos);
    }
    return (int) v;
  }

  long zigzag(String field) {
    long v = varint(field);
    return (v >>> 1) ^ -(v & 1);
  }

  double f64(String field) {
    return Double.longBitsToDouble(i64(field));
  }

  String string(String field) {
    int n = count(field + " length", end - pos);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  String nullableString(String field) {
    int n = count(field + " length", end - pos + 1);
    if (n == 0) {
      return null;
    }
    need(n - 1, field);
    String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
    pos += n - 1;
    return s;
  }

  void bytes(byte[] into, String field) {
    need(into.length, field);
    System.arraycopy(buf, pos, into, 0, into.length);
    pos += into.length;
  }

  int position() {
    return pos;
  }

  /** Checks that everything was read. */
  void end() {
    if (pos != end) {
      throw new IllegalArgumentException(
          what + ": " + (end - pos) + " unexpected bytes after the end at offset " + pos);
    }
  }
}
