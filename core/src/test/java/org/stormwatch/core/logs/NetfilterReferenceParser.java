package org.stormwatch.core.logs;

import java.nio.charset.StandardCharsets;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The netfilter parser as it was before it was made faster (commit ce56b9e), kept as the oracle of
 * {@link NetfilterDifferentialTest}: the fast one must answer every line exactly as this one does.
 * Its stamps are parsed through the uncached {@link Stamps#parse(CharSequence, int, int)}.
 *
 * <p>Original description: netfilter LOG lines (iptables, ip6tables, nftables), as syslog,
 * journalctl or the DShield sensor wrote them: a stamp (see {@link Stamps}), free text (host,
 * {@code kernel:}, uptime, the log prefix), then {@code KEY=VALUE} fields and bare TCP flag words
 * from {@code IN=} on.
 *
 * <p>This is the hot path (the target is 1.5 million lines a second per core), so it reads the
 * line's bytes in one pass with no regular expression and no String per field: keys are matched by
 * length and bytes, numbers and dotted quads are read in place. Only IPv6 addresses that are not in
 * the full 39-character form netfilter prints fall back to {@link IpAddresses#parse}. The first
 * {@code LEN} is the IP length (UDP lines repeat {@code LEN} for the UDP length); TTL or HOPLIMIT
 * is the TTL. Reading stops at {@code [}, where an ICMP error quotes the packet it answers. Which
 * lines are probes: see {@link ProbeRules}.
 */
final class NetfilterReferenceParser implements LineParser {
  static final Skip NOT_NETFILTER = NetfilterParser.NOT_NETFILTER;
  static final Skip FRAGMENT = NetfilterParser.FRAGMENT;

  private static final int P_TCP = 6;
  private static final int P_UDP = 17;
  private static final int P_ICMP = 1;
  private static final int P_ICMPV6 = 58;
  private static final int P_OTHER = 255;

  private final Stamps stamps;
  private long addrHi;
  private long addrLo;

  NetfilterReferenceParser(LogOptions options) {
    this.stamps = new Stamps(options);
  }

  @Override
  public Outcome parse(ByteLine line) {
    byte[] b = line.bytes();
    int from = line.start();
    int to = line.end();
    int in = indexOfIn(b, from, to);
    if (in < 0) {
      return NOT_NETFILTER;
    }
    if (!stamps.parse((CharSequence) line, 0, in - from)) {
      return Outcome.malformed("bad time stamp", line.text());
    }
    long srcHi = 0;
    long srcLo = -1;
    long dstHi = 0;
    long dstLo = -1;
    boolean haveSrc = false;
    boolean haveDst = false;
    int ipLen = -1;
    int ttl = -1;
    int proto = -1;
    int spt = -1;
    int dpt = -1;
    int type = -1;
    int code = -1;
    int flags = 0;
    boolean frag = false;
    int i = in;
    while (i < to) {
      byte c = b[i];
      if (c == ' ') {
        i++;
        continue;
      }
      if (c == '[') {
        break;
      }
      int tok = i;
      int eq = -1;
      while (i < to && b[i] != ' ') {
        if (b[i] == '=' && eq < 0) {
          eq = i;
        }
        i++;
      }
      if (eq < 0) {
        flags |= flagWord(b, tok, i);
        continue;
      }
      int klen = eq - tok;
      int v = eq + 1;
      switch (klen) {
        case 3:
          if (b[tok] == 'S' && b[tok + 1] == 'R' && b[tok + 2] == 'C') {
            if (!address(b, v, i)) {
              return badAddress(line);
            }
            srcHi = addrHi;
            srcLo = addrLo;
            haveSrc = true;
          } else if (b[tok] == 'D' && b[tok + 1] == 'S' && b[tok + 2] == 'T') {
            if (!address(b, v, i)) {
              return badAddress(line);
            }
            dstHi = addrHi;
            dstLo = addrLo;
            haveDst = true;
          } else if (b[tok] == 'L' && b[tok + 1] == 'E' && b[tok + 2] == 'N') {
            if (ipLen < 0) {
              ipLen = number(b, v, i);
              if (ipLen < 0 || ipLen > 0xffff + 40) {
                return Outcome.malformed("bad length", line.text());
              }
            }
          } else if (b[tok] == 'T' && b[tok + 1] == 'T' && b[tok + 2] == 'L') {
            ttl = number(b, v, i);
            if (ttl < 0 || ttl > 255) {
              return Outcome.malformed("bad ttl", line.text());
            }
          } else if (b[tok] == 'S' && b[tok + 1] == 'P' && b[tok + 2] == 'T') {
            spt = number(b, v, i);
            if (spt < 0 || spt > 0xffff) {
              return badPort(line);
            }
          } else if (b[tok] == 'D' && b[tok + 1] == 'P' && b[tok + 2] == 'T') {
            dpt = number(b, v, i);
            if (dpt < 0 || dpt > 0xffff) {
              return badPort(line);
            }
          }
          break;
        case 4:
          if (b[tok] == 'T' && b[tok + 1] == 'Y' && b[tok + 2] == 'P' && b[tok + 3] == 'E') {
            type = number(b, v, i);
          } else if (b[tok] == 'C' && b[tok + 1] == 'O' && b[tok + 2] == 'D' && b[tok + 3] == 'E') {
            code = number(b, v, i);
          } else if (b[tok] == 'F' && b[tok + 1] == 'R' && b[tok + 2] == 'A' && b[tok + 3] == 'G') {
            frag = true;
          }
          break;
        case 5:
          if (b[tok] == 'P'
              && b[tok + 1] == 'R'
              && b[tok + 2] == 'O'
              && b[tok + 3] == 'T'
              && b[tok + 4] == 'O') {
            proto = protocol(b, v, i);
          }
          break;
        case 8:
          if (b[tok] == 'H' && b[tok + 1] == 'O' && b[tok + 3] == 'L' && b[tok + 7] == 'T') {
            ttl = number(b, v, i);
            if (ttl < 0 || ttl > 255) {
              return Outcome.malformed("bad ttl", line.text());
            }
          }
          break;
        default:
          break;
      }
    }
    if (!haveSrc || !haveDst) {
      return Outcome.malformed("missing address", line.text());
    }
    if (proto < 0) {
      return Outcome.malformed("missing PROTO", line.text());
    }
    long time = stamps.nanos();
    switch (proto) {
      case P_TCP:
      case P_UDP:
        if (spt < 0 || dpt < 0) {
          return frag ? FRAGMENT : badPort(line);
        }
        if (proto == P_TCP) {
          Skip no = ProbeRules.tcp(flags);
          if (no != null) {
            return no;
          }
          return Outcome.probe(
              new Probe(
                  time,
                  srcHi,
                  srcLo,
                  spt,
                  dstHi,
                  dstLo,
                  dpt,
                  Protocol.TCP,
                  flags,
                  ipLen,
                  ttl,
                  "",
                  null));
        }
        return Outcome.probe(
            new Probe(
                time,
                srcHi,
                srcLo,
                spt,
                dstHi,
                dstLo,
                dpt,
                Protocol.UDP,
                Probe.UNKNOWN,
                ipLen,
                ttl,
                "",
                null));
      case P_ICMP:
      case P_ICMPV6:
        if (type < 0 || type > 255) {
          return Outcome.malformed("bad icmp type", line.text());
        }
        if (!ProbeRules.isEchoRequest(type, proto == P_ICMPV6)) {
          return ProbeRules.ICMP_NOT_ECHO;
        }
        return Outcome.probe(
            new Probe(
                time,
                srcHi,
                srcLo,
                code >= 0 && code <= 255 ? code : 0,
                dstHi,
                dstLo,
                8,
                Protocol.ICMP,
                Probe.UNKNOWN,
                ipLen,
                ttl,
                "",
                null));
      default:
        return ProbeRules.OTHER_PROTOCOL;
    }
  }

  private static Outcome badAddress(ByteLine line) {
    return Outcome.malformed("bad address", line.text());
  }

  private static Outcome badPort(ByteLine line) {
    return Outcome.malformed("bad or missing port", line.text());
  }

  /**
   * The index of {@code IN=} that starts the fields: at the start or after a character that is no
   * letter, digit or underscore (so that a prefix like {@code FW-IN=} text is not taken for it).
   */
  static int indexOfIn(byte[] b, int from, int to) {
    for (int i = from; i + 2 < to; i++) {
      if (b[i] == 'I' && b[i + 1] == 'N' && b[i + 2] == '=') {
        if (i == from) {
          return i;
        }
        byte p = b[i - 1];
        boolean word =
            (p >= 'A' && p <= 'Z')
                || (p >= 'a' && p <= 'z')
                || (p >= '0' && p <= '9')
                || p == '_'
                || p == '-';
        if (!word) {
          return i;
        }
      }
    }
    return -1;
  }

  /** A decimal number of at most 9 digits in {@code b[from, to)}, or -1. */
  private static int number(byte[] b, int from, int to) {
    if (from >= to || to - from > 9) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
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
    int n = number(b, from, to);
    if (n == P_TCP || n == P_UDP || n == P_ICMP || n == P_ICMPV6) {
      return n;
    }
    return len == 0 ? -1 : P_OTHER;
  }

  /** The netfilter flag words, in the order of their bits (FIN 0x01 ... CWR 0x80). */
  private static final byte[][] FLAG_WORDS = {
    {'F', 'I', 'N'}, {'S', 'Y', 'N'}, {'R', 'S', 'T'}, {'P', 'S', 'H'},
    {'A', 'C', 'K'}, {'U', 'R', 'G'}, {'E', 'C', 'E'}, {'C', 'W', 'R'}
  };

  /** The flag bit a word names, or 0 when it names none. */
  private static int flagWord(byte[] b, int from, int to) {
    if (to - from != 3) {
      return 0;
    }
    for (int bit = 0; bit < FLAG_WORDS.length; bit++) {
      byte[] w = FLAG_WORDS[bit];
      if (b[from] == w[0] && b[from + 1] == w[1] && b[from + 2] == w[2]) {
        return 1 << bit;
      }
    }
    return 0;
  }

  /** Reads an address in {@code b[from, to)} into {@link #addrHi} and {@link #addrLo}. */
  private boolean address(byte[] b, int from, int to) {
    long v4 = IpAddresses.parseV4(b, from, to);
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
