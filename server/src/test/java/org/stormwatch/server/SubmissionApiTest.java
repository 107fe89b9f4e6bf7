package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionApiTest {
  private static final Instant DAY = Instant.parse("2024-03-04T00:00:00Z");
  private static final String JSON = "application/json";

  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    s =
        new TestServer(
            dir,
            3,
            c -> c.withMaxBody(256 * 1024).withMaskTargets(java.util.List.of("203.0.113.0/24")));
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private long storedSubmissions() throws Exception {
    return s.get("/health").get("submissions").asLong();
  }

  private long records(int port) throws Exception {
    long n = 0;
    for (JsonNode row : s.get("/api/ports/" + port + "?protocol=udp").get("series")) {
      n += row.get("records").asLong();
    }
    return n;
  }

  @Test
  void missingOrWrongKey_gets401_andStoresNothing() throws Exception {
    long before = storedSubmissions();
    byte[] body = Bodies.dshieldJson(new Random(1), 5, 4001, DAY);
    HttpRequest.Builder none =
        s.request("/api/submissions")
            .header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(s.send(none).statusCode()).isEqualTo(401);
    HttpRequest.Builder wrong =
        s.request("/api/submissions")
            .header("Content-Type", JSON)
            .header("Authorization", "Bearer not-a-key-of-anyone")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r = s.send(wrong);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(TestServer.json(r).get("error").asText()).isEqualTo("wrong key");
    HttpRequest.Builder badHmac =
        s.request("/api/submissions")
            .header("Content-Type", JSON)
            .header(
                "X-ISC-Authorization",
                SensorKeys.iscHeader(TestServer.name(0), "a-wrong-key-123", "bm9uY2UxMjM="))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    assertThat(s.send(badHmac).statusCode()).isEqualTo(401);
    assertThat(storedSubmissions()).isEqualTo(before);
    assertThat(records(4001)).isZero();
  }

  @Test
  void dshieldHmacHeader_isAccepted() throws Exception {
    byte[] body = Bodies.dshieldJson(new Random(2), 7, 4002, DAY);
    HttpRequest.Builder b =
        s.request("/api/submissions")
            .header("Content-Type", JSON)
            .header(
                "X-ISC-Authorization",
                SensorKeys.iscHeader(TestServer.name(1), TestServer.key(1), "q83vEjRWeJA="))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> r = s.send(b);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.json(r).get("probes").asLong()).isEqualTo(7);
    assertThat(records(4002)).isEqualTo(7);
  }

  @Test
  void oversizedBody_gets413_andStoresNothing() throws Exception {
    long before = storedSubmissions();
    byte[] body = Bodies.dshieldJson(new Random(3), 4000, 4003, DAY); // about 400 KB
    assertThat(body.length).isGreaterThan(256 * 1024);
    HttpResponse<String> r = s.submit(0, JSON, body, null);
    assertThat(r.statusCode()).isEqualTo(413);
    // Without Content-Length (chunked), the limit is enforced while reading.
    HttpRequest.Builder chunked =
        s.request("/api/submissions")
            .header("Authorization", "Bearer " + TestServer.key(0))
            .header("Content-Type", JSON)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)));
    assertThat(s.send(chunked).statusCode()).isEqualTo(413);
    assertThat(storedSubmissions()).isEqualTo(before);
    assertThat(records(4003)).isZero();
  }

  @Test
  void malformedBody_gets400WithReason_andStoresNothing() throws Exception {
    long before = storedSubmissions();
    byte[] garbage = "this is no log\nnor is this\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = s.submit(0, "text/plain", garbage, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(r).get("error").asText()).contains("body").doesNotContain("\n");
    byte[] badRecords =
        "{\"type\":\"firewall\",\"logs\":[{\"time\":\"x\",\"sip\":\"1.2.3.4\"},{\"sip\":\"1\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    r = s.submit(0, JSON, badRecords, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(r).get("error").asText())
        .startsWith("no valid record, nothing stored: body: record 1: bad time stamp");
    r = s.submit(0, JSON, new byte[0], null);
    assertThat(r.statusCode()).isEqualTo(400);
    r =
        s.submit(
            0,
            "application/vnd.tcpdump.pcap",
            "not a capture".getBytes(StandardCharsets.UTF_8),
            null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(storedSubmissions()).isEqualTo(before);
  }

  @Test
  void partlyBadBody_storesTheGoodRecords_andCountsTheRest() throws Exception {
    String body =
        "{\"type\":\"firewall\",\"logs\":["
            + "{\"time\":1709510400,\"sip\":\"198.18.0.1\",\"dip\":\"192.0.2.1\",\"proto\":\"17\",\"sport\":5000,\"dport\":4004},"
            + "{\"time\":1709510401,\"sip\":\"bogus\",\"dip\":\"192.0.2.1\",\"proto\":\"17\",\"sport\":5000,\"dport\":4004},"
            + "{\"time\":1709510402,\"sip\":\"198.18.0.2\",\"dip\":\"192.0.2.1\",\"proto\":\"6\",\"sport\":5000,\"dport\":4004,\"flags\":\"SA\"}"
            + "]}";
    HttpResponse<String> r = s.submit(2, JSON, body.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = TestServer.json(r);
    assertThat(j.get("probes").asLong()).isEqualTo(1);
    assertThat(j.get("rejected").get("bad address").asLong()).isEqualTo(1);
    assertThat(j.get("rejected").size()).isEqualTo(2);
    assertThat(records(4004)).isEqualTo(1);
  }

  @Test
  void unknownContentType_gets415() throws Exception {
    HttpResponse<String> r =
        s.submit(0, "image/png", Bodies.dshieldJson(new Random(5), 3, 4005, DAY), null);
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(records(4005)).isZero();
  }

  @Test
  void sameIdempotencyKeyTwice_countsOnce() throws Exception {
    byte[] body = Bodies.dshieldJson(new Random(6), 11, 4006, DAY);
    HttpResponse<String> first = s.submit(1, JSON, body, "batch-42");
    HttpResponse<String> again = s.submit(1, JSON, body, "batch-42");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode a = TestServer.json(first);
    JsonNode b = TestServer.json(again);
    assertThat(a.get("duplicate").asBoolean()).isFalse();
    assertThat(b.get("duplicate").asBoolean()).isTrue();
    assertThat(b.get("submission").asLong()).isEqualTo(a.get("submission").asLong());
    assertThat(records(4006)).isEqualTo(11);
    // The same key from another sensor is another submission.
    assertThat(TestServer.json(s.submit(2, JSON, body, "batch-42")).get("duplicate").asBoolean())
        .isFalse();
    assertThat(records(4006)).isEqualTo(22);
  }

  @Test
  void sameBodyWithoutKey_countsOnce() throws Exception {
    byte[] body = Bodies.dshieldJson(new Random(7), 13, 4007, DAY);
    assertThat(TestServer.json(s.submit(0, JSON, body, null)).get("duplicate").asBoolean())
        .isFalse();
    assertThat(TestServer.json(s.submit(0, JSON, body, null)).get("duplicate").asBoolean())
        .isTrue();
    assertThat(records(4007)).isEqualTo(13);
  }

  @Test
  void maskedTargets_loseTheirHostBits() throws Exception {
    String body =
        "{\"type\":\"firewall\",\"logs\":["
            + "{\"time\":1709510400,\"sip\":\"198.18.0.1\",\"dip\":\"203.0.113.7\",\"proto\":\"17\",\"sport\":5000,\"dport\":4008},"
            + "{\"time\":1709510401,\"sip\":\"198.18.0.1\",\"dip\":\"203.0.113.99\",\"proto\":\"17\",\"sport\":5000,\"dport\":4008},"
            + "{\"time\":1709510402,\"sip\":\"198.18.0.1\",\"dip\":\"192.0.2.5\",\"proto\":\"17\",\"sport\":5000,\"dport\":4008}"
            + "]}";
    assertThat(s.submit(0, JSON, body.getBytes(StandardCharsets.UTF_8), null).statusCode())
        .isEqualTo(200);
    JsonNode row = s.get("/api/ports/4008?protocol=udp").get("series").get(0);
    assertThat(row.get("records").asLong()).isEqualTo(3);
    assertThat(row.get("targets").asLong()).isEqualTo(2); // 203.0.113.0 and 192.0.2.5
  }

  @Test
  void logLinesAsTextPlain_areRead() throws Exception {
    String line =
        "Mar  4 10:00:00 fw kernel: [1.0] DROP IN=eth0 OUT= MAC=00 SRC=198.18.1.1 DST=192.0.2.9"
            + " LEN=78 TOS=0x00 PREC=0x00 TTL=113 ID=1 PROTO=UDP SPT=1025 DPT=4009 LEN=58\n";
    HttpResponse<String> r =
        s.submit(0, "text/plain; charset=utf-8", line.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.json(r).get("probes").asLong()).isEqualTo(1);
  }
}
