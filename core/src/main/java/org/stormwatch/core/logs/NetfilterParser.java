package org.stormwatch.core.logs;

import java.nio.charset.StandardCharsets;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.ProbeSink;
import org.stormwatch.core.model.Protocol;

/**
 * netfilter LOG lines (iptables, ip6tables, nftables), as syslog, journalctl or the DShield sensor
 * wrote them: a stamp (see {@link Stamps}), free text (host, {@code kernel:}, uptime, the log
 * prefix), then {@code KEY=VALUE} fields and bare TCP flag words from {@code IN=} on.
 *
 * <p>This is the hot path (the target is 1.5 million lines a second per core), so it reads the
 * line's bytes in one pass with no regular expression and no String per field: keys are matched by
 * length and bytes, numbers and dotted quads are read in place. Only IPv6 addresses that are not in
 * the full 39-character form netfilter prints fall back to {@link IpAddresses#parse}. The first
 * {@code LEN} is the IP length (UDP lines repeat {@code LEN} for the UDP length); TTL or HOPLIMIT
 * is the TTL. Reading stops at {@code [}, where an ICMP error quotes the packet it answers. Which
 * lines are probes: see {@link ProbeRules}.
 */
final class NetfilterParser implements LineParser {
  static final Skip NOT_NETFILTER = Outcome.skip("not a netfilter line");
  static final Skip FRAGMENT = Outcome.skip("ip fragment without ports");

  private static final int P_TCP = 6;
  private static final int P_UDP = 17;
  private static final int P_ICMP = 1;
  private static final int P_ICMPV6 = 58;
  private static final int P_OTHER = 255;
  private static final long SPACES = Bytes.lanes((byte) ' ');
  private static final long EQUALS = Bytes.lanes((byte) '=');
  private static final long NEWLINES = Bytes.lanes((byte) '\n');
  private static final int K_SRC = (int) key("SRC=");
  private static final int K_DST = (int) key("DST=");
  private static final int K_SPT = (int) key("SPT=");
  private static final int K_DPT = (int) key("DPT=");
  private static final int K_LEN = (int) key("LEN=");
  private static final int K_TTL = (int) key("TTL=");
  private static final long K_TYPE = key("TYPE=");
  private static final long K_CODE = key("CODE=");
  private static final long K_FRAG = key("FRAG=");
  private static final long K_PROTO = key("PROTO=");

  /**
   * The first four bytes of the keys read (as {@link #key} words; {@code HOPLIMIT=} is told by its
   * first byte instead), in a table of 32 under a multiplicative hash without collisions among
   * them: a token whose first four bytes are not in it (IN=, OUT=, MAC=, TOS=, WINDOW=...) is
   * passed over after one look-up.
   */
  private static final int[] KEYS = new int[32];

  private static final int KEY_HASH = 0x684d_f993;

  static {
    for (String k :
        new String[] {
          "SRC=", "DST=", "SPT=", "DPT=", "LEN=", "TTL=", "TYPE", "CODE", "FRAG", "PROT"
        }) {
      int slot = ((int) key(k) * KEY_HASH) >>> 27;
      if (KEYS[slot] != 0) {
        throw new AssertionError("key hash collision: " + k);
      }
      KEYS[slot] = (int) key(k);
    }
  }

  private static final long MASK5 = 0xff_ffff_ffffL;
  private static final long MASK6 = 0xffff_ffff_ffffL;

  private final Stamps stamps;

  /** Whether the line being parsed is open (see {@link #scanOpen}), and its end once known. */
  private boolean open;

  private int lineEnd;
  private long addrHi;
  private long addrLo;

  // The fields of the line being read, and of the probe it came to (see scan).
  private long time;
  private long srcHi;
  private long srcLo;
  private long dstHi;
  private long dstLo;
  private boolean haveSrc;
  private boolean haveDst;
  private int ipLen;
  private int ttl;
  private int proto;
  private int spt;
  private int dpt;
  private int type;
  private int code;
  private boolean frag;
  private int srcPort;
  private int dstPort;
  private Protocol protocol;
  private int tcpFlags;

  NetfilterParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  /** Whether a line carries netfilter fields (used by format detection). */
  static boolean looksLike(String line) {
    // A character outside Latin-1 becomes one '?', a surrogate pair too: so the bytes' length.
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    return indexOfIn(b, 0, b.length) >= 0 && line.contains("SRC=") && line.contains("PROTO=");
  }

  @Override
  public Outcome parse(ByteLine line) {
    open = false;
    lineEnd = line.end();
    Outcome outcome = scan(line, line.end(), EQUALS, SPACES);
    return outcome != null ? outcome : Outcome.probe(probe());
  }

  /**
   * Parses a line whose end is not known yet (see {@link LineSource#open}): a newline lies in
   * {@code [line.start(), line.end())}, and the line runs to the first one. The newline is found on
   * the way, by the same word reads that find the fields; {@link #lineEnd()} then gives its index.
   * The outcome is that of {@link #parse(ByteLine)} on the line without its newline, except for a
   * line that ends in {@code \r}: the caller must parse that one again, closed; and a probe comes
   * as {@code null}, its fields kept for {@link #emit} (no Probe object).
   */
  Outcome scanOpen(ByteLine line) {
    open = true;
    lineEnd = -1;
    Outcome outcome = scan(line, line.end(), NEWLINES, NEWLINES);
    if (lineEnd < 0) {
      lineEnd = Bytes.indexOf(line.bytes(), line.start(), line.end(), NEWLINES);
    }
    return outcome;
  }

  /** The index just past the last line's bytes: its newline after {@link #scanOpen}. */
  int lineEnd() {
    return lineEnd;
  }

