package org.stormwatch.core.logs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ProbeReader;

/**
 * Opens a firewall or IDS log of any known format as a {@link ProbeReader}: the entry point that
 * the input dispatcher calls when a file is not a capture. The format is detected from the first
 * lines ({@link FormatDetector}) unless {@link LogOptions#format()} names one. The reader streams
 * (memory does not grow with the file) and counts each line once in the {@link
 * org.stormwatch.core.input.ReadStats} it is given.
 */
public final class LogInputs {
  /** How much of the start of a file format detection looks at, at most. */
  static final int DETECT_BYTES = 1 << 18;

  private LogInputs() {}

  /** The names {@code --input-format} accepts. */
  public static List<String> formatNames() {
    List<String> names = new ArrayList<>();
    for (LogFormat f : LogFormat.values()) {
      names.add(f.label());
    }
    return List.copyOf(names);
  }

  /**
   * Opens a log.
   *
   * @param displayName the file name as the user should see it in messages
   * @param in the log's bytes; read by the returned reader, not closed by it
   * @throws InputException when the format is unknown or named wrongly, or the columns of a CSV log
   *     are bad; the message names the file
   */
  public static ProbeReader open(String displayName, InputStream in, LogOptions options)
      throws IOException, InputException {
    LogOptions opts = options == null ? LogOptions.defaults() : options;
    // The readers buffer for themselves (LineSource in large reads, straight into its array), so
    // no stream of ours sits between: the start read for the detection is put back in front.
    InputStream rest = in;
    LogFormat format;
    List<String> columns = opts.columns();
    if (opts.format() != null) {
      format = LogFormat.byName(opts.format());
      if (format == null) {
        throw new InputException(
            displayName
                + ": unknown input format '"
                + opts.format()
                + "' (expected one of "
                + String.join(", ", formatNames())
                + ")");
      }
    } else if (columns != null && !columns.isEmpty()) {
      format = LogFormat.CSV;
    } else {
      byte[] head = in.readNBytes(DETECT_BYTES);
      rest = new SequenceInputStream(new ByteArrayInputStream(head), in);
      List<String> sample = sample(head);
      format = FormatDetector.detect(sample, opts);
      if (format == null) {
        String first = sample.isEmpty() ? "(empty)" : Outcome.shorten(sample.get(0));
        throw new InputException(
            displayName + ": not a capture or a known log format (first line: " + first + ")");
      }
      if (format == LogFormat.CSV) {
        columns = ColumnsParser.headerColumns(sample.get(0));
      }
    }
    switch (format) {
      case DSHIELD_JSON:
        return new DshieldJsonReader(displayName, rest);
      case CSV:
        if (columns == null || columns.isEmpty()) {
          throw new InputException(
              displayName
                  + ": the csv format needs --columns (e.g. time,src,sport,dst,dport,proto)");
        }
        try {
          return new LineLogReader(displayName, rest, new ColumnsParser(opts, columns));
        } catch (IllegalArgumentException e) {
          throw new InputException(displayName + ": " + e.getMessage(), e);
        }
      default:
        return new LineLogReader(displayName, rest, parser(format, displayName, opts));
    }
  }

  private static LineParser parser(LogFormat format, String name, LogOptions opts) {
    switch (format) {
      case NETFILTER:
        return new NetfilterParser(opts);
      case DSHIELD:
        return new DshieldLineParser(opts);
      case CISCO:
        return new CiscoParser(opts, name);
      case PFIREWALL:
        return new PfirewallParser(opts);
      case PF:
        return new PfParser(opts);
      case ZEEK:
        return new ZeekConnParser(opts);
      case SURICATA:
        return new SuricataEveParser(opts);
      default:
        throw new IllegalStateException("no line parser for " + format);
    }
  }

  /** The first non-empty lines of the start of a file. */
  private static List<String> sample(byte[] head) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    if (head.length >= 3
        && head[0] == (byte) 0xef
        && head[1] == (byte) 0xbb
        && head[2] == (byte) 0xbf) {
      start = 3;
    }
    for (int i = start; i <= head.length && lines.size() < FormatDetector.SAMPLE_LINES; i++) {
      if (i == head.length || head[i] == '\n') {
        int end = i;
        if (end > start && head[end - 1] == '\r') {
          end--;
        }
        String line = new String(head, start, end - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
        start = i + 1;
      }
    }
    return lines;
  }
}
