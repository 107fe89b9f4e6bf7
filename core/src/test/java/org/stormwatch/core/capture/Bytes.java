package org.stormwatch.core.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;

/**
 * Builds capture bytes field by field, in a chosen byte order, so that tests can write a file
 * inline with one comment per field. Multi-byte values are written in the current order; {@link
 * #hex} writes bytes exactly as given (wire order).
 */
public final class Bytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  private Bytes(ByteOrder order) {
    this.order = order;
  }

  /** A builder writing big-endian (network order) values. */
  public static Bytes be() {
    return new Bytes(ByteOrder.BIG_ENDIAN);
  }

  /** A builder writing little-endian values. */
  public static Bytes le() {
    return new Bytes(ByteOrder.LITTLE_ENDIAN);
  }

  public static Bytes of(ByteOrder order) {
    return new Bytes(order);
  }

  public Bytes order(ByteOrder newOrder) {
    this.order = newOrder;
    return this;
  }

  public Bytes u8(int v) {
    out.write(v);
    return this;
  }

  public Bytes u16(int v) {
    if (order == ByteOrder.BIG_ENDIAN) {
      out.write(v >>> 8);
      out.write(v);
    } else {
      out.write(v);
      out.write(v >>> 8);
    }
    return this;
  }

  public Bytes u32(long v) {
    if (order == ByteOrder.BIG_ENDIAN) {
      u16((int) (v >>> 16)).u16((int) v);
    } else {
      u16((int) v).u16((int) (v >>> 16));
    }
    return this;
  }

  public Bytes u64(long v) {
    if (order == ByteOrder.BIG_ENDIAN) {
      u32(v >>> 32).u32(v);
    } else {
      u32(v).u32(v >>> 32);
    }
    return this;
  }

  /** Bytes as written, in wire order: hex digits, whitespace ignored. */
  public Bytes hex(String hex) {
    return bytes(hexBytes(hex));
  }

  public Bytes bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  public Bytes zeros(int n) {
    return bytes(new byte[n]);
  }

  public int length() {
    return out.size();
  }

  public byte[] toArray() {
    return out.toByteArray();
  }

  public static byte[] hexBytes(String hex) {
    String h = hex.replaceAll("\\s+", "");
    if (h.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + hex);
    }
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  /**
   * A pcapng block: type, total length, the body padded to 32 bits, total length again. The body is
   * given as built by the caller (in the same byte order).
   */
  public static byte[] block(ByteOrder order, long type, byte[] body) {
    int padded = (body.length + 3) & ~3;
    int total = 12 + padded;
    return Bytes.of(order)
        .u32(type) // block type
        .u32(total) // block total length
        .bytes(body)
        .zeros(padded - body.length) // padding to 32 bits
        .u32(total) // block total length, repeated
        .toArray();
  }
}
