package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test: 20 sensors submit at once for a minute; sensor 0 retries every request: it
 * sends each twice at the same moment (a client retrying on a timeout while the first is still
 * being stored), then once more after both answers (a client whose answer was lost). Afterwards the
 * stored records per port, and the probes and submissions per sensor, equal exactly what was sent.
 */
class ConcurrentSensorsTest {
  private static final int SENSORS = 20;

  /** How long the sensors submit: the minute, the same everywhere. */
  private static final Duration RUN = Duration.ofMinutes(1);

  private static final Instant DAY = Instant.parse("2024-03-04T00:00:00Z");

  @Test
  void twentySensors_oneRetryingEverything_storeExactlyWhatWasSent(@TempDir Path dir)
      throws Exception {
    AtomicLongArray sentPerSensor = new AtomicLongArray(SENSORS);
    AtomicLongArray sentPerPort = new AtomicLongArray(SENSORS);
    AtomicLongArray requestsPerSensor = new AtomicLongArray(SENSORS);
    try (TestServer s = new TestServer(dir, SENSORS, c -> c)) {
      long start = System.nanoTime();
      long end = start + RUN.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(SENSORS);
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < SENSORS; i++) {
        int sensor = i;
        done.add(
            pool.submit(
                () -> {
                  Random r = new Random(1000 + sensor);
                  int requests = 0;
                  while (System.nanoTime() < end) {
                    int n = 1 + r.nextInt(300);
                    int port = 2000 + r.nextInt(SENSORS);
                    byte[] body =
                        Bodies.dshieldJson(r, n, port, DAY.plusSeconds(86_400L * r.nextInt(3)));
                    String key = "req-" + requests;
                    if (sensor == 0) {
                      CompletableFuture<HttpResponse<String>> a =
                          CompletableFuture.supplyAsync(() -> post(s, sensor, body, key));
                      HttpResponse<String> b = post(s, sensor, body, key);
                      JsonNode ja = TestServer.json(a.join());
                      JsonNode jb = TestServer.json(b);
                      assertThat(ja.get("submission").asLong())
                          .isEqualTo(jb.get("submission").asLong());
                      assertThat(ja.get("duplicate").asBoolean() ^ jb.get("duplicate").asBoolean())
                          .as("exactly one of the two stored it")
                          .isTrue();
                      JsonNode jc = TestServer.json(post(s, sensor, body, key));
                      assertThat(jc.get("submission").asLong())
                          .isEqualTo(ja.get("submission").asLong());
                      assertThat(jc.get("duplicate").asBoolean()).isTrue();
                      assertThat(jc.get("probes").asLong()).isEqualTo(n);
                    } else {
                      HttpResponse<String> a = post(s, sensor, body, key);
                      assertThat(TestServer.json(a).get("probes").asLong()).isEqualTo(n);
                    }
                    sentPerSensor.addAndGet(sensor, n);
                    requestsPerSensor.incrementAndGet(sensor);
                    sentPerPort.addAndGet(port - 2000, n);
                    requests++;
                  }
                  return requests;
                }));
      }
      int requests = 0;
      for (Future<Integer> f : done) {
        requests += f.get();
      }
      long elapsed = System.nanoTime() - start;
      pool.shutdown();
      assertThat(elapsed).isGreaterThanOrEqualTo(RUN.toNanos());
      assertThat(requests).isGreaterThan(SENSORS);
      for (int p = 0; p < SENSORS; p++) {
        long stored = 0;
        for (JsonNode row : s.get("/api/ports/" + (2000 + p) + "?protocol=udp").get("series")) {
          stored += row.get("records").asLong();
        }
        assertThat(stored).as("records of port " + (2000 + p)).isEqualTo(sentPerPort.get(p));
      }
      JsonNode sensors = s.get("/api/sensors").get("sensors");
      assertThat(sensors).hasSize(SENSORS);
      for (JsonNode info : sensors) {
        int i = Integer.parseInt(info.get("name").asText().substring("sensor-".length()));
        assertThat(info.get("probes").asLong()).as(info.toString()).isEqualTo(sentPerSensor.get(i));
        assertThat(info.get("submissions").asLong())
            .as(info.toString())
            .isEqualTo(requestsPerSensor.get(i));
      }
      String retries =
          s.send(s.request("/metrics"))
              .body()
              .lines()
              .filter(l -> l.startsWith("stormwatch_store_retries_total "))
              .findFirst()
              .orElse("?");
      System.out.printf(
          "concurrent sensors: %d requests, %d probes in %d s; %s%n",
          requests, sumOf(sentPerSensor), elapsed / 1_000_000_000L, retries);
    }
  }

  private static long sumOf(AtomicLongArray a) {
    long n = 0;
    for (int i = 0; i < a.length(); i++) {
      n += a.get(i);
    }
    return n;
  }

  private static HttpResponse<String> post(TestServer s, int sensor, byte[] body, String key) {
    try {
      HttpResponse<String> r = s.submit(sensor, "application/json", body, key);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
