package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection as buckets close sends each new alert once to the webhook, the JSON Lines file and
 * syslog, with the fields of {@code detect --format jsonl}; a restarted server sends none again.
 */
class AlertDeliveryTest {
  @Test
  void newAlerts_goToEverySinkOnce_andNotAgainAfterRestart(@TempDir Path dir) throws Exception {
    List<String> posted = new CopyOnWriteArrayList<>();
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    Path jsonl = dir.resolve("alerts.jsonl");
    try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      syslog.setSoTimeout(2000);
      URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", syslog.getLocalPort());
      try (TestServer s = new TestServer(dir, 1, c -> c.withAlerts(jsonl, to, url))) {
        SimulatedFeed.port137(s, 0.02);
        s.server.detectNow();
      }
      List<String> lines = Files.readAllLines(jsonl);
      assertThat(lines).isNotEmpty();
      assertThat(posted).containsExactlyElementsOf(lines);
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

      // Restarted on the same data: detection runs again, finds the stored alerts, sends nothing.
      try (TestServer s = new TestServer(dir, 1, c -> c.withAlerts(jsonl, to, url))) {
        s.server.detectNow();
        assertThat(s.get("/api/alerts?port=137&protocol=udp").get("alerts")).hasSize(lines.size());
      }
      assertThat(Files.readAllLines(jsonl)).isEqualTo(lines);
      assertThat(posted).hasSize(lines.size());
      DatagramPacket none = new DatagramPacket(new byte[65_536], 65_536);
      boolean more;
      try {
        syslog.receive(none);
        more = true;
      } catch (SocketTimeoutException e) {
        more = false;
      }
      assertThat(more).as("a syslog message after the restart").isFalse();
    } finally {
      hook.stop(0);
    }
  }
}
