package org.stormwatch.core.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: one reusable buffer, lines handed out as a
 * {@link ByteLine} view into it, so that memory does not grow with the file. {@code \n} ends a
 * line, a {@code \r} before it is dropped, and a UTF-8 byte order mark at the start is skipped. A
 * line longer than {@link #MAX_LINE} bytes is cut there and flagged ({@link #tooLong()}); the rest
 * of it is skipped.
 */
final class LineSource {
  static final int MAX_LINE = 4 << 20;
  private static final int INITIAL = 1 << 18;
  private static final long NEWLINES = Bytes.lanes((byte) '\n');

  private final InputStream in;
  private byte[] buf = new byte[INITIAL];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean tooLong;
  private long number;
  private final ByteLine line = new ByteLine();

  /** The index of the last newline known in {@code buf[pos, limit)}, or -1 when unknown. */
  private int lastNewline = -1;

  LineSource(InputStream in) {
    this.in = in;
  }

  /** Whether the current line was longer than {@link #MAX_LINE} and cut. */
  boolean tooLong() {
    return tooLong;
  }

  /**
   * Reads the next line.
   *
   * @return the line (the same object each time, refilled), or {@code null} at the end
   */
  ByteLine next() throws IOException {
    tooLong = false;
    int scanFrom = pos;
    while (true) {
      int nl = indexOfNewline(scanFrom);
      if (nl >= 0) {
        return emit(pos, nl, nl + 1);
      }
      if (eof) {
        if (pos < limit) {
          return emit(pos, limit, limit);
        }
        return null;
      }
      scanFrom = limit;
      lastNewline = -1;
      if (pos > 0) {
        scanFrom -= pos;
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
      if (limit == buf.length) {
        if (buf.length >= MAX_LINE) {
          tooLong = true;
          int cut = limit;
          skipRestOfLine();
          return emit(0, cut, cut);
        }
        buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
      }
      fill();
    }
  }

  /**
   * Opens the next line for a caller that finds its end itself (one pass over the bytes instead of
   * two): the line starts at {@code start()}, and a newline lies in {@code [start(), end())}, so
   * the caller may read up to the first newline without a bound check of its own; it then calls
   * {@link #close}. Returns {@code null} when no complete line is buffered (the first line, with
   * its possible byte order mark, the last line without a newline, a line longer than the buffer):
   * the caller then reads the line with {@link #next()}.
   */
  ByteLine open() throws IOException {
    if (number == 0) {
      return null;
    }
    if (lastNewline < pos) {
      lastNewline = lastIndexOfNewline();
      if (lastNewline < 0) {
        if (eof) {
          return null;
        }
        if (pos > 0) {
          System.arraycopy(buf, pos, buf, 0, limit - pos);
          limit -= pos;
          pos = 0;
        }
        if (limit == buf.length) {
          return null;
        }
        fill();
        lastNewline = lastIndexOfNewline();
        if (lastNewline < 0) {
          return null;
        }
      }
    }
    number++;
    line.set(buf, pos, lastNewline + 1, number);
    return line;
  }

  /**
   * Ends the line {@link #open} gave at its newline, {@code newline}: the line becomes {@code
   * [start, newline)} without a {@code \r} before it, and the next line starts after it.
   */
  void close(int newline) {
    int end = newline;
    int start = line.start();
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    line.set(buf, start, end, number);
    pos = newline + 1;
  }

  /** Ends the line {@link #open} gave at its first newline, wherever its reader stopped. */
  void closeAtNewline() {
    close(Bytes.indexOf(buf, line.start(), lastNewline + 1, NEWLINES));
  }

  /** The index of the last newline in {@code buf[pos, limit)}, or -1. */
  private int lastIndexOfNewline() {
    for (int i = limit - 1; i >= pos; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private ByteLine emit(int from, int to, int next) {
    int end = to;
    if (end > from && buf[end - 1] == '\r') {
      end--;
    }
    int start = from;
    number++;
    if (number == 1
        && end - start >= 3
        && buf[start] == (byte) 0xef
        && buf[start + 1] == (byte) 0xbb
        && buf[start + 2] == (byte) 0xbf) {
      start += 3;
    }
    pos = next;
    line.set(buf, start, end, number);
    return line;
  }

  private int indexOfNewline(int from) {
    return Bytes.indexOf(buf, from, limit, NEWLINES);
  }

  private void fill() throws IOException {
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** Drops input up to and including the next newline; the buffer keeps the first part. */
  private void skipRestOfLine() throws IOException {
    byte[] scratch = new byte[8192];
    while (true) {
      int n = in.read(scratch);
      if (n < 0) {
        eof = true;
        return;
      }
      for (int i = 0; i < n; i++) {
        if (scratch[i] == '\n') {
          // Keep what follows the newline: it starts the next line. The cut line stays in buf.
          int rest = n - i - 1;
          byte[] grown = buf;
          if (limit + rest > grown.length) {
            grown = Arrays.copyOf(buf, limit + rest);
          }
          System.arraycopy(scratch, i + 1, grown, limit, rest);
          buf = grown;
          limit += rest;
          return;
        }
      }
    }
  }
}
