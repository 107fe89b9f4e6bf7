package org.stormwatch.core.nbns;

/**
 * The 4-bit OPCODE of an NBNS header (RFC 1002 section 4.2.1.1). An open set: a code that RFC 1002
 * does not name passes through with its number and is labelled {@code opcode N}.
 *
 * @param code 0 to 15
 */
public record NbnsOpcode(int code) {
  public static final NbnsOpcode QUERY = new NbnsOpcode(0);
  public static final NbnsOpcode REGISTRATION = new NbnsOpcode(5);
  public static final NbnsOpcode RELEASE = new NbnsOpcode(6);
  public static final NbnsOpcode WACK = new NbnsOpcode(7);
  public static final NbnsOpcode REFRESH = new NbnsOpcode(8);

  /** Refresh with the alternate opcode 9 that some implementations send. */
  public static final NbnsOpcode REFRESH_ALT = new NbnsOpcode(9);

  public static final NbnsOpcode MULTI_HOMED_REGISTRATION = new NbnsOpcode(15);

  private static final NbnsOpcode[] ALL = new NbnsOpcode[16];

  static {
    for (int i = 0; i < ALL.length; i++) {
      ALL[i] = new NbnsOpcode(i);
    }
  }

  public NbnsOpcode {
    if (code < 0 || code > 15) {
      throw new IllegalArgumentException("NBNS opcode out of range 0..15: " + code);
    }
  }

  /** The shared instance for a code (no allocation on the decode path). */
  public static NbnsOpcode of(int code) {
    if (code < 0 || code > 15) {
      throw new IllegalArgumentException("NBNS opcode out of range 0..15: " + code);
    }
    return ALL[code];
  }

  /** Whether RFC 1002 (or common practice, for 9 and 15) gives this code a meaning. */
  public boolean known() {
    switch (code) {
      case 0:
      case 5:
      case 6:
      case 7:
      case 8:
      case 9:
      case 15:
        return true;
      default:
        return false;
    }
  }

  /** A short lower-case label: {@code query}, {@code registration}, ... or {@code opcode N}. */
  public String label() {
    switch (code) {
      case 0:
        return "query";
      case 5:
        return "registration";
      case 6:
        return "release";
      case 7:
        return "wack";
      case 8:
        return "refresh";
      case 9:
        return "refresh (alternate)";
      case 15:
        return "multi-homed registration";
      default:
        return "opcode " + code;
    }
  }

  @Override
  public String toString() {
    return label();
  }
}
