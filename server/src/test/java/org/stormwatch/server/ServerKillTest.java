package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;
import org.stormwatch.store.Receipt;
import org.stormwatch.store.StoreLocation;

/**
 * The server runs in a child process; sensors submit; the child gets SIGKILL mid-stream; a new
 * child opens the same data directory. Every acknowledged submission is there with its probes, and
 * the stored records equal the probes of the stored submissions: nothing half or twice.
 */
class ServerKillTest {
  private static final int SENSORS = 4;
  private static final Instant DAY = Instant.parse("2024-03-04T00:00:00Z");

  @Test
  void sigkillDuringSubmissions_losesNothingAcknowledged(@TempDir Path dir) throws Exception {
    Map<String, Long> acked = new ConcurrentHashMap<>();
    List<String> attempted = java.util.Collections.synchronizedList(new ArrayList<>());
    Process child = startChild(dir);
    int port = readPort(child);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(SENSORS);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 0; i < SENSORS; i++) {
      int sensor = i;
      pool.submit(
          () -> {
            Random r = new Random(sensor);
            for (int k = 0; !stop.get(); k++) {
              int n = 1 + r.nextInt(500);
              byte[] body = Bodies.dshieldJson(r, n, 3000 + sensor, DAY);
              String key = "k" + k;
              attempted.add(TestServer.name(sensor) + "/idem:" + key);
              try {
                HttpResponse<String> a = post(http, port, sensor, body, key);
                if (a.statusCode() == 200) {
                  acked.put(TestServer.name(sensor) + "/idem:" + key, (long) n);
                }
              } catch (IOException e) {
                return null; // the server is gone
              }
            }
            return null;
          });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.size() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(500);
    child.destroyForcibly(); // SIGKILL on Linux
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(acked).hasSizeGreaterThanOrEqualTo(40);

    // A new server on the same directory: every acknowledged submission is a duplicate now.
    Process again = startChild(dir);
    int port2 = readPort(again);
    try {
      Random r = new Random(99);
      for (String full : List.copyOf(acked.keySet()).subList(0, 5)) {
        int sensor = Integer.parseInt(full.substring("sensor-".length(), full.indexOf('/')));
        String key = full.substring(full.indexOf(":") + 1);
        HttpResponse<String> a =
            post(http, port2, sensor, Bodies.dshieldJson(r, 3, 3999, DAY), key);
        JsonNode j = TestServer.json(a);
        assertThat(j.get("duplicate").asBoolean()).isTrue();
        assertThat(j.get("probes").asLong()).isEqualTo(acked.get(full));
      }
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
    }

    try (History h = History.open(StoreLocation.directory(dir.resolve("data")))) {
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        Receipt receipt =
            h.submission(e.getKey()).orElseThrow(() -> new AssertionError("lost " + e.getKey()));
        assertThat(receipt.probes()).isEqualTo(e.getValue());
      }
      for (int sensor = 0; sensor < SENSORS; sensor++) {
        long inSubmissions = 0;
        for (Receipt rc : h.submissionsWithKeyPrefix(TestServer.name(sensor) + "/")) {
          inSubmissions += rc.probes();
        }
        long records = 0;
        for (PortActivity a :
            h.portActivity(
                new PortQuery(
                    3000 + sensor,
                    org.stormwatch.core.model.Protocol.UDP,
                    null,
                    null,
                    BucketSize.DAY))) {
          records += a.records();
        }
        assertThat(records).as("sensor " + sensor).isEqualTo(inSubmissions);
      }
      System.out.printf(
          "kill test: %d attempted, %d acknowledged, %d stored%n",
          attempted.size(), acked.size(), h.submissions());
    }
  }

  private static HttpResponse<String> post(
      HttpClient http, int port, int sensor, byte[] body, String key) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/submissions"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TestServer.key(sensor))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Process startChild(Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            ServeMain.class.getName(),
            dir.toString(),
            Integer.toString(SENSORS))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static int readPort(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).strip());
      }
    }
    throw new AssertionError("the server child exited before listening: " + exitOf(p));
  }

  private static String exitOf(Process p) {
    try {
      return p.waitFor(10, TimeUnit.SECONDS) ? "exit " + p.exitValue() : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
