package org.stormwatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.model.JsonText;

/**
 * Prints port report rows. Machine formats carry exactly {@code start, port, protocol, records,
 * sources, targets}; the table is for people.
 */
final class PortReportPrinter {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private PortReportPrinter() {}

  static void print(
      List<PortActivity> rows, OutputFormat format, BucketSize bucket, PrintWriter out) {
    switch (format) {
      case csv:
        out.println("start,port,protocol,records,sources,targets");
        StartText csvStart = new StartText();
        StringBuilder line = new StringBuilder(64);
        for (PortActivity r : rows) {
          line.setLength(0);
          line.append(csvStart.of(r.start()))
              .append(',')
              .append(r.port())
              .append(',')
              .append(r.protocol().label())
              .append(',')
              .append(r.records())
              .append(',')
              .append(r.sources())
              .append(',')
              .append(r.targets());
          out.println(line);
        }
        break;
      case jsonl:
        StartText jsonStart = new StartText();
        for (PortActivity r : rows) {
          out.println(
              "{\"start\":"
                  + JsonText.quote(jsonStart.of(r.start()))
                  + ",\"port\":"
                  + r.port()
                  + ",\"protocol\":"
                  + JsonText.quote(r.protocol().label())
                  + ",\"records\":"
                  + r.records()
                  + ",\"sources\":"
                  + r.sources()
                  + ",\"targets\":"
                  + r.targets()
                  + "}");
        }
        break;
      default:
        table(rows, bucket, out);
    }
    out.flush();
  }

  /** ISO-8601 text of bucket starts; rows come grouped by bucket, so the last one is kept. */
  private static final class StartText {
    private Instant last;
    private String text;

    String of(Instant start) {
      if (!start.equals(last)) {
        last = start;
        text = start.toString();
      }
      return text;
    }
  }

  private static void table(List<PortActivity> rows, BucketSize bucket, PrintWriter out) {
    if (rows.isEmpty()) {
      out.println("No probes.");
      return;
    }
    DateTimeFormatter time = bucket == BucketSize.DAY ? DAY : HOUR;
    String[] header = {
      bucket == BucketSize.DAY ? "day (UTC)" : "hour (UTC)", "port", "records", "sources", "targets"
    };
    String[][] cells = new String[rows.size()][];
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
    }
    for (int i = 0; i < rows.size(); i++) {
      PortActivity r = rows.get(i);
      cells[i] =
          new String[] {
            time.format(r.start()),
            r.port() + "/" + r.protocol().label(),
            String.format("%,d", r.records()),
            String.format("%,d", r.sources()),
            String.format("%,d", r.targets())
          };
      for (int c = 0; c < header.length; c++) {
        width[c] = Math.max(width[c], cells[i][c].length());
      }
    }
    out.println(line(header, width));
    for (String[] row : cells) {
      out.println(line(row, width));
    }
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        sb.append("  ");
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      // Text columns to the left, counts to the right.
      sb.append(c < 2 ? cells[c] + pad : pad + cells[c]);
    }
    return sb.toString().stripTrailing();
  }
}
