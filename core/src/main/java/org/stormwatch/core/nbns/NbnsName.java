package org.stormwatch.core.nbns;

import java.util.Arrays;

/**
 * A NetBIOS name as NBNS carries it (RFC 1001 section 14.1, RFC 1002 section 4.1): 16 bytes (15
 * characters, space-padded, then a suffix byte naming the service), first-level encoded as 32
 * letters ({@code 'A'} plus each nibble), followed by an optional scope of DNS labels.
 *
 * <p>{@link #toString()} gives the text Wireshark 4.0 shows in {@code nbns.name}: printable ASCII
 * as it is, other bytes as {@code <xx>}, trailing spaces trimmed, the suffix as {@code <xx>}, then
 * the scope after a dot ({@code WORKGROUP<1d>}, {@code VMWINXP<20>.example.com}). The wildcard is
 * {@code *<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>}.
 *
 * <p>Leniency follows Wireshark, so that names compare one to one with tshark: a first label that
 * is not 32 letters {@code A}-{@code P} still yields a name, with a {@link Problem} saying what is
 * wrong. Letters {@code Q}-{@code Z} and names longer than 32 letters decode as Wireshark decodes
 * them (nibble values above 15 spill into the high nibble; letters after the 32nd are ignored);
 * other defects make an illegal name that has no bytes and shows as Wireshark's {@code Illegal
 * NetBIOS name (...)} text. None of these make the message malformed.
 */
public final class NbnsName {
  /** Length of a decoded NetBIOS name in bytes. */
  public static final int LENGTH = 16;

  /** What is wrong with the first-level encoding, if anything. */
  public enum Problem {
    NONE(true),
    /** Letters Q to Z, outside the A-P that encode nibbles; decoded as Wireshark decodes them. */
    LETTER_BEYOND_P(true),
    /** More than 32 letters before the scope; the first 32 are decoded, as Wireshark does. */
    TOO_MANY_LETTERS(true),
    /**
     * Longer than 253 bytes once expanded; Wireshark shows it as {@code <Name too long>} and then
     * as an illegal name whose 1st character ({@code <}) is no letter, and so does {@link
     * NbnsName#toString()}.
     */
    NAME_TOO_LONG(false),
    /** A first character of a pair that is no letter A-Z (also: an empty name). */
    FIRST_CHARACTER(false),
    /** A second character of a pair that is no letter A-Z. */
    SECOND_CHARACTER(false),
    /** An odd number of letters. */
    ODD_LENGTH(false),
    /** Fewer than 32 letters. */
    TOO_SHORT(false);

    private final boolean decodable;

    Problem(boolean decodable) {
      this.decodable = decodable;
    }

    /** Whether a name with this problem still has its 16 bytes. */
    public boolean decodable() {
      return decodable;
    }
  }

  private static final byte[] NO_BYTES = new byte[0];
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final byte[] bytes;
  private final String scope;
  private final Problem problem;
  private final String text;

  private NbnsName(byte[] bytes, String scope, Problem problem, String text) {
    this.bytes = bytes;
    this.scope = scope;
    this.problem = problem;
    this.text = text;
  }

