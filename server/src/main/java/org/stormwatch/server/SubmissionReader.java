package org.stormwatch.server;

import java.io.IOException;
import java.util.Locale;
import org.stormwatch.core.capture.Captures;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.logs.LogOptions;
import org.stormwatch.core.model.ProbeSink;

/**
 * Reads a spooled submission body with core's readers, as the content type says: {@code
 * application/json} is DShield sensor JSON, {@code text/plain} log lines of any format Stormwatch
 * detects, {@code application/vnd.tcpdump.pcap} or {@code application/octet-stream} a pcap or
 * pcapng capture; each may be gzip-compressed. Every probe is tagged with the sensor.
 */
final class SubmissionReader {
  /** The kinds of body accepted, by content type. */
  enum Kind {
    DSHIELD_JSON,
    LOG_LINES,
    CAPTURE
  }

  /** A body that cannot be read at all: answered 400 with this one-line message. */
  static final class BadBody extends Exception {
    private static final long serialVersionUID = 1L;

    BadBody(String message) {
      super(message);
    }
  }

  private SubmissionReader() {}

  /** The kind of a content type (parameters such as charset ignored), or null when unsupported. */
  static Kind kindOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String type =
        (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    switch (type) {
      case "application/json":
        return Kind.DSHIELD_JSON;
      case "text/plain":
        return Kind.LOG_LINES;
      case "application/vnd.tcpdump.pcap":
      case "application/octet-stream":
        return Kind.CAPTURE;
      default:
        return null;
    }
  }

  /**
   * Reads the body, handing each probe to the sink and counting every record in the stats.
   *
   * @throws BadBody when the body is empty, is not of its declared kind, or cannot be read at all
   */
  static void read(BodySpool body, Kind kind, String sensor, ProbeSink sink, ReadStats stats)
      throws BadBody, IOException {
    if (body.size() == 0) {
      throw new BadBody("empty body");
    }
    byte[] head = body.head(4);
    boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    boolean capture = Captures.isCapture(head, head.length);
    LogOptions logs = LogOptions.defaults();
    if (kind == Kind.CAPTURE && !capture && !gzip) {
      throw new BadBody("body is not a pcap or pcapng capture (sent as a capture)");
    }
    if (kind != Kind.CAPTURE && capture) {
      throw new BadBody("body is a capture: send it as application/vnd.tcpdump.pcap");
    }
    if (kind == Kind.DSHIELD_JSON) {
      logs = logs.withFormat("dshield-json");
    }
    String path = body.file().toString();
    try {
      Inputs.read(path, new InputOptions(sensor, logs), sink, stats);
    } catch (InputException e) {
      throw new BadBody(hidePath(e.getMessage(), path));
    }
  }

  /** Messages of core's readers name the file; the client knows it as "body". */
  static String hidePath(String message, String path) {
    return message == null ? "unreadable body" : message.replace(path, "body");
  }
}
