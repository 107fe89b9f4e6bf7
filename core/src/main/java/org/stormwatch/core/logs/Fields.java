package org.stormwatch.core.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.stormwatch.core.model.IpAddresses;

/** Small readers of field values shared by the text formats (not the netfilter hot path). */
final class Fields {
  private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

  private Fields() {}

  /** A port or other number in {@code 0..max}, or -1 when the text is no such number. */
  static int number(String text, int max) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }

  /** An IP address {hi, lo}, or null (no host names, no look-ups). */
  static long[] address(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.length() > 64) {
      return null;
    }
    try {
      return IpAddresses.parse(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Splits on one character, keeping empty fields; at most {@code max} fields (the rest joined).
   */
  static List<String> split(String line, char sep, int max) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == sep) {
        if (out.size() == max - 1) {
          break;
        }
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out;
  }

  /** Splits on runs of blanks, ignoring leading ones. */
  static String[] words(String line) {
    String t = line.strip();
    return t.isEmpty() ? new String[0] : BLANKS.split(t);
  }
}
