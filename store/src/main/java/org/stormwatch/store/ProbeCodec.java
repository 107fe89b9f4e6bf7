package org.stormwatch.store;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * The stored form of a chunk of probes that share a destination port and protocol: compact binary,
 * then zlib. Why: the probes are kept for drill-down (the top sources of a port on a day), read
 * rarely and in whole chunks; time deltas and 4-byte IPv4 addresses make a probe about 16 bytes
 * before compression, and runs of one scanner compress well after it.
 *
 * <pre>
 * Blob
 *   byte 0       format version (1)
 *   bytes 1..    zlib (RFC 1950: Deflate with an Adler-32 check) of the payload, level 1 (fastest)
 * Payload
 *   varint       probe count n (at most MAX_PROBES)
 *   u16          destination port          } shared by every probe of the chunk
 *   u8           protocol number (6, 17, 1) }
 *   varint       sensor names m, then m strings (varint length, UTF-8)
 *   n times:
 *     zigzag     time in ns minus the previous probe's (the first: minus 0)
 *     u8         flags: 0x01 source IPv4, 0x02 target IPv4, 0x04 TCP flags known,
 *                0x08 IP length known, 0x10 TTL known, 0x20 NBNS features follow
 *     4 | 16     source address (IPv4 or the 128 bits)
 *     u16        source port
 *     4 | 16     destination address
 *     [u8]       TCP flags       [varint] IP length       [u8] TTL
 *     varint     sensor index into the names
 *     [NBNS]     u8 source (0 payload, 1 length only), u8 bits (0x01 response, 0x02 broadcast flag,
 *                0x04 wildcard NBSTAT, 0x08 high source port, 0x10 broadcast destination,
 *                0x20 forged, 0x40 probable wildcard NBSTAT), zigzag opcode, zigzag question
 *                type, nullable first name, nullable malformed reason, varint reason count and
 *                the reasons (strings)
 * </pre>
 *
 * Nullable strings are a varint length + 1 (0 for null). Reading checks the version, every length
 * and count, and that nothing is left over: a damaged chunk is an error naming what is wrong.
 */
final class ProbeCodec {
  static final int VERSION = 1;

  /** Probes per chunk at most; a batch splits longer runs of one port and day. */
  static final int MAX_PROBES = 1 << 20;

  private static final int SRC_V4 = 0x01;
  private static final int DST_V4 = 0x02;
  private static final int HAS_FLAGS = 0x04;
  private static final int HAS_LENGTH = 0x08;
  private static final int HAS_TTL = 0x10;
  private static final int HAS_NBNS = 0x20;
  private static final int KNOWN_FLAGS = 0x3f;
  // Bounds the inflated size of a chunk, so that a corrupt blob cannot exhaust memory.
  private static final int MAX_PROBE_BYTES = 16 * 1024;

  private ProbeCodec() {}

  /** Encodes probes that all have the given port and protocol. */
  static byte[] encode(List<Probe> probes, int port, Protocol protocol) {
    if (probes.size() > MAX_PROBES) {
      throw new IllegalArgumentException("too many probes for one chunk: " + probes.size());
    }
    Map<String, Integer> sensorIndex = new HashMap<>();
    List<String> sensors = new ArrayList<>();
    for (Probe p : probes) {
      if (p.dstPort() != port || p.protocol() != protocol) {
        throw new IllegalArgumentException("probe of another port in the chunk of " + port);
      }
      if (sensorIndex.putIfAbsent(p.sensor(), sensors.size()) == null) {
        sensors.add(p.sensor());
      }
    }
    ByteWriter w = new ByteWriter(probes.size() * 20 + 64);
    w.varint(probes.size()).u16(port).u8(number(protocol)).varint(sensors.size());
    for (String s : sensors) {
      w.string(s);
    }
    long previous = 0;
    for (Probe p : probes) {
      w.zigzag(p.timeNanos() - previous);
      previous = p.timeNanos();
      boolean srcV4 = IpAddresses.isV4(p.srcHi(), p.srcLo());
      boolean dstV4 = IpAddresses.isV4(p.dstHi(), p.dstLo());
      NbnsFeatures nbns = p.features() instanceof NbnsFeatures ? (NbnsFeatures) p.features() : null;
      int flags =
          (srcV4 ? SRC_V4 : 0)
              | (dstV4 ? DST_V4 : 0)
              | (p.tcpFlags() >= 0 ? HAS_FLAGS : 0)
              | (p.ipLength() >= 0 ? HAS_LENGTH : 0)
              | (p.ttl() >= 0 ? HAS_TTL : 0)
              | (nbns != null ? HAS_NBNS : 0);
      w.u8(flags);
      address(w, srcV4, p.srcHi(), p.srcLo());
      w.u16(p.srcPort());
      address(w, dstV4, p.dstHi(), p.dstLo());
      if (p.tcpFlags() >= 0) {
        w.u8(p.tcpFlags());
      }
      if (p.ipLength() >= 0) {
        w.varint(p.ipLength());
      }
      if (p.ttl() >= 0) {
        w.u8(p.ttl());
      }
      w.varint(sensorIndex.get(p.sensor()));
      if (nbns != null) {
        nbns(w, nbns);
      }
    }
    return deflate(w.toBytes());
  }

