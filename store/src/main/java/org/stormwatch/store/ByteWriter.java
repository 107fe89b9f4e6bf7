package org.stormwatch.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer with LEB128 varints, for the stored binary layouts. */
final class ByteWriter {
  private byte[] buf;
  private int size;

  ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }

  ByteWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  ByteWriter u16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  ByteWriter i32(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  ByteWriter i64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  /** An unsigned LEB128 varint: 7 bits a byte, low first, the high bit marking more. */
  ByteWriter varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  /** A signed value as a zigzag varint, so that small negative numbers stay short. */
  ByteWriter zigzag(long v) {
    return varint((v << 1) ^ (v >> 63));
  }

  ByteWriter f64(double v) {
    return i64(Double.doubleToLongBits(v));
  }

  /** A string: varint byte length, then UTF-8. */
  ByteWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  /** A string that may be null: varint length + 1 (0 for null), then UTF-8. */
  ByteWriter nullableString(String s) {
    if (s == null) {
      return varint(0);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length + 1L);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  int size() {
    return size;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, size);
  }
}
