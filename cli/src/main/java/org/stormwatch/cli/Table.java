package org.stormwatch.cli;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned text columns for people. */
final class Table {
  private Table() {}

  static void print(List<String[]> rows, String[] header, PrintWriter out) {
    if (rows.isEmpty()) {
      out.println("None.");
      return;
    }
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
    }
    for (String[] row : rows) {
      for (int c = 0; c < header.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    out.println(line(header, width));
    for (String[] row : rows) {
      out.println(line(row, width));
    }
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      sb.append(c > 0 ? "  " : "")
          .append(cells[c])
          .append(" ".repeat(width[c] - cells[c].length()));
    }
    return sb.toString().stripTrailing();
  }
}
