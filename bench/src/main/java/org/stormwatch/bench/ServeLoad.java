package org.stormwatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stormwatch.server.ServerConfig;
import org.stormwatch.server.StormwatchServer;
import org.stormwatch.store.StoreLocation;

/**
 * End-to-end load on {@code stormwatch serve}: a server in this process over a fresh embedded
 * store, {@code SENSORS} threads each submitting DShield JSON bodies of {@code PROBES} probes as
 * fast as answers come back, and one reader asking {@code /api/ports/{port}} in a loop meanwhile.
 * Prints submissions/s and probes/s over the time until the last answer (submissions in flight at
 * the end are waited for), and the reader's latency percentiles. The server, the clients and the
 * store share this machine's cores: the figures are for the whole loop.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.stormwatch.bench.ServeLoad SECONDS PROBES DIR [SENSORS]
 * </pre>
 */
public final class ServeLoad {
  private ServeLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    int probes = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    int sensors = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    if (Files.exists(dir.resolve("data"))) {
      throw new IllegalArgumentException(dir.resolve("data") + " exists: give a fresh directory");
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < sensors; i++) {
      keys.put("s" + i, "bench-key-" + i + "-xxxxxxxx");
    }
    ServerConfig config =
        ServerConfig.of("127.0.0.1", 0, StoreLocation.directory(dir.resolve("data")), keys)
            .withMaxBody(64L << 20);
    try (StormwatchServer server = StormwatchServer.start(config)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      ExecutorService pool = Executors.newFixedThreadPool(sensors + 1);
      List<Future<long[]>> senders = new ArrayList<>();
      for (int i = 0; i < sensors; i++) {
        int sensor = i;
        senders.add(
            pool.submit(
                () -> {
                  SplittableRandom r = new SplittableRandom(sensor);
                  long subs = 0;
                  long sent = 0;
                  while (System.nanoTime() < end) {
                    byte[] body = body(r, probes);
                    HttpResponse<String> a =
                        http.send(
                            HttpRequest.newBuilder(base.resolve("/api/submissions"))
                                .header("Authorization", "Bearer bench-key-" + sensor + "-xxxxxxxx")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (a.statusCode() != 200) {
                      throw new IllegalStateException("HTTP " + a.statusCode() + ": " + a.body());
                    }
                    subs++;
                    sent += probes;
                  }
                  return new long[] {subs, sent};
                }));
      }
      Future<long[]> reader =
          pool.submit(
              () -> {
                List<Long> nanos = new ArrayList<>();
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  HttpResponse<String> a =
                      http.send(
                          HttpRequest.newBuilder(base.resolve("/api/ports/137?protocol=udp"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (a.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + a.statusCode() + ": " + a.body());
                  }
                  nanos.add(System.nanoTime() - t0);
                }
                return nanos.stream().mapToLong(Long::longValue).toArray();
              });
      long subs = 0;
      long sent = 0;
      for (Future<long[]> f : senders) {
        long[] x = f.get();
        subs += x[0];
        sent += x[1];
      }
      // Submissions in flight at the end are waited for and counted: divide by the time taken.
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] lat = reader.get();
      pool.shutdown();
      Arrays.sort(lat);
      System.out.printf(
          Locale.ROOT,
          "%d sensors, %d probes per submission, %.1f s: %d submissions (%.1f/s), %d probes (%.0f/s);"
              + " GET /api/ports/137: %d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          sensors,
          probes,
          elapsed,
          subs,
          subs / elapsed,
          sent,
          sent / elapsed,
          lat.length,
          pct(lat, 0.50),
          pct(lat, 0.99),
          lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
  }

  /** UDP probes, a third of them to 137, from random sources over one day of 2002. */
  private static byte[] body(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n * 110).append("{\"type\":\"firewall\",\"logs\":[");
    long day = 1_033_171_200L; // 2002-09-28
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? "," : "")
          .append("{\"time\":")
          .append(day + r.nextInt(86_400))
          .append(",\"sip\":\"")
          .append(1 + r.nextInt(223))
          .append('.')
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append("\",\"dip\":\"172.16.")
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append("\",\"proto\":\"17\",\"sport\":")
          .append(1025 + r.nextInt(64_000))
          .append(",\"dport\":")
          .append(r.nextInt(3) == 0 ? 137 : 1 + r.nextInt(1024))
          .append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
