package org.stormwatch.core.logs;

import java.nio.charset.StandardCharsets;

/**
 * One line of a log as the bytes it was read from, without its line end. The netfilter parser reads
 * the bytes directly (no String per line on the hot path); the other parsers ask for {@link
 * #text()}, decoded as UTF-8 once. {@link #charAt} gives each byte as a char (Latin-1), which is
 * exact for the ASCII that stamps, addresses and keys are made of. A view: valid until the source
 * reads the next line.
 */
final class ByteLine implements CharSequence {
  private byte[] bytes;
  private int start;
  private int end;
  private long number;
  private String text;

  ByteLine() {}

  /** A line holding the UTF-8 bytes of a string, for tests and replays. */
  static ByteLine of(String s) {
    ByteLine line = new ByteLine();
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    line.set(b, 0, b.length, 1);
    return line;
  }

  void set(byte[] newBytes, int newStart, int newEnd, long newNumber) {
    this.bytes = newBytes;
    this.start = newStart;
    this.end = newEnd;
    this.number = newNumber;
    this.text = null;
  }

  byte[] bytes() {
    return bytes;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** The 1-based line number in its file. */
  long number() {
    return number;
  }

  boolean isBlank() {
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The line decoded as UTF-8 (malformed bytes become U+FFFD). */
  String text() {
    if (text == null) {
      text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
    return text;
  }

  @Override
  public int length() {
    return end - start;
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes[start + index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return text().substring(from, to);
  }

  @Override
  public String toString() {
    return text();
  }
}
