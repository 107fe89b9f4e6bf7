package org.stormwatch.core.nbns;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes NetBIOS Name Service messages (RFC 1002 section 4.2): over UDP one message per datagram,
 * over TCP each message behind a 2-byte length (section 4.2.1, "NAME SERVICE PACKETS over TCP").
 *
 * <p>What: the header with every flag, the questions, and the answer, authority and additional
 * records, names with their scope and DNS compression pointers (RFC 1035 section 4.1.4), NB records
 * (NB_FLAGS and addresses), WACK records (a copy of the request's flags), and NBSTAT node status
 * records (the name table with NAME_FLAGS, then the statistics that start with the unit id). Other
 * types keep only their length; unknown opcodes, types and classes pass through with their numbers.
 *
 * <p>Why so: scanners write whatever bytes they like to port 137, and one hostile datagram must
 * never stop a capture being read. So no exception reaches the caller: a message that cannot be
 * decoded becomes a {@link NbnsDecodeResult.Malformed} with a typed reason, the offset of the
 * defect and what was decoded before it, and the caller counts it.
 *
 * <p>Bounds: every length, count and pointer is checked against the data before use; unsigned
 * fields are read into wider types. The work is linear in the message length: every question takes
 * at least 5 bytes and every record 11, so the loops over the counts end when the data does; a name
 * keeps at most {@value #MAX_NAME_LENGTH} expanded bytes (a longer one becomes an illegal name, as
 * in Wireshark) and follows at most {@value #MAX_POINTERS} compression pointers, none twice ({@link
 * NbnsMalformed#POINTER_LOOP}). Names that break the first-level encoding are kept, not rejected,
 * as Wireshark keeps them (see {@link NbnsName}). Bytes after the last counted record are ignored,
 * as Wireshark ignores them.
 *
 * <p>Differences from Wireshark 4.0: Wireshark shows a pointer loop as a name and goes on; here it
 * makes the message malformed. Wireshark tolerates NB or NBSTAT RDATA that does not fit its length;
 * here that is {@link NbnsMalformed#BAD_RDATA_LENGTH}.
 */
public final class NbnsDecoder {
  /** The most compression pointers one name may follow. */
  static final int MAX_POINTERS = 64;

  /**
   * The longest name, in bytes once expanded (labels joined by dots), that Wireshark 4.0 still
   * shows: 253. A longer one is kept as an illegal name, not a malformed message (RFC 1035 section
   * 3.1 allows 255 bytes on the wire, which is 253 once expanded).
   */
  static final int MAX_NAME_LENGTH = 253;

  private static final int NB_ENTRY = 6; // NB_FLAGS (2) + NB_ADDRESS (4)
  private static final int NODE_NAME_ENTRY = 18; // 16-byte name + NAME_FLAGS (2)

  private NbnsDecoder() {}

  /**
   * Decodes one message, as a UDP datagram carries it.
   *
   * @throws IndexOutOfBoundsException only when offset and length do not lie inside buf
   */
  public static NbnsDecodeResult decode(byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    return new Reader(buf, offset, length).message();
  }

  /** Decodes the remaining bytes of a buffer as one message; the buffer's position is unchanged. */
  public static NbnsDecodeResult decode(ByteBuffer data) {
    if (data.hasArray()) {
      return decode(data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return decode(copy, 0, copy.length);
  }

  /**
   * The messages of a TCP stream segment: each one behind a 2-byte big-endian length.
   *
   * @param messages one result per whole frame, in order
   * @param consumed the bytes of whole frames; the rest is the start of a frame still to come
   */
  public record TcpMessages(List<NbnsDecodeResult> messages, int consumed) {
    public TcpMessages {
      messages = List.copyOf(messages);
    }
  }

  /**
   * Decodes the length-prefixed messages of TCP port 137 (RFC 1002 section 4.2.1). A frame cut
   * short at the end is not consumed, so that a stream reader can wait for the rest.
   *
   * @throws IndexOutOfBoundsException only when offset and length do not lie inside buf
   */
  public static TcpMessages decodeTcp(byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    List<NbnsDecodeResult> out = new ArrayList<>();
    int p = offset;
    int end = offset + length;
    // Each frame consumes at least its 2 length bytes, so this ends.
    while (end - p >= 2) {
      int frame = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
      if (frame > end - p - 2) {
        break;
      }
      out.add(decode(buf, p + 2, frame));
      p += 2 + frame;
    }
    return new TcpMessages(out, p - offset);
  }

  /** Thrown inside the decoder only, never out of it; no stack trace is taken. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final NbnsMalformed reason;
    final int at;

    Failure(NbnsMalformed reason, int at, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.at = at;
    }
  }

  /** One pass over one message; not shared between threads. */
  private static final class Reader {
    private final byte[] buf;
    private final int base;
    private final int end;
    private int pos;
    private final byte[] name = new byte[MAX_NAME_LENGTH];
    private final int[] hops = new int[MAX_POINTERS];
    private NbnsHeader header;
    private boolean inQuestion;
    private final List<NbnsQuestion> questions = new ArrayList<>(1);
    private final List<NbnsResourceRecord> answers = new ArrayList<>(1);
    private final List<NbnsResourceRecord> authorities = new ArrayList<>(0);
    private final List<NbnsResourceRecord> additionals = new ArrayList<>(1);

    Reader(byte[] buf, int offset, int length) {
      this.buf = buf;
      this.base = offset;
      this.end = offset + length;
      this.pos = offset;
    }

    NbnsDecodeResult message() {
      int length = end - base;
      if (length < NbnsHeader.LENGTH) {
        return new NbnsDecodeResult.Malformed(
            NbnsMalformed.TRUNCATED_HEADER,
            length,
            "only " + length + " bytes, the header needs 12",
            null);
      }
      header =
          new NbnsHeader(
              u16(base),
              u16(base + 2),
              u16(base + 4),
              u16(base + 6),
              u16(base + 8),
              u16(base + 10));
      pos = base + NbnsHeader.LENGTH;
      try {
        inQuestion = true;
        for (int i = 0; i < header.questionCount(); i++) {
          atEntry("question", i, header.questionCount());
          questions.add(question());
        }
        inQuestion = false;
        records("answer", header.answerCount(), answers);
        records("authority record", header.authorityCount(), authorities);
        records("additional record", header.additionalCount(), additionals);
      } catch (Failure f) {
        return new NbnsDecodeResult.Malformed(f.reason, f.at - base, f.getMessage(), partial());
      }
      return new NbnsDecodeResult.Decoded(partial(), pos - base);
    }

    private NbnsMessage partial() {
      return new NbnsMessage(header, questions, answers, authorities, additionals);
    }

    private void records(String what, int count, List<NbnsResourceRecord> into) {
      for (int i = 0; i < count; i++) {
        atEntry(what, i, count);
        into.add(record());
      }
    }

    /** Fails when the data ended exactly where the header promised another entry. */
    private void atEntry(String what, int index, int count) {
      if (pos == end) {
        throw new Failure(
            NbnsMalformed.COUNT_BEYOND_DATA,
            pos,
            String.format(
                Locale.ROOT,
                "the header counts %d %s(s) but the data ends before number %d;"
                    + " QDCOUNT %d ANCOUNT %d NSCOUNT %d ARCOUNT %d",
                count,
                what,
                index + 1,
                header.questionCount(),
                header.answerCount(),
                header.authorityCount(),
                header.additionalCount()));
      }
    }

    private NbnsQuestion question() {
      NbnsName n = name();
      need(4, "question type and class");
      NbnsQuestion q = new NbnsQuestion(n, u16(pos), u16(pos + 2));
      pos += 4;
      return q;
    }

    private NbnsResourceRecord record() {
      NbnsName n = name();
      need(10, "record type, class, TTL and RDLENGTH");
      int type = u16(pos);
      int rrClass = u16(pos + 2);
      long ttl = u32(pos + 4);
      int rdLength = u16(pos + 8);
      pos += 10;
      need(rdLength, "RDATA of " + rdLength + " bytes");
      NbnsRdata data = rdata(type, rdLength);
      pos += rdLength;
      return new NbnsResourceRecord(n, type, rrClass, ttl, rdLength, data);
    }

    private NbnsRdata rdata(int type, int rdLength) {
      if (type == NbnsTypes.NB) {
        if (header.opcode().equals(NbnsOpcode.WACK)) {
          if (rdLength != 2) {
            throw badRdata("WACK RDATA of " + rdLength + " bytes, expected 2");
          }
          return new NbnsRdata.WackFlags(u16(pos));
        }
        if (rdLength % NB_ENTRY != 0) {
          throw badRdata("NB RDATA of " + rdLength + " bytes is no multiple of 6");
        }
        List<NbnsRdata.NbAddress> entries = new ArrayList<>(rdLength / NB_ENTRY);
        for (int p = pos; p < pos + rdLength; p += NB_ENTRY) {
          entries.add(new NbnsRdata.NbAddress(u16(p), (int) u32(p + 2)));
        }
        return new NbnsRdata.Addresses(entries);
      }
      if (type == NbnsTypes.NBSTAT) {
        if (rdLength < 1) {
          throw badRdata("NBSTAT RDATA is empty, expected NUM_NAMES");
        }
        int count = buf[pos] & 0xff;
        int tableEnd = 1 + NODE_NAME_ENTRY * count;
        if (tableEnd > rdLength) {
          throw badRdata(count + " node names need " + tableEnd + " bytes, RDATA has " + rdLength);
        }
        List<NbnsRdata.NodeName> names = new ArrayList<>(count);
        byte[] raw = new byte[NbnsName.LENGTH];
        for (int i = 0; i < count; i++) {
          int p = pos + 1 + NODE_NAME_ENTRY * i;
          System.arraycopy(buf, p, raw, 0, NbnsName.LENGTH);
          names.add(new NbnsRdata.NodeName(NbnsName.ofBytes(raw, ""), u16(p + NbnsName.LENGTH)));
        }
        byte[] statistics = new byte[rdLength - tableEnd];
        System.arraycopy(buf, pos + tableEnd, statistics, 0, statistics.length);
        return new NbnsRdata.NodeStatus(names, statistics);
      }
      return new NbnsRdata.Opaque(rdLength);
    }

    /**
     * Reads a name at pos and leaves pos after it (after the first pointer, if any). Each turn of
     * the loop ends it, fails, walks forward over a label, or follows a pointer to a target not
     * seen before (at most MAX_POINTERS). Labels are copied only while the name fits; once it is
     * too long the walk stops at the first pointer, so between pointers the walk only moves forward
     * and the whole is linear in the message length.
     */
    private NbnsName name() {
      int n = 0;
      int p = pos;
      int resume = -1;
      int hopCount = 0;
      boolean tooLong = false;
      for (; ; ) {
        if (p >= end) {
          throw truncated(p, "name runs past the end of the data");
        }
        int len = buf[p] & 0xff;
        switch (len & 0xc0) {
          case 0x00:
            if (len == 0) {
              pos = resume >= 0 ? resume : p + 1;
              return tooLong ? NbnsName.tooLong() : NbnsName.fromExpanded(name, n);
            }
            if (len > end - p - 1) {
              throw truncated(p, "label of " + len + " bytes runs past the end of the data");
            }
            int dot = n == 0 ? 0 : 1;
            if (!tooLong && n + dot + len > MAX_NAME_LENGTH) {
              tooLong = true;
              if (resume >= 0) {
                pos = resume;
                return NbnsName.tooLong();
              }
            }
            if (!tooLong) {
              if (dot == 1) {
                name[n++] = '.';
              }
              System.arraycopy(buf, p + 1, name, n, len);
              n += len;
            }
            p += 1 + len;
            break;
          case 0xc0:
            if (p + 1 >= end) {
              throw truncated(p, "compression pointer cut short");
            }
            int target = ((len & 0x3f) << 8) | (buf[p + 1] & 0xff);
            if (resume < 0) {
              resume = p + 2;
            }
            if (target >= end - base) {
              throw new Failure(
                  NbnsMalformed.POINTER_OUT_OF_RANGE,
                  p,
                  "pointer to offset " + target + " in a message of " + (end - base) + " bytes");
            }
            if (tooLong) {
              pos = resume;
              return NbnsName.tooLong();
            }
            for (int k = 0; k < hopCount; k++) {
              if (hops[k] == target) {
                throw new Failure(
                    NbnsMalformed.POINTER_LOOP, p, "pointer back to offset " + target);
              }
            }
            if (hopCount == MAX_POINTERS) {
              throw new Failure(
                  NbnsMalformed.POINTER_LOOP, p, "more than " + MAX_POINTERS + " pointers");
            }
            hops[hopCount++] = target;
            p = base + target;
            break;
          default:
            throw new Failure(
                NbnsMalformed.BAD_LABEL_LENGTH,
                p,
                String.format(Locale.ROOT, "label length byte 0x%02x has reserved top bits", len));
        }
      }
    }

    private void need(int bytes, String what) {
      if (bytes > end - pos) {
        throw truncated(pos, what + " needs " + bytes + " bytes, " + (end - pos) + " left");
      }
    }

    private Failure truncated(int at, String detail) {
      return new Failure(
          inQuestion ? NbnsMalformed.TRUNCATED_QUESTION : NbnsMalformed.TRUNCATED_RECORD,
          at,
          detail);
    }

    private Failure badRdata(String detail) {
      return new Failure(NbnsMalformed.BAD_RDATA_LENGTH, pos, detail);
    }

    private int u16(int p) {
      return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }

    private long u32(int p) {
      return ((long) u16(p) << 16) | u16(p + 2);
    }
  }
}