  /**
   * The parse itself: the outcome of a line that is no probe, or {@code null} for a probe, whose
   * fields are then in {@link #time}, {@link #srcHi} ... {@link #ttl}. Every token and the search
   * for {@code IN=} also stop at the byte in {@code stopEquals} and {@code stopSpaces} (a newline
   * for an open line; for a closed one the byte already sought, which changes nothing).
   */
  private Outcome scan(ByteLine line, int to, long stopEquals, long stopSpaces) {
    byte[] b = line.bytes();
    int from = line.start();
    int in = indexOfIn(b, from, to, stopEquals);
    if (in < 0) {
      return NOT_NETFILTER;
    }
    if (!stamps.parse(line, 0, in - from)) {
      return Outcome.malformed("bad time stamp", text(line));
    }
    srcHi = 0;
    srcLo = -1;
    dstHi = 0;
    dstLo = -1;
    haveSrc = false;
    haveDst = false;
    ipLen = -1;
    ttl = -1;
    proto = -1;
    spt = -1;
    dpt = -1;
    type = -1;
    code = -1;
    frag = false;
    int flags = 0;
    int lastWord = b.length - 8;
    // The bytes from IN= on are read a word at a time: exact SWAR masks flag every space and every
    // stop byte in the word (Bytes.equalLanes), and each flag ends a token (a tab, a '\r' or any
    // other byte is part of its token, as before). A token is looked at once its end is known,
    // from the word at its start: a three-byte one may be a flag word; a longer one whose first
    // four bytes are those of a key read here (one multiply and one compare, KEYS) goes to field().
    // The loop keeps few values live (the fields are the parser's): C1 spills the rest.
    int tok = in;
    int q = in;
    boolean last = false;
    scan:
    while (true) {
      long w8 = q <= lastWord ? Bytes.word(b, q) : tailWord(b, q);
      long stops = Bytes.equalLanes(w8, stopSpaces);
      long m = Bytes.equalLanes(w8, SPACES) | stops;
      if (q + 8 >= to) {
        // The last word of the range: no flag at or past its end counts; the range's end ends the
        // last token.
        int keep = to - q;
        if (keep < 8) {
          m &= (1L << (keep << 3)) - 1;
        }
        last = true;
      }
      while (true) {
        int e;
        long low;
        if (m != 0) {
          low = m & -m;
          m ^= low;
          e = q + Bytes.firstLane(low);
        } else if (last) {
          e = to;
          low = 0;
        } else {
          break;
        }
        int n = e - tok;
        if (n > 0) {
          long w = tok <= lastWord ? Bytes.word(b, tok) : tailWord(b, tok);
          int key = (int) w;
          if ((key & 0xff) == '[') {
            if (open) {
              lineEnd = (stops & low) != 0 ? e : Bytes.indexOf(b, tok, to, NEWLINES);
            }
            break scan;
          }
          if (n == 3) {
            flags |= flagWord(key & 0xff_ffff);
          } else if (n >= 4 && (KEYS[(key * KEY_HASH) >>> 27] == key || (key & 0xff) == 'H')) {
            Outcome bad = field(line, b, tok, e, n, w);
            if (bad != null) {
              return bad;
            }
          }
        }
        if (open && (stops & low) != 0) {
          // The stop byte of an open line: its newline.
          lineEnd = e;
          break scan;
        }
        if (e >= to) {
          break scan;
        }
        tok = e + 1;
      }
      q += 8;
    }
    if (!haveSrc || !haveDst) {
      return Outcome.malformed("missing address", text(line));
    }
    if (proto < 0) {
      return Outcome.malformed("missing PROTO", text(line));
    }
    time = stamps.nanos();
    switch (proto) {
      case P_TCP:
      case P_UDP:
        if (spt < 0 || dpt < 0) {
          return frag ? FRAGMENT : badPort(line);
        }
        srcPort = spt;
        dstPort = dpt;
        if (proto == P_TCP) {
          Skip no = ProbeRules.tcp(flags);
          if (no != null) {
            return no;
          }
          protocol = Protocol.TCP;
          tcpFlags = flags;
        } else {
          protocol = Protocol.UDP;
          tcpFlags = Probe.UNKNOWN;
        }
        return null;
      case P_ICMP:
      case P_ICMPV6:
        if (type < 0 || type > 255) {
          return Outcome.malformed("bad icmp type", text(line));
        }
        if (!ProbeRules.isEchoRequest(type, proto == P_ICMPV6)) {
          return ProbeRules.ICMP_NOT_ECHO;
        }
        srcPort = code >= 0 && code <= 255 ? code : 0;
        dstPort = 8;
        protocol = Protocol.ICMP;
        tcpFlags = Probe.UNKNOWN;
        return null;
      default:
        return ProbeRules.OTHER_PROTOCOL;
    }
  }