  private static void address(ByteWriter w, boolean v4, long hi, long lo) {
    if (v4) {
      w.i32((int) IpAddresses.v4(lo));
    } else {
      w.i64(hi).i64(lo);
    }
  }

  private static void nbns(ByteWriter w, NbnsFeatures n) {
    w.u8(n.fromPayload() ? 0 : 1);
    w.u8(
        (n.response() ? 0x01 : 0)
            | (n.broadcastFlag() ? 0x02 : 0)
            | (n.wildcardNodeStatus() ? 0x04 : 0)
            | (n.highSourcePort() ? 0x08 : 0)
            | (n.broadcastDestination() ? 0x10 : 0)
            | (n.forged() ? 0x20 : 0)
            | (n.probableWildcardNodeStatus() ? 0x40 : 0));
    w.zigzag(n.opcode()).zigzag(n.questionType());
    w.nullableString(n.firstName()).nullableString(n.malformed());
    w.varint(n.reasons().size());
    for (String r : n.reasons()) {
      w.string(r);
    }
  }

  /**
   * Decodes a chunk.
   *
   * @throws IllegalArgumentException naming the defect when the blob is no chunk of this format
   */
  static List<Probe> decode(byte[] blob) {
    Cursor cursor = new Cursor(blob);
    List<Probe> out = new ArrayList<>(cursor.size());
    for (Probe p = cursor.next(); p != null; p = cursor.next()) {
      out.add(p);
    }
    return out;
  }

  /**
   * Reads a chunk's probes one at a time: the chunk is inflated into its compact form (about 16
   * bytes a probe) and each probe is made only when asked for, so that a reader merging many chunks
   * holds their compact forms rather than all their probes as objects.
   */
  static final class Cursor {
    private final ByteReader r;
    private final int n;
    private final int port;
    private final Protocol protocol;
    private final String[] sensors;
    private int read;
    private long time;

    /**
     * @throws IllegalArgumentException naming the defect when the blob is no chunk of this format
     */
    Cursor(byte[] blob) {
      if (blob.length == 0) {
        throw new IllegalArgumentException("probe chunk: empty");
      }
      if (blob[0] != VERSION) {
        throw new IllegalArgumentException(
            "probe chunk: unknown format version "
                + (blob[0] & 0xff)
                + " (expected "
                + VERSION
                + ")");
      }
      byte[] payload = inflate(blob);
      r = new ByteReader(payload, 0, payload.length, "probe chunk");
      n = r.count("probe count", MAX_PROBES);
      port = r.u16("port");
      protocol = protocol(r.u8("protocol"));
      int m = r.count("sensor count", n + 1);
      sensors = new String[m];
      for (int i = 0; i < m; i++) {
        sensors[i] = r.string("sensor");
      }
      if (n == 0) {
        r.end();
      }
    }

    /** The chunk's probe count. */
    int size() {
      return n;
    }

