package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.testsupport.LocalKafka;

/** {@code serve --kafka} while the broker goes away and comes back. */
class KafkaOutageTest {
  @Test
  void brokerDown_gets503_publishesNothing_andTheRetryCountsOnce(@TempDir Path dir)
      throws Exception {
    try (LocalKafka kafka = new LocalKafka()) {
      KafkaTarget target =
          KafkaTarget.of(kafka.bootstrap(), "probes").withTimeout(Duration.ofSeconds(2));
      try (TestServer s = new TestServer(dir, 1, c -> c.withKafka(target).withStore(null))) {
        byte[] a = Bodies.dshieldJson(new Random(1), 40, 5101, KafkaSubmissionTest.DAY);
        assertThat(s.submit(0, KafkaSubmissionTest.JSON, a, "a").statusCode()).isEqualTo(200);

        kafka.stopBroker();
        byte[] b = Bodies.dshieldJson(new Random(2), 60, 5102, KafkaSubmissionTest.DAY);
        HttpResponse<String> down = s.submit(0, KafkaSubmissionTest.JSON, b, "b");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        String reason = TestServer.json(down).get("error").asText();
        assertThat(reason).doesNotContain("\n").containsIgnoringCase("kafka");
        HttpResponse<String> health = s.send(s.request("/health"));
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(TestServer.json(health).get("kafka").get("failing").asText()).isNotBlank();

        kafka.startBroker();
        // Nothing of the unacknowledged submission is on the topic.
        assertThat(KafkaSubmissionTest.published(kafka, "probes", 5102)).isEmpty();
        assertThat(KafkaSubmissionTest.published(kafka, "probes", 5101).values())
            .singleElement()
            .asList()
            .hasSize(40);

        // The sensor sends it again until it is taken; it is published once.
        HttpResponse<String> r = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
          r = s.submit(0, KafkaSubmissionTest.JSON, b, "b");
          if (r.statusCode() == 200) {
            break;
          }
          assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
          Thread.sleep(500);
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode receipt = TestServer.json(r);
        assertThat(receipt.get("probes").asLong()).isEqualTo(60);
        Map<String, List<String>> on = KafkaSubmissionTest.published(kafka, "probes", 5102);
        assertThat(on)
            .isEqualTo(
                Map.of(
                    TestServer.name(0) + "/idem:b",
                    KafkaSubmissionTest.expected(b, TestServer.name(0))));
        assertThat(s.get("/health").get("status").asText()).isEqualTo("ok");
      }
    }
  }
}