  /**
   * Reads one field whose token {@code b[tok, e)} ({@code n} bytes, the first eight in {@code w})
   * may be a key read here, into this parser's fields; returns the malformed outcome of a bad
   * value, or {@code null}. The first {@code LEN} is the IP length, the last of the others counts.
   */
  private Outcome field(ByteLine line, byte[] b, int tok, int e, int n, long w) {
    int key = (int) w;
    if (key == K_SRC || key == K_DST) {
      if (!address(b, tok + 4, e)) {
        return badAddress(line);
      }
      if (key == K_SRC) {
        srcHi = addrHi;
        srcLo = addrLo;
        haveSrc = true;
      } else {
        dstHi = addrHi;
        dstLo = addrLo;
        haveDst = true;
      }
    } else if (key == K_SPT) {
      spt = Bytes.number(b, tok + 4, e);
      if (spt < 0 || spt > 0xffff) {
        return badPort(line);
      }
    } else if (key == K_DPT) {
      dpt = Bytes.number(b, tok + 4, e);
      if (dpt < 0 || dpt > 0xffff) {
        return badPort(line);
      }
    } else if (key == K_LEN) {
      if (ipLen < 0) {
        ipLen = Bytes.number(b, tok + 4, e);
        if (ipLen < 0 || ipLen > 0xffff + 40) {
          return Outcome.malformed("bad length", text(line));
        }
      }
    } else if (key == K_TTL) {
      ttl = Bytes.number(b, tok + 4, e);
      if (ttl < 0 || ttl > 255) {
        return Outcome.malformed("bad ttl", text(line));
      }
    } else if (n >= 5) {
      long key5 = w & MASK5;
      if (key5 == K_TYPE) {
        type = Bytes.number(b, tok + 5, e);
      } else if (key5 == K_CODE) {
        code = Bytes.number(b, tok + 5, e);
      } else if (key5 == K_FRAG) {
        frag = true;
      } else if (n >= 6 && (w & MASK6) == K_PROTO) {
        proto = protocol(b, tok + 6, e);
      } else if (n >= 9 && b[tok] == 'H' && isHopLimitKey(b, tok)) {
        ttl = Bytes.number(b, tok + 9, e);
        if (ttl < 0 || ttl > 255) {
          return Outcome.malformed("bad ttl", text(line));
        }
      }
    }
    return null;
  }

  /** Hands the probe of the last line {@link #scanOpen} read as one to a sink, as fields. */
  void emit(ProbeSink sink) {
    sink.acceptFields(
        time, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLen, ttl);
  }

  /** The probe of the last line {@link #scan} read as one. */
  private Probe probe() {
    return new Probe(
        time, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, protocol, tcpFlags, ipLen, ttl, "",
        null);
  }

  /** The line's text for a message; an open line is closed at its newline first. */
  private String text(ByteLine line) {
    if (open && lineEnd < 0) {
      lineEnd = Bytes.indexOf(line.bytes(), line.start(), line.end(), NEWLINES);
      line.set(line.bytes(), line.start(), lineEnd, line.number());
    } else if (open) {
      line.set(line.bytes(), line.start(), lineEnd, line.number());
    }
    return line.text();
  }

  private Outcome badAddress(ByteLine line) {
    return Outcome.malformed("bad address", text(line));
  }

  private Outcome badPort(ByteLine line) {
    return Outcome.malformed("bad or missing port", text(line));
  }

  /**
   * The index of {@code IN=} that starts the fields: at the start or after a character that is no
   * letter, digit or underscore (so that a prefix like {@code FW-IN=} text is not taken for it).
   */
  static int indexOfIn(byte[] b, int from, int to) {
    return indexOfIn(b, from, to, EQUALS);
  }

  /** {@link #indexOfIn(byte[], int, int)} that also gives up at the byte in {@code stop}. */
  private static int indexOfIn(byte[] b, int from, int to, long stop) {
    // Looks at each '=' (found eight bytes at a time) rather than at each byte for the 'I'.
    // (From the line's start, not two bytes in, so that a stop byte there is not passed over.)
    int eq = from;
    while (eq < to) {
      eq = Bytes.indexOfEither(b, eq, to, EQUALS, stop);
      if (eq < 0 || b[eq] != '=') {
        return -1;
      }
      int i = eq - 2;
      if (i >= from && b[i] == 'I' && b[i + 1] == 'N' && (i == from || !isWordByte(b[i - 1]))) {
        return i;
      }
      eq++;
    }
    return -1;
  }

  private static boolean isWordByte(byte p) {
    return (p >= 'A' && p <= 'Z')
        || (p >= 'a' && p <= 'z')
        || (p >= '0' && p <= '9')
        || p == '_'
        || p == '-';
  }

  /**
   * Whether a token's first '=' is its ninth byte and its key looks like {@code HOPLIMIT} (bytes 0,
   * 1, 3 and 7 are checked, as they always were).
   */
  private static boolean isHopLimitKey(byte[] b, int tok) {
    return b[tok + 8] == '='
        && b[tok + 1] == 'O'
        && b[tok + 3] == 'L'
        && b[tok + 7] == 'T'
        && b[tok + 2] != '='
        && b[tok + 4] != '='
        && b[tok + 5] != '='
        && b[tok + 6] != '=';
  }

