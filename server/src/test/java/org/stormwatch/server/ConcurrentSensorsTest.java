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
 * 20 sensors submit at once for a while (STORMWATCH_LOAD_SECONDS, default 20); sensor 0 sends every
 * request twice at the same moment, as a client retrying on a timeout would. Afterwards the stored
 * records per port and the probes per sensor equal exactly what was sent.
 */
class ConcurrentSensorsTest {
  private static final int SENSORS = 20;
  private static final Instant DAY = Instant.parse("2024-03-04T00:00:00Z");

  @Test
  void twentySensors_oneRetryingEverything_storeExactlyWhatWasSent(@TempDir Path dir)
      throws Exception {
    long seconds = Long.parseLong(System.getenv().getOrDefault("STORMWATCH_LOAD_SECONDS", "20"));
    AtomicLongArray sentPerSensor = new AtomicLongArray(SENSORS);
    AtomicLongArray sentPerPort = new AtomicLongArray(SENSORS);
    try (TestServer s = new TestServer(dir, SENSORS, c -> c)) {
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
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
                    } else {
                      HttpResponse<String> a = post(s, sensor, body, key);
                      assertThat(TestServer.json(a).get("probes").asLong()).isEqualTo(n);
                    }
                    sentPerSensor.addAndGet(sensor, n);
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
      pool.shutdown();
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
          requests, sumOf(sentPerSensor), seconds, retries);
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
