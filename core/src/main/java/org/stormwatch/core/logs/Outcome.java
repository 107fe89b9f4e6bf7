package org.stormwatch.core.logs;

import org.stormwatch.core.model.Probe;

/**
 * What one log record came to: a probe, a record that is no probe (skipped, with a fixed reason to
 * count by), or a malformed record (a fixed reason plus the detail for the first few examples).
 */
sealed interface Outcome permits Outcome.Emit, Outcome.Skip, Outcome.Malformed {

  /**
   * A probe. {@code count} is above 1 only where one record stands for several (a DShield line with
   * a count): it then counts as that many records.
   */
  record Emit(Probe probe, int count) implements Outcome {}

  /** Not a probe, and not malformed: another program's syslog line, a reply, an ALLOW record. */
  record Skip(String reason) implements Outcome {}

  /** A record that should be a firewall entry but cannot be read. */
  record Malformed(String reason, String detail) implements Outcome {}

  static Emit probe(Probe probe) {
    return new Emit(probe, 1);
  }

  static Skip skip(String reason) {
    return new Skip(reason);
  }

  static Malformed malformed(String reason, CharSequence detail) {
    return new Malformed(reason, shorten(detail));
  }

  Skip HEADER = new Skip("header or comment line");
  Skip BLANK = new Skip("blank line");

  /** At most 80 characters of a value, for messages. */
  static String shorten(CharSequence text) {
    if (text == null) {
      return "";
    }
    String s = text.toString();
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 84));
    for (int i = 0; i < s.length() && sb.length() < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > 80) {
      sb.append("...");
    }
    return sb.toString();
  }
}