  /**
   * A well-formed name.
   *
   * @param name up to 15 characters (ISO-8859-1), padded with spaces
   * @param suffix the 16th byte, 0 to 255
   * @param scope the scope labels joined by dots, or the empty string
   */
  public static NbnsName of(String name, int suffix, String scope) {
    if (name.length() > LENGTH - 1) {
      throw new IllegalArgumentException("NetBIOS name longer than 15 characters: '" + name + "'");
    }
    if (suffix < 0 || suffix > 0xff) {
      throw new IllegalArgumentException("NetBIOS suffix out of range 0..255: " + suffix);
    }
    byte[] b = new byte[LENGTH];
    Arrays.fill(b, (byte) ' ');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0xff) {
        throw new IllegalArgumentException("NetBIOS name is not ISO-8859-1: '" + name + "'");
      }
      b[i] = (byte) c;
    }
    b[LENGTH - 1] = (byte) suffix;
    return ofBytes(b, scope);
  }

  /** The wildcard {@code *} followed by 15 zero bytes, as nbtstat -A asks for it. */
  public static NbnsName wildcard() {
    byte[] b = new byte[LENGTH];
    b[0] = '*';
    return ofBytes(b, "");
  }

  /**
   * A well-formed name from its 16 raw bytes.
   *
   * @param scope the scope labels joined by dots, or the empty string
   */
  public static NbnsName ofBytes(byte[] raw, String scope) {
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException("a NetBIOS name has 16 bytes, not " + raw.length);
    }
    byte[] b = raw.clone();
    return new NbnsName(b, scope, Problem.NONE, format(b, scope));
  }

  /**
   * Undoes the first-level encoding of an expanded DNS name, exactly as Wireshark's {@code
   * get_nbns_name} does: the labels joined by dots in {@code e[0, n)}; a zero byte ends the text.
   */
  static NbnsName fromExpanded(byte[] e, int n) {
    int end = 0;
    while (end < n && e[end] != 0) {
      end++;
    }
    if (n == 0) {
      // Wireshark shows an empty name as "<Root>", whose '<' is no letter.
      return illegal(Problem.FIRST_CHARACTER, 0);
    }
    byte[] b = new byte[LENGTH];
    int count = 0;
    int i = 0;
    boolean beyondP = false;
    while (i < end && e[i] != '.') {
      int hi = e[i] & 0xff;
      if (hi < 'A' || hi > 'Z') {
        return illegal(Problem.FIRST_CHARACTER, 0);
      }
      i++;
      if (i >= end || e[i] == '.') {
        return illegal(Problem.ODD_LENGTH, 0);
      }
      int lo = e[i] & 0xff;
      if (lo < 'A' || lo > 'Z') {
        return illegal(Problem.SECOND_CHARACTER, 0);
      }
      i++;
      beyondP |= hi > 'P' || lo > 'P';
      if (count < LENGTH) {
        b[count] = (byte) (((hi - 'A') << 4) | (lo - 'A'));
      }
      count++;
    }
    if (count < LENGTH) {
      return illegal(Problem.TOO_SHORT, count);
    }
    String scope = "";
    if (i < end) {
      // e[i] == '.': the scope follows, up to the first zero byte.
      scope = scopeText(e, i + 1, end);
    }
    Problem p =
        count > LENGTH
            ? Problem.TOO_MANY_LETTERS
            : beyondP ? Problem.LETTER_BEYOND_P : Problem.NONE;
    return new NbnsName(b, scope, p, format(b, scope));
  }

  /** A name longer than {@link NbnsDecoder#MAX_NAME_LENGTH} bytes once expanded. */
  static NbnsName tooLong() {
    return illegal(Problem.NAME_TOO_LONG, 0);
  }

  private static NbnsName illegal(Problem problem, int count) {
    String why;
    switch (problem) {
      case NAME_TOO_LONG:
      case FIRST_CHARACTER:
        why = "1st character not between A and Z in first-level encoding";
        break;
      case SECOND_CHARACTER:
        why = "2nd character not between A and Z in first-level encoding";
        break;
      case ODD_LENGTH:
        why = "odd number of bytes";
        break;
      default:
        why = count + " bytes long";
        break;
    }
    return new NbnsName(NO_BYTES, "", problem, "Illegal NetBIOS name (" + why + ")");
  }

  private static String scopeText(byte[] e, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      appendChar(sb, e[i] & 0xff);
    }
    return sb.toString();
  }

  private static void appendChar(StringBuilder sb, int c) {
    if (c >= ' ' && c <= '~') {
      sb.append((char) c);
    } else {
      sb.append('<').append(HEX[c >>> 4]).append(HEX[c & 0xf]).append('>');
    }
  }

  private static String format(byte[] b, String scope) {
    StringBuilder sb = new StringBuilder(24 + scope.length());
    for (int i = 0; i < LENGTH - 1; i++) {
      appendChar(sb, b[i] & 0xff);
    }
    int len = sb.length();
    while (len > 0 && sb.charAt(len - 1) == ' ') {
      len--;
    }
    sb.setLength(len);
    int suffix = b[LENGTH - 1] & 0xff;
    sb.append('<').append(HEX[suffix >>> 4]).append(HEX[suffix & 0xf]).append('>');
    if (!scope.isEmpty()) {
      sb.append('.').append(scope);
    }
    return sb.toString();
  }

  /** Whether the name has its 16 bytes (true unless the encoding was illegal). */
  public boolean decodable() {
    return problem.decodable();
  }

  public Problem problem() {
    return problem;
  }

  /** The 16 decoded bytes (a copy), or an empty array when the encoding was illegal. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The 16th byte (the service: 0x00 workstation, 0x20 server, 0x1d master browser...), or -1. */
  public int suffix() {
    return bytes.length == LENGTH ? bytes[LENGTH - 1] & 0xff : -1;
  }

  /** The scope labels joined by dots, without a leading dot; empty when there is none. */
  public String scope() {
    return scope;
  }

  /**
   * Whether this is the wildcard name {@code *}: a {@code *}, then 14 zero bytes (RFC 1002) or 14
   * spaces (as Samba's nmblookup pads it), then suffix 0x00.
   */
  public boolean isWildcard() {
    if (bytes.length != LENGTH || bytes[0] != '*' || bytes[LENGTH - 1] != 0) {
      return false;
    }
    byte pad = bytes[1];
    if (pad != 0 && pad != ' ') {
      return false;
    }
    for (int i = 2; i < LENGTH - 1; i++) {
      if (bytes[i] != pad) {
        return false;
      }
    }
    return true;
  }

  /** The 32 letters of the first-level encoding (RFC 1001 section 14.1), without the scope. */
  public String firstLevelEncoding() {
    if (!decodable()) {
      throw new IllegalStateException("an illegal NetBIOS name has no encoding: " + text);
    }
    char[] out = new char[2 * LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[2 * i] = (char) ('A' + ((bytes[i] >>> 4) & 0xf));
      out[2 * i + 1] = (char) ('A' + (bytes[i] & 0xf));
    }
    return new String(out);
  }

  /**
   * Wireshark's description of the suffix ({@code Workstation/Redirector}, {@code Server service},
   * ...), as its NetBIOS dissector names them; {@code Unknown} for others and for illegal names.
   */
  public String suffixDescription() {
    return NbnsSuffixes.describe(suffix());
  }

  /** The text Wireshark shows in {@code nbns.name}. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NbnsName)) {
      return false;
    }
    NbnsName other = (NbnsName) o;
    return problem == other.problem
        && Arrays.equals(bytes, other.bytes)
        && scope.equals(other.scope)
        && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + text.hashCode();
  }
}
