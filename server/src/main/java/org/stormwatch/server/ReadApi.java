package org.stormwatch.server;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;
import org.stormwatch.store.SensorInfo;
import org.stormwatch.store.SourceDay;
import org.stormwatch.store.StoreException;
import org.stormwatch.store.TopPort;

/**
 * The read API, in the spirit of the Internet Storm Center's: port series, top ports, alerts, a
 * source's days, sensors, health. Parameters are checked here and a bad one is answered 400 with a
 * one-line reason naming it; times go out as ISO-8601 UTC strings.
 */
final class ReadApi {
  private static final int MAX_TOP = 1000;
  private final History history;
  private final Supplier<Instant> newest;

  /**
   * @param newest the newest stored probe time, or null when none
   */
  ReadApi(History history, Supplier<Instant> newest) {
    this.history = history;
    this.newest = newest;
  }

  /** A bad parameter: answered 400 with this message. */
  static final class BadParameter extends Exception {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message);
    }
  }

  Answer port(String portText, Function<String, String> q) {
    try {
      int port = port(portText, "port");
      Protocol protocol = protocol(q.apply("protocol"), Protocol.TCP);
      BucketSize bucket = bucket(q.apply("bucket"));
      Instant from = instant(q.apply("from"), "from");
      Instant to = instant(q.apply("to"), "to");
      if (from != null && to != null && to.isBefore(from)) {
        throw new BadParameter("from " + from + " is after to " + to);
      }
      List<Map<String, Object>> series = new ArrayList<>();
      for (PortActivity a : history.portActivity(new PortQuery(port, protocol, from, to, bucket))) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("start", a.start().toString());
        row.put("records", a.records());
        row.put("sources", a.sources());
        row.put("targets", a.targets());
        series.add(row);
      }
      series.sort(Comparator.comparing(r -> (String) r.get("start")));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("port", port);
      out.put("protocol", protocol.label());
      out.put("bucket", bucket.label());
      out.put("series", series);
      return Answer.ok(out);
    } catch (BadParameter e) {
      return Answer.error(400, e.getMessage());
    }
  }

  Answer topPorts(Function<String, String> q) {
    try {
      int limit = integer(q.apply("limit"), "limit", 10, 1, MAX_TOP);
      Instant from;
      String day = q.apply("day");
      if (day != null) {
        try {
          from = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
          throw new BadParameter("day: want YYYY-MM-DD, got '" + day + "'");
        }
      } else {
        from = newestDay();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      List<Map<String, Object>> ports = new ArrayList<>();
      if (from != null) {
        Instant to = from.plus(BucketSize.DAY.duration());
        for (TopPort t : history.topPorts(from, to, limit)) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("port", t.port());
          row.put("protocol", t.protocol().label());
          row.put("records", t.records());
          row.put("sources", t.sources());
          row.put("targets", t.targets());
          ports.add(row);
        }
        out.put("from", from.toString());
        out.put("to", to.toString());
      } else {
        out.put("from", null);
        out.put("to", null);
      }
      out.put("ports", ports);
      return Answer.ok(out);
    } catch (BadParameter e) {
      return Answer.error(400, e.getMessage());
    }
  }

  /** The start of the day of the newest stored probe, or null when history is empty. */
  private Instant newestDay() {
    Instant n = newest.get();
    return n == null
        ? null
        : Instant.ofEpochSecond(BucketSize.DAY.startOf(n.getEpochSecond() * 1_000_000_000L));
  }

  Answer alerts(Function<String, String> q) {
    try {
      String portText = q.apply("port");
      Integer port = portText == null ? null : port(portText, "port");
      Protocol protocol = protocol(q.apply("protocol"), null);
      List<Alert> alerts = new ArrayList<>(history.alerts(null, null));
      alerts.removeIf(
          a ->
              (port != null && a.port() != port) || (protocol != null && a.protocol() != protocol));
      alerts.sort(Comparator.comparing(Alert::detected).reversed());
      // The store keeps an alert's evidence, not its reach: count it anew from the hourly counters
      alerts = history.withReach(alerts, DetectionTask.BUCKET);
      List<Map<String, Object>> out = new ArrayList<>();
      for (Alert a : alerts) {
        out.add(AlertJson.of(a));
      }
      return Answer.ok(Map.of("alerts", out));
    } catch (BadParameter e) {
      return Answer.error(400, e.getMessage());
    }
  }

  Answer source(String address) {
    List<SourceDay> days;
    try {
      days = history.source(address);
    } catch (IllegalArgumentException e) {
      return Answer.error(400, e.getMessage());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SourceDay d : days) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("day", d.day().toString());
      row.put("records", d.records());
      row.put("targets", d.targets());
      row.put("ports", d.ports());
      row.put("first_seen", d.firstSeen().toString());
      row.put("last_seen", d.lastSeen().toString());
      row.put("sensors", d.sensors());
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", address);
    out.put("days", rows);
    return Answer.ok(out);
  }

  Answer sensors() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SensorInfo s : history.sensors()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.name());
      row.put("submissions", s.submissions());
      row.put("probes", s.probes());
      row.put("first_submission", s.firstSubmission().toString());
      row.put("last_submission", s.lastSubmission().toString());
      rows.add(row);
    }
    return Answer.ok(Map.of("sensors", rows));
  }

  Answer health() {
    try {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "ok");
      out.put("schema", history.schemaVersion());
      out.put("submissions", history.submissions());
      return Answer.ok(out);
    } catch (StoreException e) {
      return Answer.error(503, "store unreachable: " + e.getMessage());
    }
  }

  private static int port(String text, String name) throws BadParameter {
    return integer(text, name, -1, 0, 0xffff);
  }

  private static int integer(String text, String name, int dflt, int min, int max)
      throws BadParameter {
    if (text == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(text.strip());
      if (v < min || v > max) {
        throw new BadParameter(name + ": want " + min + " to " + max + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadParameter(name + ": not a number: '" + text + "'");
    }
  }

  private static Protocol protocol(String text, Protocol dflt) throws BadParameter {
    if (text == null) {
      return dflt;
    }
    try {
      return Protocol.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadParameter("protocol: " + e.getMessage());
    }
  }

  private static BucketSize bucket(String text) throws BadParameter {
    if (text == null) {
      return BucketSize.DAY;
    }
    try {
      return BucketSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadParameter("bucket: " + e.getMessage());
    }
  }

  /** {@code 2002-09-28} (start of that UTC day) or a full instant {@code 2002-09-28T12:00:00Z}. */
  private static Instant instant(String text, String name) throws BadParameter {
    if (text == null) {
      return null;
    }
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameter(name + ": want YYYY-MM-DD or an ISO-8601 instant, got '" + text + "'");
    }
  }
}
