package org.stormwatch.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.stormwatch.store.StoreLocation;

/**
 * Everything {@code stormwatch serve} is told.
 *
 * @param host the address to listen on
 * @param port the port to listen on, 0 for any free one
 * @param store where history lives; null only with {@code kafka}, when the Flink job keeps it
 * @param sensors sensor name to key
 * @param maxBody the largest submission body accepted, bytes
 * @param ratePerSecond submissions per second per sensor, 0 for no limit
 * @param maskTargets networks whose target addresses lose their host bits before storing
 * @param alertsJsonl a JSON Lines file new alerts are appended to, or null
 * @param alertsSyslog a syslog server new alerts are sent to over UDP, or null
 * @param webhook a URL new alerts are posted to, or null
 * @param lateness how long after a day bucket ends (in probe time) detection waits for late probes
 * @param detectEvery how often the detection task looks for closed buckets
 * @param alertRetry the wait after an alert's first failed delivery to a sink, doubled after each
 *     further failure (at most 10 minutes)
 * @param kafka where accepted submissions are published instead of stored, or null for the store
 */
public record ServerConfig(
    String host,
    int port,
    StoreLocation store,
    Map<String, String> sensors,
    long maxBody,
    double ratePerSecond,
    List<String> maskTargets,
    Path alertsJsonl,
    InetSocketAddress alertsSyslog,
    URI webhook,
    Duration lateness,
    Duration detectEvery,
    Duration alertRetry,
    KafkaTarget kafka) {

  public static final long DEFAULT_MAX_BODY = 16L << 20;
  public static final Duration DEFAULT_LATENESS = Duration.ofHours(1);
  public static final Duration DEFAULT_ALERT_RETRY = Duration.ofSeconds(1);

  public ServerConfig {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port out of 0..65535: " + port);
    }
    if (store == null && kafka == null) {
      throw new IllegalArgumentException("no store: give --data DIR, --db URL or --kafka");
    }
    if (kafka != null && (alertsJsonl != null || alertsSyslog != null || webhook != null)) {
      throw new IllegalArgumentException(
          "--alerts-jsonl, --alerts-syslog and --webhook need the store: with --kafka the Flink"
              + " job detects (its alerts topic)");
    }
    if (sensors.isEmpty()) {
      throw new IllegalArgumentException("no sensors: give --sensor NAME=KEY or --sensors FILE");
    }
    if (maxBody < 1) {
      throw new IllegalArgumentException("--max-body must be at least 1 byte, not " + maxBody);
    }
    if (alertRetry.isNegative() || alertRetry.isZero()) {
      throw new IllegalArgumentException("alert retry must be positive: " + alertRetry);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("--rate must be 0 (no limit) or more: " + ratePerSecond);
    }
    sensors = Map.copyOf(new LinkedHashMap<>(sensors));
    maskTargets = List.copyOf(maskTargets);
    TargetMask.of(maskTargets); // fail fast on a bad network
    new SensorKeys(sensors); // and on a bad name or key
  }

  /** Defaults for everything but where to listen, the store and the sensors. */
  public static ServerConfig of(
      String host, int port, StoreLocation store, Map<String, String> sensors) {
    return new ServerConfig(
        host,
        port,
        store,
        sensors,
        DEFAULT_MAX_BODY,
        0,
        List.of(),
        null,
        null,
        null,
        DEFAULT_LATENESS,
        Duration.ofSeconds(10),
        DEFAULT_ALERT_RETRY,
        null);
  }

  public ServerConfig withMaxBody(long bytes) {
    return with(c -> c.maxBody = bytes);
  }

  public ServerConfig withRate(double perSecond) {
    return with(c -> c.ratePerSecond = perSecond);
  }

  public ServerConfig withMaskTargets(List<String> cidrs) {
    return with(c -> c.maskTargets = cidrs);
  }

  public ServerConfig withAlerts(Path jsonl, InetSocketAddress syslog, URI hook) {
    return with(
        c -> {
          c.alertsJsonl = jsonl;
          c.alertsSyslog = syslog;
          c.webhook = hook;
        });
  }

  public ServerConfig withDetection(Duration late, Duration every) {
    return with(
        c -> {
          c.lateness = late;
          c.detectEvery = every;
        });
  }

  /**
   * Publishes accepted submissions to Kafka instead of storing them; history (the read API) then
   * comes from {@code store} when given, else from nowhere: the Flink job keeps it.
   */
  public ServerConfig withKafka(KafkaTarget target) {
    return with(c -> c.kafka = target);
  }

  /** The same, keeping history in (or reading it from) another store, or none (null). */
  public ServerConfig withStore(StoreLocation where) {
    return with(c -> c.store = where);
  }

  public ServerConfig withAlertRetry(Duration first) {
    return with(c -> c.alertRetry = first);
  }

  /** A copy with some components changed, checked like any other. */
  private ServerConfig with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The components of a configuration, open for change. */
  private static final class Copy {
    String host;
    int port;
    StoreLocation store;
    Map<String, String> sensors;
    long maxBody;
    double ratePerSecond;
    List<String> maskTargets;
    Path alertsJsonl;
    InetSocketAddress alertsSyslog;
    URI webhook;
    Duration lateness;
    Duration detectEvery;
    Duration alertRetry;
    KafkaTarget kafka;

    Copy(ServerConfig from) {
      host = from.host;
      port = from.port;
      store = from.store;
      sensors = from.sensors;
      maxBody = from.maxBody;
      ratePerSecond = from.ratePerSecond;
      maskTargets = from.maskTargets;
      alertsJsonl = from.alertsJsonl;
      alertsSyslog = from.alertsSyslog;
      webhook = from.webhook;
      lateness = from.lateness;
      detectEvery = from.detectEvery;
      alertRetry = from.alertRetry;
      kafka = from.kafka;
    }

    ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          store,
          sensors,
          maxBody,
          ratePerSecond,
          maskTargets,
          alertsJsonl,
          alertsSyslog,
          webhook,
          lateness,
          detectEvery,
          alertRetry,
          kafka);
    }
  }

  /** Reads a sensors file: one {@code NAME=KEY} a line, blank lines and {@code #} comments. */
  public static Map<String, String> readSensorsFile(Path file) throws IOException {
    return SensorKeys.readFile(file);
  }

  /** Parses one {@code NAME=KEY}. */
  public static Map.Entry<String, String> parseSensor(String text) {
    return SensorKeys.parseEntry(text, "--sensor");
  }

  /** Parses {@code HOST:PORT} (IPv6 in brackets). */
  public static InetSocketAddress parseHostPort(String text, String what) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(what + ": want HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": bad port in '" + text + "'", e);
    }
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException(what + ": port out of 0..65535 in '" + text + "'");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Parses a size such as {@code 16MiB}, {@code 512KiB}, {@code 1000000}. */
  public static long parseSize(String text) {
    String t = text.strip();
    long unit = 1;
    String[][] units = {{"GiB", "1073741824"}, {"MiB", "1048576"}, {"KiB", "1024"}, {"B", "1"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).strip();
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "bad size '" + text + "' (want a number of bytes, or with KiB, MiB or GiB)", e);
    }
  }
}
