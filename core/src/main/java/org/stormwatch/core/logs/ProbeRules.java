package org.stormwatch.core.logs;

import java.util.Locale;
import org.stormwatch.core.logs.Outcome.Skip;
import org.stormwatch.core.probe.ProbeClassifier;

/**
 * Which logged packets are probes, the same rule for every format, and the TCP flag notations logs
 * use.
 *
 * <p>A log line of a dropped packet is a probe as it stands, with two exceptions that the line
 * itself shows. TCP: the rule of captures ({@link ProbeClassifier#tcpNotProbe}): a segment with ACK
 * or RST is no probe, every other one is. A line that shows no flags (DShield JSON without flags,
 * most Cisco denies) counts as a probe. ICMP: only an echo request (type 8, ICMPv6 type 128) is a
 * probe; it is recorded with destination port 8 and the code as source port. Other IP protocols are
 * no probes.
 */
final class ProbeRules {
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;
  static final int URG = 0x20;
  static final int ECE = 0x40;
  static final int CWR = 0x80;

  /** Flags that could not be read. */
  static final int INVALID = -2;

  static final Skip TCP_ACK = Outcome.skip(ProbeClassifier.TCP_ACK);
  static final Skip TCP_RST = Outcome.skip(ProbeClassifier.TCP_RST);
  static final Skip ICMP_NOT_ECHO = Outcome.skip(ProbeClassifier.ICMP_NOT_ECHO);
  static final Skip OTHER_PROTOCOL = Outcome.skip("protocol other than tcp, udp or icmp");

  private ProbeRules() {}

  /** Why a TCP segment with these flags is no probe, or {@code null} when it is one. */
  static Skip tcp(int flags) {
    if (flags < 0) {
      return null;
    }
    String reason = ProbeClassifier.tcpNotProbe(flags);
    if (reason == null) {
      return null;
    }
    return reason.equals(ProbeClassifier.TCP_ACK) ? TCP_ACK : TCP_RST;
  }

  /** Whether an ICMP type is an echo request (type 8, or 128 for ICMPv6). */
  static boolean isEchoRequest(int type, boolean v6) {
    return v6 ? type == 128 || type == 8 : type == 8;
  }

  /**
   * Reads TCP flags as logs write them: letters ({@code S}, {@code SA}, DShield's {@code 12UAPRSF},
   * tcpdump's {@code S.} with {@code .} for ACK, {@code E} ECE, {@code W} CWR, in brackets or not),
   * words ({@code SYN,ACK}, {@code SYN ACK}, {@code none}).
   *
   * @return the flag byte, -1 when the text is empty or {@code -}, {@link #INVALID} when unreadable
   */
  static int parseFlags(String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]") && t.length() >= 2) {
      t = t.substring(1, t.length() - 1).trim();
    }
    if (t.isEmpty() || t.equals("-")) {
      return -1;
    }
    if (t.equalsIgnoreCase("none")) {
      return 0;
    }
    if (t.length() >= 3
        && Character.isLetter(t.charAt(0))
        && Character.isLetter(t.charAt(1))
        && Character.isLetter(t.charAt(2))
        && isWordList(t)) {
      int flags = 0;
      for (String w : t.split("[,| +/]+")) {
        int f = word(w);
        if (f < 0) {
          return INVALID;
        }
        flags |= f;
      }
      return flags;
    }
    int flags = 0;
    for (int i = 0; i < t.length(); i++) {
      int f = letter(t.charAt(i));
      if (f < 0) {
        return INVALID;
      }
      flags |= f;
    }
    return flags;
  }

  private static boolean isWordList(String t) {
    String first = t.split("[,| +/]+", 2)[0];
    return word(first) >= 0;
  }

  private static int word(String w) {
    switch (w.toUpperCase(Locale.ROOT)) {
      case "FIN":
        return FIN;
      case "SYN":
        return SYN;
      case "RST":
        return RST;
      case "PSH":
        return PSH;
      case "ACK":
        return ACK;
      case "URG":
        return URG;
      case "ECE":
        return ECE;
      case "CWR":
        return CWR;
      default:
        return -1;
    }
  }

  private static int letter(char c) {
    switch (c) {
      case 'F':
      case 'f':
        return FIN;
      case 'S':
      case 's':
        return SYN;
      case 'R':
      case 'r':
        return RST;
      case 'P':
      case 'p':
        return PSH;
      case 'A':
      case 'a':
      case '.':
        return ACK;
      case 'U':
      case 'u':
        return URG;
      case 'E':
      case 'e':
      case '2':
        return ECE;
      case 'W':
      case 'w':
      case 'C':
      case 'c':
      case '1':
        return CWR;
      default:
        return -1;
    }
  }

  /** Flags as DShield letters, in its order {@code 12UAPRSF}. */
  static String letters(int flags) {
    StringBuilder sb = new StringBuilder(8);
    if ((flags & CWR) != 0) {
      sb.append('1');
    }
    if ((flags & ECE) != 0) {
      sb.append('2');
    }
    if ((flags & URG) != 0) {
      sb.append('U');
    }
    if ((flags & ACK) != 0) {
      sb.append('A');
    }
    if ((flags & PSH) != 0) {
      sb.append('P');
    }
    if ((flags & RST) != 0) {
      sb.append('R');
    }
    if ((flags & SYN) != 0) {
      sb.append('S');
    }
    if ((flags & FIN) != 0) {
      sb.append('F');
    }
    return sb.toString();
  }
}
