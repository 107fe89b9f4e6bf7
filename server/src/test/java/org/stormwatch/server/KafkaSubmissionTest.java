package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.codec.ProbeCodec;
import org.stormwatch.core.model.Probe;
import org.stormwatch.testsupport.LocalKafka;

/** {@code serve --kafka} against a real in-process broker, without a store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSubmissionTest {
  static final Instant DAY = Instant.parse("2024-03-04T00:00:00Z");
  static final String JSON = "application/json";

  LocalKafka kafka;
  KafkaTarget target;
  TestServer s;
  Path dir;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    kafka = new LocalKafka();
    target = KafkaTarget.of(kafka.bootstrap(), "probes").withTimeout(Duration.ofSeconds(5));
    s = new TestServer(dir, 3, c -> c.withMaxBody(256 * 1024).withKafka(target).withStore(null));
  }

  @AfterAll
  void stop() throws Exception {
    s.close();
    kafka.close();
  }

  /**
   * The probes a DShield JSON body holds, as text (time, addresses, ports, sensor), read with
   * Jackson rather than the server's readers.
   */
  static List<String> expected(byte[] body, String sensor) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode l : TestServer.JSON.readTree(body).get("logs")) {
      out.add(
          Instant.ofEpochSecond(l.get("time").asLong())
              + " "
              + l.get("sip").asText()
              + ":"
              + l.get("sport").asInt()
              + " > "
              + l.get("dip").asText()
              + ":"
              + l.get("dport").asInt()
              + " udp "
              + sensor);
    }
    out.sort(null);
    return out;
  }

  static String sha256(byte[] body) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
  }

  static String text(Probe p) {
    return p.time()
        + " "
        + p.sourceText()
        + ":"
        + p.srcPort()
        + " > "
        + p.destinationText()
        + ":"
        + p.dstPort()
        + " "
        + p.protocol().label()
        + " "
        + p.sensor();
  }

  /** The decoded probes on the topic to this destination port, by record key, sorted. */
  static Map<String, List<String>> published(LocalKafka kafka, String topic, int port) {
    Map<String, List<String>> byKey = new HashMap<>();
    for (LocalKafka.Rec r : kafka.readCommitted(topic)) {
      Probe p = ProbeCodec.decode(r.value());
      if (p.dstPort() == port) {
        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(text(p));
      }
    }
    byKey.values().forEach(l -> l.sort(null));
    return byKey;
  }

  @Test
  void acceptedSubmissions_appearOnTheTopicExactlyOnce_asSent() throws Exception {
    int port = 5001;
    Map<String, List<String>> want = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      int sensor = i % 3;
      byte[] body = Bodies.dshieldJson(new Random(100 + i), 50 + 37 * i, port, DAY);
      String idem = i % 2 == 0 ? "batch-" + i : null;
      HttpResponse<String> r = s.submit(sensor, JSON, body, idem);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode receipt = TestServer.json(r);
      assertThat(receipt.get("duplicate").asBoolean()).isFalse();
      assertThat(receipt.get("probes").asLong()).isEqualTo(50 + 37 * i);
      String key =
          TestServer.name(sensor)
              + "/"
              + (idem != null ? "idem:" + idem : "sha256:" + sha256(body));
      want.put(key, expected(body, TestServer.name(sensor)));
    }
    assertThat(published(kafka, "probes", port)).isEqualTo(want);
    // One receipt per submission, under its key.
    List<String> receiptKeys = new ArrayList<>();
    for (LocalKafka.Rec r : kafka.readCommitted("probes.receipts")) {
      if (want.containsKey(r.key())) {
        receiptKeys.add(r.key());
      }
    }
    assertThat(receiptKeys).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void retriedSubmission_isNotPublishedAgain() throws Exception {
    int port = 5002;
    byte[] body = Bodies.dshieldJson(new Random(7), 120, port, DAY);
    HttpResponse<String> first = s.submit(0, JSON, body, "retry-me");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    long id = TestServer.json(first).get("submission").asLong();
    HttpResponse<String> again = s.submit(0, JSON, body, "retry-me");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(again).get("duplicate").asBoolean()).isTrue();
    assertThat(TestServer.json(again).get("submission").asLong()).isEqualTo(id);
    assertThat(TestServer.json(again).get("probes").asLong()).isEqualTo(120);
    // Another body under the same key is the same submission: not published either.
    byte[] other = Bodies.dshieldJson(new Random(8), 30, port, DAY);
    assertThat(TestServer.json(s.submit(0, JSON, other, "retry-me")).get("duplicate").asBoolean())
        .isTrue();
    // Without a key, the body's hash is the key.
    byte[] third = Bodies.dshieldJson(new Random(9), 40, port, DAY);
    assertThat(TestServer.json(s.submit(1, JSON, third, null)).get("duplicate").asBoolean())
        .isFalse();
    assertThat(TestServer.json(s.submit(1, JSON, third, null)).get("duplicate").asBoolean())
        .isTrue();
    Map<String, List<String>> on = published(kafka, "probes", port);
    assertThat(on).hasSize(2);
    assertThat(on.get(TestServer.name(0) + "/idem:retry-me"))
        .isEqualTo(expected(body, TestServer.name(0)));
    assertThat(on.get(TestServer.name(1) + "/sha256:" + sha256(third))).hasSize(40);
  }

  @Test
  void sameKeySentConcurrently_isPublishedOnce() throws Exception {
    int port = 5003;
    byte[] body = Bodies.dshieldJson(new Random(11), 300, port, DAY);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> s.submit(2, JSON, body, "at-once")));
      }
      int fresh = 0;
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (!TestServer.json(r).get("duplicate").asBoolean()) {
          fresh++;
        }
      }
      assertThat(fresh).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(published(kafka, "probes", port))
        .isEqualTo(Map.of(TestServer.name(2) + "/idem:at-once", expected(body, "sensor-2")));
  }

  @Test
  void anotherServer_knowsThePublishedKeys_fromTheReceiptsTopic() throws Exception {
    int port = 5004;
    byte[] body = Bodies.dshieldJson(new Random(12), 25, port, DAY);
    assertThat(TestServer.json(s.submit(0, JSON, body, "k-restart")).get("duplicate").asBoolean())
        .isFalse();
    try (TestServer second =
        new TestServer(
            dir.resolve("second"),
            3,
            c -> c.withKafka(target.withTransactionalId("second-server")).withStore(null))) {
      HttpResponse<String> r = second.submit(0, JSON, body, "k-restart");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(TestServer.json(r).get("duplicate").asBoolean()).isTrue();
    }
    assertThat(published(kafka, "probes", port).values()).singleElement().asList().hasSize(25);
  }

  @Test
  void badInput_getsItsError_andPublishesNothing() throws Exception {
    int before = kafka.readCommitted("probes").size();
    byte[] body = Bodies.dshieldJson(new Random(13), 5, 5005, DAY);
    HttpRequest.Builder none =
        s.request("/api/submissions")
            .header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(s.send(none).statusCode()).isEqualTo(401);
    HttpResponse<String> garbage =
        s.submit(0, "text/plain", "no log\nat all\n".getBytes(StandardCharsets.UTF_8), null);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(garbage).get("error").asText()).startsWith("body: ");
    byte[] big = Bodies.dshieldJson(new Random(14), 4000, 5005, DAY);
    assertThat(s.submit(0, JSON, big, null).statusCode()).isEqualTo(413);
    assertThat(s.submit(0, "image/png", body, null).statusCode()).isEqualTo(415);
    assertThat(kafka.readCommitted("probes")).hasSize(before);
  }

  @Test
  void readApi_saysTheFlinkJobKeepsHistory_andHealthNamesKafka() throws Exception {
    HttpResponse<String> r = s.send(s.request("/api/ports/137?protocol=udp"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(TestServer.json(r).get("error").asText()).contains("kept by the Flink job");
    assertThat(s.send(s.request("/api/topports")).statusCode()).isEqualTo(503);
    JsonNode health = s.get("/health");
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("submissions_to").asText()).isEqualTo("kafka");
    assertThat(health.get("kafka").get("topic").asText()).isEqualTo("probes");
  }

  @Test
  void withAStore_theReadApiServesIt_andSubmissionsStillGoToKafka() throws Exception {
    int port = 5006;
    try (TestServer both =
        new TestServer(
            dir.resolve("with-store"),
            3,
            c -> c.withKafka(target.withTransactionalId("with-store")))) {
      byte[] body = Bodies.dshieldJson(new Random(15), 10, port, DAY);
      HttpResponse<String> r = both.submit(1, JSON, body, "both-1");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode health = both.get("/health");
      assertThat(health.get("submissions_to").asText()).isEqualTo("kafka");
      assertThat(health.get("schema").asInt()).isPositive();
      assertThat(health.get("submissions").asLong()).isZero();
      assertThat(both.get("/api/ports/" + port + "?protocol=udp").get("series")).isEmpty();
    }
    assertThat(published(kafka, "probes", port).values()).singleElement().asList().hasSize(10);
  }

  @Test
  void alertOptions_areRefused_forTheFlinkJobDetects() {
    assertThatThrownBy(
            () ->
                TestServer.config(dir, 1)
                    .withKafka(target)
                    .withAlerts(dir.resolve("alerts.jsonl"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Flink");
  }
}