    /**
     * The next probe, or null after the last (having checked that nothing is left over).
     *
     * @throws IllegalArgumentException naming the defect when the chunk is damaged
     */
    Probe next() {
      if (read == n) {
        return null;
      }
      int i = read++;
      time += r.zigzag("time");
      int flags = r.u8("flags");
      if ((flags & ~KNOWN_FLAGS) != 0) {
        throw new IllegalArgumentException(
            "probe chunk: unknown flags 0x" + Integer.toHexString(flags) + " in probe " + i);
      }
      long[] src = address(r, (flags & SRC_V4) != 0);
      int srcPort = r.u16("source port");
      long[] dst = address(r, (flags & DST_V4) != 0);
      int tcpFlags = (flags & HAS_FLAGS) != 0 ? r.u8("TCP flags") : Probe.UNKNOWN;
      int ipLength = (flags & HAS_LENGTH) != 0 ? r.count("IP length", 0xffff + 40) : Probe.UNKNOWN;
      int ttl = (flags & HAS_TTL) != 0 ? r.u8("TTL") : Probe.UNKNOWN;
      int sensor = r.count("sensor index", sensors.length - 1);
      NbnsFeatures nbns = (flags & HAS_NBNS) != 0 ? nbns(r) : null;
      if (read == n) {
        r.end();
      }
      return new Probe(
          time,
          src[0],
          src[1],
          srcPort,
          dst[0],
          dst[1],
          port,
          protocol,
          tcpFlags,
          ipLength,
          ttl,
          sensors[sensor],
          nbns);
    }
  }

  private static long[] address(ByteReader r, boolean v4) {
    if (v4) {
      return new long[] {0, IpAddresses.v4Lo(r.i32("IPv4 address"))};
    }
    return new long[] {r.i64("IPv6 address"), r.i64("IPv6 address")};
  }

  private static NbnsFeatures nbns(ByteReader r) {
    int source = r.u8("NBNS source");
    if (source > 1) {
      throw new IllegalArgumentException("probe chunk: unknown NBNS source " + source);
    }
    int bits = r.u8("NBNS bits");
    long opcode = r.zigzag("NBNS opcode");
    long type = r.zigzag("NBNS question type");
    if (opcode < -1 || opcode > 15 || type < -1 || type > 0xffff) {
      throw new IllegalArgumentException("probe chunk: NBNS opcode or type out of range");
    }
    String name = r.nullableString("NBNS name");
    String malformed = r.nullableString("NBNS malformed reason");
    int reasons = r.count("NBNS reason count", 64);
    List<String> list = new ArrayList<>(reasons);
    for (int i = 0; i < reasons; i++) {
      list.add(r.string("NBNS reason"));
    }
    return new NbnsFeatures(
        source == 0 ? NbnsFeatures.Source.PAYLOAD : NbnsFeatures.Source.LENGTH_ONLY,
        (bits & 0x01) != 0,
        (int) opcode,
        (bits & 0x02) != 0,
        (int) type,
        name,
        (bits & 0x04) != 0,
        (bits & 0x08) != 0,
        (bits & 0x10) != 0,
        (bits & 0x20) != 0,
        (bits & 0x40) != 0,
        malformed,
        list);
  }

  static int number(Protocol protocol) {
    switch (protocol) {
      case TCP:
        return 6;
      case UDP:
        return 17;
      default:
        return 1;
    }
  }

  static Protocol protocol(int number) {
    switch (number) {
      case 6:
        return Protocol.TCP;
      case 17:
        return Protocol.UDP;
      case 1:
        return Protocol.ICMP;
      default:
        throw new IllegalArgumentException("unknown protocol number " + number);
    }
  }

  private static byte[] deflate(byte[] payload) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(payload);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 3 + 64);
      out.write(VERSION);
      // A commit encodes a chunk per (port, day): most are small, so is their buffer.
      byte[] buf = new byte[Math.min(1 << 16, payload.length + 64)];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] blob) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(blob, 1, blob.length - 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream(blob.length * 4);
      byte[] buf = new byte[1 << 16];
      long limit = (long) MAX_PROBES * MAX_PROBE_BYTES;
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("probe chunk: compressed data ends early");
        }
        out.write(buf, 0, n);
        if (out.size() > limit) {
          throw new IllegalArgumentException("probe chunk: inflates beyond any chunk's size");
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new IllegalArgumentException(
            "probe chunk: " + inflater.getRemaining() + " bytes after the compressed data");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("probe chunk: corrupt compressed data: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }
}
