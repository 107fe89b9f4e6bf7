package org.stormwatch.core.nbns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds NBNS bytes for tests, field by field. */
final class NbnsBytes {
  private NbnsBytes() {}

  /** The values as bytes (each 0..255). */
  static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 0xff) {
        throw new IllegalArgumentException("not a byte: " + values[i]);
      }
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** Hex digits, spaces ignored. */
  static byte[] hex(String digits) {
    return java.util.HexFormat.of().parseHex(digits.replace(" ", ""));
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] u16(int v) {
    return b((v >>> 8) & 0xff, v & 0xff);
  }

  static byte[] u32(long v) {
    return b(
        (int) (v >>> 24) & 0xff, (int) (v >>> 16) & 0xff, (int) (v >>> 8) & 0xff, (int) v & 0xff);
  }

  /** ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT. */
  static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
    return cat(u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar));
  }

  /** Length 0x20, the 32 letters of the first-level encoding, the scope labels, then 0x00. */
  static byte[] name(String name, int suffix, String... scope) {
    String letters = NbnsName.of(name, suffix, "").firstLevelEncoding();
    byte[] out = cat(b(0x20), letters.getBytes(StandardCharsets.US_ASCII));
    for (String label : scope) {
      out = cat(out, b(label.length()), label.getBytes(StandardCharsets.US_ASCII));
    }
    return cat(out, b(0));
  }

  /** The wildcard {@code *} (then 15 zero bytes): CKAAAA...AA. */
  static byte[] wildcardName() {
    return cat(
        b(0x20),
        NbnsName.wildcard().firstLevelEncoding().getBytes(StandardCharsets.US_ASCII),
        b(0));
  }

  /** A raw label: its length byte, then the text. */
  static byte[] label(String text) {
    return cat(b(text.length()), text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
