package org.stormwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.stormwatch.store.StoreLocation;

/** A real server on a free port over a real store in a temporary directory, and a client. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final StormwatchServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  final URI base;

  TestServer(Path dir, int sensors, UnaryOperator<ServerConfig> tweak) throws IOException {
    this.server = StormwatchServer.start(tweak.apply(config(dir, sensors)));
    this.base = URI.create("http://127.0.0.1:" + server.port());
  }

  static ServerConfig config(Path dir, int sensors) {
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < sensors; i++) {
      keys.put(name(i), key(i));
    }
    return ServerConfig.of("127.0.0.1", 0, StoreLocation.directory(dir.resolve("data")), keys);
  }

  static String name(int i) {
    return "sensor-" + i;
  }

  static String key(int i) {
    return "key-of-sensor-" + i + "-0123456789";
  }

  HttpResponse<String> submit(int sensor, String contentType, byte[] body, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/api/submissions"))
            .header("Authorization", "Bearer " + key(sensor))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path));
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(request(path));
    if (r.statusCode() != 200) {
      throw new AssertionError(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
