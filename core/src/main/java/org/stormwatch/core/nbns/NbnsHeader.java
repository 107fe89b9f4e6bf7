package org.stormwatch.core.nbns;

/**
 * The 12-byte NBNS header (RFC 1002 section 4.2.1.1), all fields unsigned. The flags word is kept
 * whole (as Wireshark's {@code nbns.flags} shows it) and read through the accessors:
 *
 * <pre>
 *  bit 15   14-11    10  9   8   7   6-5  4   3-0
 *     +---+--------+---+---+---+---+----+---+-------+
 *     | R | OPCODE |AA |TC |RD |RA | 00 | B | RCODE |
 *     +---+--------+---+---+---+---+----+---+-------+
 * </pre>
 *
 * @param id NAME_TRN_ID, 0 to 65535
 * @param flags the 16-bit flags word, 0 to 65535
 */
public record NbnsHeader(
    int id,
    int flags,
    int questionCount,
    int answerCount,
    int authorityCount,
    int additionalCount) {

  /** The length of the header in bytes. */
  public static final int LENGTH = 12;

  public NbnsHeader {
    check(id, "transaction id");
    check(flags, "flags");
    check(questionCount, "QDCOUNT");
    check(answerCount, "ANCOUNT");
    check(authorityCount, "NSCOUNT");
    check(additionalCount, "ARCOUNT");
  }

  private static void check(int value, String what) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException("NBNS " + what + " out of range 0..65535: " + value);
    }
  }

  /** R: a response (true) or a request. */
  public boolean response() {
    return (flags & 0x8000) != 0;
  }

  public NbnsOpcode opcode() {
    return NbnsOpcode.of((flags >>> 11) & 0xf);
  }

  /** AA: authoritative answer. */
  public boolean authoritative() {
    return (flags & 0x0400) != 0;
  }

  /** TC: truncated (the message did not fit in a datagram). */
  public boolean truncation() {
    return (flags & 0x0200) != 0;
  }

  /** RD: recursion desired. */
  public boolean recursionDesired() {
    return (flags & 0x0100) != 0;
  }

  /** RA: recursion available. */
  public boolean recursionAvailable() {
    return (flags & 0x0080) != 0;
  }

  /** Bits 6 and 5, which RFC 1002 requires to be zero; nonzero values are kept, not rejected. */
  public int reservedBits() {
    return (flags >>> 5) & 0x3;
  }

  /** B: the packet was broadcast or multicast (0x0010). */
  public boolean broadcast() {
    return (flags & 0x0010) != 0;
  }

  /** RCODE, 0 to 15: 0 no error, 1 format error, 2 server failure, 3 name error, ... */
  public int rcode() {
    return flags & 0xf;
  }
}
