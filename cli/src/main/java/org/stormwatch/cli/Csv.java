package org.stormwatch.cli;

/** CSV field quoting (RFC 4180): quotes a field holding a comma, quote or line break. */
final class Csv {
  private Csv() {}

  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
