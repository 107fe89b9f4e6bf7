package org.stormwatch.core.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeFeatures;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * Encodes a {@link Probe} as a compact, versioned binary record and reads it back, for probes on a
 * Kafka topic or in a file of encoded probes. Layout (version 1; all fixed fields big-endian; the
 * full table with examples is docs/probe-encoding.md):
 *
 * <pre>
 * offset  size  field
 *   0      1    version, 1
 *   1      1    flags: 0x01 source is IPv6, 0x02 destination is IPv6, 0x04 TCP flags known,
 *               0x08 IP length known, 0x10 TTL known, 0x20 sensor present, 0x40 NBNS features
 *               present, 0x80 reserved (0)
 *   2      8    time, nanoseconds since the epoch (signed)
 *  10      1    protocol: 0 tcp, 1 udp, 2 icmp
 *  11      2    source port (unsigned)
 *  13      2    destination port (unsigned)
 *  15    4|16   source address (IPv4: 4 bytes; IPv6: the 16 bytes)
 *   .    4|16   destination address
 *   .     [1]   TCP flags                       (flag 0x04)
 *   .     [3]   IP length, unsigned 24-bit      (flag 0x08; at most 65,575)
 *   .     [1]   TTL                             (flag 0x10)
 *   .   [2+n]   sensor: unsigned 16-bit length, UTF-8   (flag 0x20)
 *   .     [.]   NBNS features                   (flag 0x40):
 *               1 source (0 payload, 1 length only); 1 bits: 0x01 response, 0x02 broadcast flag,
 *               0x04 wildcard NBSTAT, 0x08 high source port, 0x10 broadcast destination,
 *               0x20 forged, 0x40 probable wildcard NBSTAT, 0x80 reserved (0); 1 presence bits:
 *               0x01 first name, 0x02 malformed, others 0; 1 opcode (signed, -1..15);
 *               3 question type (signed 24-bit, -1..65535); [2+n] first name; [2+n] malformed;
 *               1 reason count; then per reason 1 code: 1..5 the known phrases of {@link
 *               NbnsFeatures} (broadcast flag on unicast, source port >= 1025, wildcard NBSTAT,
 *               forged, probable wildcard NBSTAT), 0 a phrase that follows as 2+n
 * </pre>
 *
 * <p>Why this layout: a typical IPv4 probe from a log line is 19 bytes (a capture's with flags,
 * length and TTL 24), a fifth of its JSON, and decoding needs no schema registry. The version byte
 * comes first so that a later layout can be told apart and old records still read. Decoding checks
 * every length against what is left and tells a record cut short ({@link
 * ProbeDecodeException#truncated()}) from one holding a value no encoder writes (corrupt), naming
 * the field and offset; trailing bytes are corrupt. A forged NBNS lookup with its features takes
 * 102 bytes, 61 of them the Wireshark text of the wildcard name. Thread-safe: no state.
 */
public final class ProbeCodec {
  /** The layout version written by {@link #encode}. */
  public static final int VERSION = 1;

  private static final int V6_SRC = 0x01;
  private static final int V6_DST = 0x02;
  private static final int HAS_FLAGS = 0x04;
  private static final int HAS_LENGTH = 0x08;
  private static final int HAS_TTL = 0x10;
  private static final int HAS_SENSOR = 0x20;
  private static final int HAS_NBNS = 0x40;
  private static final int RESERVED = 0x80;
  private static final int NAME_PRESENT = 0x01;
  private static final int MALFORMED_PRESENT = 0x02;
  private static final int MAX_STRING = 0xffff;
  private static final int MAX_REASONS = 0xff;

  /** Reasons written as one byte (their index + 1); 0 marks a reason written as text. */
  private static final List<String> KNOWN_REASONS =
      List.of(
          NbnsFeatures.BROADCAST_FLAG_ON_UNICAST,
          NbnsFeatures.HIGH_SOURCE_PORT,
          NbnsFeatures.WILDCARD_NBSTAT,
          NbnsFeatures.FORGED,
          NbnsFeatures.PROBABLE_WILDCARD_NBSTAT);

  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final NbnsFeatures.Source[] SOURCES = NbnsFeatures.Source.values();

  private ProbeCodec() {}

  /**
   * The record of a probe.
   *
   * @throws IllegalArgumentException when the probe has features of a kind this version cannot
   *     carry, or a string longer than 65,535 bytes
   */
  public static byte[] encode(Probe p) {
    boolean v6Src = !IpAddresses.isV4(p.srcHi(), p.srcLo());
    boolean v6Dst = !IpAddresses.isV4(p.dstHi(), p.dstLo());
    byte[] sensor = p.sensor().isEmpty() ? null : utf8(p.sensor(), "sensor");
    ProbeFeatures features = p.features();
    if (features != null && !(features instanceof NbnsFeatures)) {
      throw new IllegalArgumentException(
          "cannot encode features of type " + features.getClass().getSimpleName());
    }
    NbnsFeatures nbns = (NbnsFeatures) features;
    byte[] name = nbns == null || nbns.firstName() == null ? null : utf8(nbns.firstName(), "name");
    byte[] malformed =
        nbns == null || nbns.malformed() == null ? null : utf8(nbns.malformed(), "malformed");
    List<byte[]> reasons = new ArrayList<>();
    if (nbns != null) {
      if (nbns.reasons().size() > MAX_REASONS) {
        throw new IllegalArgumentException("too many NBNS reasons: " + nbns.reasons().size());
      }
      for (String r : nbns.reasons()) {
        reasons.add(KNOWN_REASONS.contains(r) ? null : utf8(r, "reason"));
      }
    }
    int size = 15 + (v6Src ? 16 : 4) + (v6Dst ? 16 : 4);
    size += (p.tcpFlags() >= 0 ? 1 : 0) + (p.ipLength() >= 0 ? 3 : 0) + (p.ttl() >= 0 ? 1 : 0);
    size += sensor == null ? 0 : 2 + sensor.length;
    if (nbns != null) {
      size += 7 + 1 + (name == null ? 0 : 2 + name.length);
      size += malformed == null ? 0 : 2 + malformed.length;
      for (byte[] r : reasons) {
        size += 1 + (r == null ? 0 : 2 + r.length);
      }
    }
    int flags =
        (v6Src ? V6_SRC : 0)
            | (v6Dst ? V6_DST : 0)
            | (p.tcpFlags() >= 0 ? HAS_FLAGS : 0)
            | (p.ipLength() >= 0 ? HAS_LENGTH : 0)
            | (p.ttl() >= 0 ? HAS_TTL : 0)
            | (sensor != null ? HAS_SENSOR : 0)
            | (nbns != null ? HAS_NBNS : 0);
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) VERSION).put((byte) flags).putLong(p.timeNanos());
    out.put((byte) p.protocol().ordinal()).putShort((short) p.srcPort());
    out.putShort((short) p.dstPort());
    putAddress(out, v6Src, p.srcHi(), p.srcLo());
    putAddress(out, v6Dst, p.dstHi(), p.dstLo());
    if (p.tcpFlags() >= 0) {
      out.put((byte) p.tcpFlags());
    }
    if (p.ipLength() >= 0) {
      putInt24(out, p.ipLength());
    }
    if (p.ttl() >= 0) {
      out.put((byte) p.ttl());
    }
    if (sensor != null) {
      putString(out, sensor);
    }
    if (nbns != null) {
      out.put((byte) nbns.source().ordinal());
      out.put(
          (byte)
              ((nbns.response() ? 0x01 : 0)
                  | (nbns.broadcastFlag() ? 0x02 : 0)
                  | (nbns.wildcardNodeStatus() ? 0x04 : 0)
                  | (nbns.highSourcePort() ? 0x08 : 0)
                  | (nbns.broadcastDestination() ? 0x10 : 0)
                  | (nbns.forged() ? 0x20 : 0)
                  | (nbns.probableWildcardNodeStatus() ? 0x40 : 0)));
      out.put(
          (byte) ((name != null ? NAME_PRESENT : 0) | (malformed != null ? MALFORMED_PRESENT : 0)));
      out.put((byte) nbns.opcode());
      putInt24(out, nbns.questionType());
      if (name != null) {
        putString(out, name);
      }
      if (malformed != null) {
        putString(out, malformed);
      }
      out.put((byte) reasons.size());
      for (int i = 0; i < reasons.size(); i++) {
        byte[] r = reasons.get(i);
        out.put((byte) (r == null ? KNOWN_REASONS.indexOf(nbns.reasons().get(i)) + 1 : 0));
        if (r != null) {
          putString(out, r);
        }
      }
    }
    return out.array();
  }

  /**
   * The probe of a record written by {@link #encode}.
   *
   * @throws ProbeDecodeException naming the field, its offset and whether the record is truncated
   *     or corrupt
   */
  public static Probe decode(byte[] bytes) {
    return new Reader(bytes).probe();
  }

  private static void putAddress(ByteBuffer out, boolean v6, long hi, long lo) {
    if (v6) {
      out.putLong(hi).putLong(lo);
    } else {
      out.putInt((int) IpAddresses.v4(lo));
    }
  }

  private static void putInt24(ByteBuffer out, int value) {
    out.put((byte) (value >> 16)).put((byte) (value >> 8)).put((byte) value);
  }

  private static void putString(ByteBuffer out, byte[] text) {
    out.putShort((short) text.length).put(text);
  }

  private static byte[] utf8(String text, String what) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_STRING) {
      throw new IllegalArgumentException(what + " longer than 65,535 bytes: " + bytes.length);
    }
    return bytes;
  }

  /** One pass over one record; every read checks what is left first. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] bytes) {
      this.b = bytes;
    }

    Probe probe() {
      int version = u8("version");
      if (version != VERSION) {
        throw corrupt(0, "unknown version " + version + " (this reader knows " + VERSION + ")");
      }
      int flags = u8("flags");
      if ((flags & RESERVED) != 0) {
        throw corrupt(1, String.format("reserved flag bit set (flags 0x%02x)", flags));
      }
      long time = s64("time");
      int protocolAt = pos;
      int protocol = u8("protocol");
      if (protocol >= PROTOCOLS.length) {
        throw corrupt(protocolAt, "unknown protocol " + protocol);
      }
      int srcPort = u16("source port");
      int dstPort = u16("destination port");
      long[] src = address((flags & V6_SRC) != 0, "source address");
      long[] dst = address((flags & V6_DST) != 0, "destination address");
      int tcpFlags = (flags & HAS_FLAGS) != 0 ? u8("TCP flags") : Probe.UNKNOWN;
      int lengthAt = pos;
      int ipLength = (flags & HAS_LENGTH) != 0 ? u24("IP length") : Probe.UNKNOWN;
      if (ipLength > 0xffff + 40) {
        throw corrupt(lengthAt, "IP length " + ipLength + " above 65,575");
      }
      int ttl = (flags & HAS_TTL) != 0 ? u8("TTL") : Probe.UNKNOWN;
      String sensor = (flags & HAS_SENSOR) != 0 ? string("sensor") : "";
      if ((flags & HAS_SENSOR) != 0 && sensor.isEmpty()) {
        throw corrupt(pos - 2, "sensor flagged but empty");
      }
      NbnsFeatures nbns = (flags & HAS_NBNS) != 0 ? nbns() : null;
      if (pos != b.length) {
        throw corrupt(pos, (b.length - pos) + " bytes after the record");
      }
      return new Probe(
          time,
          src[0],
          src[1],
          srcPort,
          dst[0],
          dst[1],
          dstPort,
          PROTOCOLS[protocol],
          tcpFlags,
          ipLength,
          ttl,
          sensor,
          nbns);
    }

    private NbnsFeatures nbns() {
      int sourceAt = pos;
      int source = u8("NBNS source");
      if (source >= SOURCES.length) {
        throw corrupt(sourceAt, "unknown NBNS source " + source);
      }
      int bitsAt = pos;
      int bits = u8("NBNS bits");
      if ((bits & 0x80) != 0) {
        throw corrupt(bitsAt, String.format("reserved NBNS bit set (0x%02x)", bits));
      }
      int presentAt = pos;
      int present = u8("NBNS presence bits");
      if ((present & ~(NAME_PRESENT | MALFORMED_PRESENT)) != 0) {
        throw corrupt(presentAt, String.format("reserved NBNS presence bit set (0x%02x)", present));
      }
      int opcodeAt = pos;
      int opcode = (byte) u8("NBNS opcode");
      if (opcode < -1 || opcode > 15) {
        throw corrupt(opcodeAt, "NBNS opcode " + opcode + " outside -1..15");
      }
      int typeAt = pos;
      int type = (u24("NBNS question type") << 8) >> 8;
      if (type < -1 || type > 0xffff) {
        throw corrupt(typeAt, "NBNS question type " + type + " outside -1..65535");
      }
      String name = (present & NAME_PRESENT) != 0 ? string("NBNS name") : null;
      String malformed = (present & MALFORMED_PRESENT) != 0 ? string("NBNS malformed") : null;
      int count = u8("NBNS reason count");
      List<String> reasons = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int codeAt = pos;
        int code = u8("NBNS reason code");
        if (code > KNOWN_REASONS.size()) {
          throw corrupt(codeAt, "unknown NBNS reason code " + code);
        }
        String reason = code == 0 ? string("NBNS reason") : KNOWN_REASONS.get(code - 1);
        if (code == 0 && KNOWN_REASONS.contains(reason)) {
          throw corrupt(codeAt, "NBNS reason '" + reason + "' written as text, not as its code");
        }
        reasons.add(reason);
      }
      return new NbnsFeatures(
          SOURCES[source],
          (bits & 0x01) != 0,
          opcode,
          (bits & 0x02) != 0,
          type,
          name,
          (bits & 0x04) != 0,
          (bits & 0x08) != 0,
          (bits & 0x10) != 0,
          (bits & 0x20) != 0,
          (bits & 0x40) != 0,
          malformed,
          reasons);
    }

    private long[] address(boolean v6, String field) {
      if (v6) {
        int at = pos;
        long hi = s64(field);
        long lo = s64(field);
        if (IpAddresses.isV4(hi, lo)) {
          throw corrupt(at, field + " is an IPv4-mapped address in the IPv6 form");
        }
        return new long[] {hi, lo};
      }
      need(4, field);
      int v4 = u16(field) << 16 | u16(field);
      return new long[] {0, IpAddresses.v4Lo(v4)};
    }

    private String string(String field) {
      int at = pos;
      int length = u16(field + " length");
      need(length, field);
      if (ascii(pos, length)) {
        String text = new String(b, pos, length, StandardCharsets.ISO_8859_1);
        pos += length;
        return text;
      }
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try {
        CharBuffer text = decoder.decode(ByteBuffer.wrap(b, pos, length));
        pos += length;
        return text.toString();
      } catch (CharacterCodingException e) {
        throw corrupt(at, field + " is not UTF-8");
      }
    }

    private boolean ascii(int from, int length) {
      for (int i = from; i < from + length; i++) {
        if (b[i] < 0) {
          return false;
        }
      }
      return true;
    }

    private void need(int n, String field) {
      if (b.length - pos < n) {
        throw new ProbeDecodeException(
            true,
            pos,
            "probe record truncated: "
                + field
                + " at offset "
                + pos
                + " needs "
                + n
                + " bytes, "
                + (b.length - pos)
                + " left");
      }
    }

    private int u8(String field) {
      need(1, field);
      return b[pos++] & 0xff;
    }

    private int u16(String field) {
      need(2, field);
      int v = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    private int u24(String field) {
      need(3, field);
      int v = (b[pos] & 0xff) << 16 | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff);
      pos += 3;
      return v;
    }

    private long s64(String field) {
      need(8, field);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[pos + i] & 0xff);
      }
      pos += 8;
      return v;
    }

    private static ProbeDecodeException corrupt(int offset, String what) {
      return new ProbeDecodeException(
          false, offset, "probe record corrupt at offset " + offset + ": " + what);
    }
  }
}