  private static int protocol(byte[] b, int from, int to) {
    int len = to - from;
    if (len == 3 && b[from] == 'T' && b[from + 1] == 'C' && b[from + 2] == 'P') {
      return P_TCP;
    }
    if (len == 3 && b[from] == 'U' && b[from + 1] == 'D' && b[from + 2] == 'P') {
      return P_UDP;
    }
    if (len == 4
        && b[from] == 'I'
        && b[from + 1] == 'C'
        && b[from + 2] == 'M'
        && b[from + 3] == 'P') {
      return P_ICMP;
    }
    if (len == 6 && b[from] == 'I' && b[from + 4] == 'v' && b[from + 5] == '6') {
      return P_ICMPV6;
    }
    int n = Bytes.number(b, from, to);
    if (n == P_TCP || n == P_UDP || n == P_ICMP || n == P_ICMPV6) {
      return n;
    }
    return len == 0 ? -1 : P_OTHER;
  }

  /** The netfilter flag words, in the order of their bits (FIN 0x01 ... CWR 0x80). */
  private static final int[] FLAG_WORDS = {
    (int) key("FIN"), (int) key("SYN"), (int) key("RST"), (int) key("PSH"),
    (int) key("ACK"), (int) key("URG"), (int) key("ECE"), (int) key("CWR")
  };

  /** The flag bit a three-byte word (see {@link #key}) names, or 0 when it names none. */
  private static int flagWord(int word) {
    for (int bit = 0; bit < FLAG_WORDS.length; bit++) {
      if (FLAG_WORDS[bit] == word) {
        return 1 << bit;
      }
    }
    return 0;
  }

  /**
   * The bytes of an ASCII key as the low lanes of a little-endian word (see {@link Bytes#word}).
   */
  private static long key(String k) {
    long v = 0;
    for (int j = k.length() - 1; j >= 0; j--) {
      v = (v << 8) | k.charAt(j);
    }
    return v;
  }

  /**
   * The first bytes of a token that ends less than eight bytes before the array's end, in the low
   * lanes of a word (the lanes past the array's end are zero; no key is compared past the token).
   */
  private static long tailWord(byte[] b, int from) {
    long v = 0;
    for (int j = b.length - 1; j >= from; j--) {
      v = (v << 8) | (b[j] & 0xff);
    }
    return v;
  }

  /** Reads an address in {@code b[from, to)} into {@link #addrHi} and {@link #addrLo}. */
  private boolean address(byte[] b, int from, int to) {
    long v4 = Bytes.ipv4(b, from, to);
    if (v4 >= 0) {
      addrHi = 0;
      addrLo = IpAddresses.v4Lo((int) v4);
      return true;
    }
    if (to - from == 39 && fullV6(b, from)) {
      return true;
    }
    if (to - from > 45 || to - from < 2) {
      return false;
    }
    try {
      long[] a = IpAddresses.parse(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
      addrHi = a[0];
      addrLo = a[1];
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The uncompressed form {@code 2001:0db8:0000:...} that ip6tables prints. */
  private boolean fullV6(byte[] b, int from) {
    long hi = 0;
    long lo = 0;
    for (int g = 0; g < 8; g++) {
      int at = from + g * 5;
      if (g < 7 && b[at + 4] != ':') {
        return false;
      }
      int v = 0;
      for (int k = 0; k < 4; k++) {
        int h = hex(b[at + k]);
        if (h < 0) {
          return false;
        }
        v = (v << 4) | h;
      }
      if (g < 4) {
        hi = (hi << 16) | v;
      } else {
        lo = (lo << 16) | v;
      }
    }
    addrHi = hi;
    addrLo = lo;
    return true;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
