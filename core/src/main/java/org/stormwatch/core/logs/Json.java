package org.stormwatch.core.logs;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON reader for log records, written for bounded memory and hostile input: no recursion
 * (an explicit stack, at most {@link #MAX_DEPTH} deep), at most {@link #MAX_ENTRIES} values and
 * {@link #MAX_STRING} characters per string. A record is read into a flat map from dotted paths to
 * the value's text ({@code "flow.pkts_toclient" -> "0"}, array elements by index, {@code null} left
 * out), which is all the log parsers need. It reads from a {@link Reader}, so that a large document
 * (a DShield submission) can be walked record by record.
 */
final class Json {
  static final int MAX_DEPTH = 32;
  static final int MAX_ENTRIES = 4096;
  static final int MAX_STRING = 1 << 20;

  /** The input is not JSON, or exceeds a limit; the message says what and where. */
  static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  private final Reader in;
  private final char[] buf = new char[8192];
  private int pos;
  private int limit;
  private long offset;

  Json(Reader in) {
    this.in = in;
  }

  /** Reads one line (or any text) holding a single JSON object into a flat map. */
  static Map<String, String> parseObject(String text) throws JsonException {
    Json json = new Json(new java.io.StringReader(text));
    try {
      if (json.peekNonBlank() != '{') {
        throw json.error("expected an object");
      }
      Map<String, String> out = new LinkedHashMap<>();
      json.readValue("", out);
      if (json.peekNonBlank() != -1) {
        throw json.error("text after the object");
      }
      return out;
    } catch (IOException e) {
      throw new JsonException(e.toString());
    }
  }

  /** The next character that is not white space, without consuming it, or -1 at the end. */
  int peekNonBlank() throws IOException {
    while (true) {
      int c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
        continue;
      }
      return c;
    }
  }

  /** Consumes the next non-blank character, which must be {@code expected}. */
  void expect(char expected) throws IOException, JsonException {
    int c = peekNonBlank();
    if (c != expected) {
      throw error("expected '" + expected + "'");
    }
    pos++;
  }

  /** Consumes the next non-blank character if it is {@code c}. */
  boolean consumeIf(char c) throws IOException {
    if (peekNonBlank() == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** Reads a string (the next non-blank character must be its quote). */
  String readString() throws IOException, JsonException {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = next();
      if (c < 0) {
        throw error("unterminated string");
      }
      if (c == '"') {
        return sb.toString();
      }
      if (sb.length() >= MAX_STRING) {
        throw error("string too long");
      }
      if (c == '\\') {
        int e = next();
        switch (e) {
          case '"':
          case '\\':
          case '/':
            sb.append((char) e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int h = Character.digit(next(), 16);
              if (h < 0) {
                throw error("bad \\u escape");
              }
              v = (v << 4) | h;
            }
            sb.append((char) v);
            break;
          default:
            throw error("bad escape");
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        sb.append((char) c);
      }
    }
  }

  private static final class Frame {
    final String prefix;
    final boolean array;
    boolean first = true;
    int index;

    Frame(String prefix, boolean array) {
      this.prefix = prefix;
      this.array = array;
    }
  }

  /**
   * Reads the next value into {@code out} under {@code key} (objects and arrays flattened below
   * it), or skips it when {@code out} is null.
   */
  void readValue(String key, Map<String, String> out) throws IOException, JsonException {
    int c = peekNonBlank();
    if (c != '{' && c != '[') {
      String v = readScalar();
      if (out != null && v != null) {
        put(out, key, v);
      }
      return;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    pos++;
    stack.push(new Frame(key.isEmpty() ? "" : key + ".", c == '['));
    int values = 0;
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      int d = peekNonBlank();
      if (d == (f.array ? ']' : '}')) {
        pos++;
        stack.pop();
        continue;
      }
      if (!f.first) {
        expect(',');
      }
      f.first = false;
      String name;
      if (f.array) {
        name = f.prefix + f.index++;
      } else {
        name = f.prefix + readString();
        expect(':');
      }
      if (++values > MAX_ENTRIES) {
        throw error("too many values");
      }
      int v = peekNonBlank();
      if (v == '{' || v == '[') {
        if (stack.size() >= MAX_DEPTH) {
          throw error("nested too deep");
        }
        pos++;
        stack.push(new Frame(name + ".", v == '['));
      } else {
        String s = readScalar();
        if (out != null && s != null) {
          put(out, name, s);
        }
      }
    }
  }

  private static void put(Map<String, String> out, String key, String value) {
    out.put(key, value);
  }

  /** A string, number, true or false as text; null for JSON null. */
  private String readScalar() throws IOException, JsonException {
    int c = peekNonBlank();
    if (c == '"') {
      return readString();
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      int d = peek();
      if (d < 0 || d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n'
          || d == '\r') {
        break;
      }
      if (sb.length() > 64) {
        throw error("literal too long");
      }
      sb.append((char) d);
      pos++;
    }
    String s = sb.toString();
    if (s.equals("null")) {
      return null;
    }
    if (s.equals("true") || s.equals("false") || isNumber(s)) {
      return s;
    }
    throw error(s.isEmpty() ? "expected a value" : "bad literal '" + Outcome.shorten(s) + "'");
  }

  private static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int digits = 0;
    while (i < n && Character.isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int f = 0;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        f++;
      }
      if (f == 0) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int e = 0;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
        e++;
      }
      if (e == 0) {
        return false;
      }
    }
    return i == n;
  }

  private int peek() throws IOException {
    if (pos >= limit) {
      offset += limit;
      pos = 0;
      limit = 0;
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return -1;
      }
      limit = n;
    }
    return buf[pos];
  }

  private int next() throws IOException {
    int c = peek();
    if (c >= 0) {
      pos++;
    }
    return c;
  }

  JsonException error(String what) {
    return new JsonException(what + " at character " + (offset + pos));
  }
}
