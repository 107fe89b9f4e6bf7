package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.detect.Trend;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.store.History;
import org.stormwatch.store.StoreLocation;

/**
 * Detection as buckets close queues each new alert in the store's outbox for the webhook, the JSON
 * Lines file and syslog, with the fields of {@code detect --format jsonl}; the delivery loop
 * retries a failing webhook with backoff, delivers once per sink, and what was pending when the
 * server stopped is delivered after the restart. The webhook is a real local HTTP server that fails
 * its first N requests with 503.
 */
class AlertDeliveryTest {
  /** A webhook receiver that answers 503 while it has failures left, then 204. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/hook",
          ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              failed.incrementAndGet();
              ex.sendResponseHeaders(503, -1);
            } else {
              accepted.add(body);
              keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
              ex.sendResponseHeaders(204, -1);
            }
            ex.close();
          });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static final Duration RETRY = Duration.ofMillis(50);

  @Test
  void alerts_reachEverySinkOnce_throughFailuresAndARestart(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("alerts.jsonl");
    try (Receiver hook = new Receiver();
        DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      syslog.setSoTimeout(2000);
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", syslog.getLocalPort());
      UnaryOperator<ServerConfig> config =
          c -> c.withAlerts(jsonl, to, hook.url()).withAlertRetry(RETRY);

      // The webhook is down for the whole first run: its deliveries stay pending.
      hook.failuresLeft.set(Integer.MAX_VALUE);
      try (TestServer s = new TestServer(dir, 1, config)) {
        SimulatedFeed.port137(s, 0.02);
        s.server.detectNow();
        assertThat(hook.failed.get()).isPositive();
        assertThat(
                metric(s, "stormwatch_alert_deliveries_total{sink=\"webhook\",result=\"failed\"}"))
            .isEqualTo(hook.failed.get());
      }
      assertThat(hook.accepted).isEmpty();
      List<String> lines = Files.readAllLines(jsonl);
      assertThat(lines).isNotEmpty();
      JsonNode first = TestServer.JSON.readTree(lines.get(0));
      assertThat(first.get("port").asInt()).isEqualTo(137);
      assertThat(first.get("protocol").asText()).isEqualTo("udp");
      assertThat(first.get("onset").asText()).startsWith("2002-09-2");
      assertThat(first.fieldNames())
          .toIterable()
          .containsExactly(
              "kind",
              "method",
              "port",
              "protocol",
              "onset",
              "detected",
              "last",
              "score",
              "records",
              "sources",
              "targets",
              "scanners",
              "bucket_sums",
              "baseline",
              "ratio",
              "trend",
              "explanation",
              "summary");
      for (int i = 0; i < lines.size(); i++) {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        syslog.receive(p);
        String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        assertThat(msg)
            .matches("<132>1 \\S+ \\S+ stormwatch \\d+ alert - .*")
            .endsWith("\t" + lines.get(i));
      }

      // Restarted: the pending deliveries go out; the webhook fails 3 more requests first.
      int failedBefore = hook.failed.get();
      hook.failuresLeft.set(3);
      try (TestServer s = new TestServer(dir, 1, config)) {
        // Generous: with 30 s, at a load of 20, the wait once ended after two of the three
        // failures (the likeliest reading: everything ran slowly). It ends once every alert is in.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (hook.accepted.size() < lines.size() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        s.server.detectNow();
        s.server.deliverNow();
        assertThat(s.get("/api/alerts?port=137&protocol=udp").get("alerts")).hasSize(lines.size());
      }
      assertThat(hook.failed.get() - failedBefore).isEqualTo(3);
      // Once each, in their order, with the same text as the file's lines.
      assertThat(hook.accepted).containsExactlyElementsOf(lines);
      assertThat(hook.keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("surge/137/udp/"));

      // Restarted again: nothing is pending, nothing is sent twice.
      try (TestServer s = new TestServer(dir, 1, config)) {
        s.server.detectNow();
      }
      assertThat(Files.readAllLines(jsonl)).isEqualTo(lines);
      assertThat(hook.accepted).hasSize(lines.size());
      DatagramPacket none = new DatagramPacket(new byte[65_536], 65_536);
      boolean more;
      try {
        syslog.setSoTimeout(500);
        syslog.receive(none);
        more = true;
      } catch (SocketTimeoutException e) {
        more = false;
      }
      assertThat(more).as("a syslog message after the restarts").isFalse();
    }
  }

  @Test
  void aRemovedSink_keepsItsPendingDeliveries_andIsReported(@TempDir Path dir) throws Exception {
    Instant onset = Instant.parse("2002-09-28T00:00:00Z");
    Alert alert =
        new Alert(
            "surge",
            "default",
            137,
            Protocol.UDP,
            onset,
            onset,
            onset,
            42.5,
            new Counts(400, 100, 300),
            new Counts(10, 2.5, 7),
            Trend.RISING,
            List.of(),
            "137/udp: surge",
            Reach.UNKNOWN);
    try (History h = History.open(StoreLocation.directory(dir.resolve("data")))) {
      h.saveAlerts(List.of(alert), List.of("webhook", "jsonl"), AlertSinks::payload);
      // Restarted with the JSON Lines file only: the webhook's delivery stays pending, reported.
      AlertDelivery d =
          new AlertDelivery(
              h, new AlertSinks(null, dir.resolve("a.jsonl"), null), new Metrics(), RETRY);
      assertThat(d.unconfiguredPending()).containsExactly(Map.entry("webhook", 1L));
      d.start();
      d.runOnce();
      d.close();
      assertThat(Files.readAllLines(dir.resolve("a.jsonl"))).hasSize(1);
      assertThat(h.deliveryCounts())
          .containsEntry("webhook pending", 1L)
          .containsEntry("jsonl delivered", 1L);
      // Once the JSON Lines file got it, nothing is pending there.
      assertThat(d.unconfiguredPending()).containsOnlyKeys("webhook");
    }
  }

  @Test
  void backoff_doublesFromTheFirstWait_upToTenMinutes() {
    AlertDelivery d = new AlertDelivery(null, new AlertSinks(null, null, null), null, RETRY);
    assertThat(d.backoff(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(d.backoff(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(d.backoff(5)).isEqualTo(Duration.ofMillis(800));
    assertThat(d.backoff(20)).isEqualTo(AlertDelivery.MAX_BACKOFF);
    assertThat(d.backoff(1000)).isEqualTo(AlertDelivery.MAX_BACKOFF);
    d.close();
  }

  private static long metric(TestServer s, String name) throws Exception {
    return s.send(s.request("/metrics"))
        .body()
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1)))
        .findFirst()
        .orElse(0);
  }
}
