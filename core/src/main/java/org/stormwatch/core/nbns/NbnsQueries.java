package org.stormwatch.core.nbns;

import java.nio.charset.StandardCharsets;

/**
 * Builds one-question NBNS requests (RFC 1002 section 4.2.12, 4.2.17) without scope: 50 bytes, a
 * 12-byte header, the 34-byte encoded name (length 0x20, 32 half-ASCII letters, root label), QTYPE
 * and QCLASS. For simulations, demos and tests: the forged lookups of 2002 are wildcard node status
 * queries with the broadcast flag; a legitimate lookup of one host has no broadcast flag.
 */
public final class NbnsQueries {
  /** Length of every request built here. */
  public static final int LENGTH = 50;

  private static final int NB = 0x20;
  private static final int NBSTAT = 0x21;

  private NbnsQueries() {}

  /** A node status (NBSTAT) request for the wildcard name {@code *}. */
  public static byte[] wildcardNodeStatus(int id, boolean broadcast) {
    byte[] q = new byte[LENGTH];
    write(q, id, broadcast, wildcardRaw(), NBSTAT);
    return q;
  }

  /**
   * A name query (NB) for a NetBIOS name: up to 15 characters, upper-cased and space-padded, then
   * the suffix byte (0x00 workstation, 0x20 file server).
   */
  public static byte[] nameQuery(int id, boolean broadcast, String name, int suffix) {
    if (name.length() > 15) {
      throw new IllegalArgumentException("NetBIOS name longer than 15 characters: '" + name + "'");
    }
    byte[] raw = new byte[16];
    byte[] text = name.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 15; i++) {
      raw[i] = i < text.length ? text[i] : (byte) ' ';
    }
    raw[15] = (byte) suffix;
    byte[] q = new byte[LENGTH];
    write(q, id, broadcast, raw, NB);
    return q;
  }

  /** Rewrites the transaction id (the first two bytes) of a request in place. */
  public static void setId(byte[] query, int id) {
    query[0] = (byte) (id >> 8);
    query[1] = (byte) id;
  }

  private static byte[] wildcardRaw() {
    byte[] raw = new byte[16];
    raw[0] = '*';
    return raw;
  }

  private static void write(byte[] q, int id, boolean broadcast, byte[] raw, int type) {
    setId(q, id);
    q[2] = 0; // flags, high byte: R=0, opcode 0 (query), AA/TC/RD 0
    q[3] = (byte) (broadcast ? 0x10 : 0x00); // flags, low byte: the B bit
    q[5] = 1; // QDCOUNT
    q[12] = 0x20; // name length: 32 half-ASCII letters
    for (int i = 0; i < 16; i++) {
      q[13 + 2 * i] = (byte) ('A' + ((raw[i] >> 4) & 0x0f));
      q[14 + 2 * i] = (byte) ('A' + (raw[i] & 0x0f));
    }
    q[45] = 0; // root label: no scope
    q[47] = (byte) type; // QTYPE
    q[49] = 0x01; // QCLASS IN
  }
}
