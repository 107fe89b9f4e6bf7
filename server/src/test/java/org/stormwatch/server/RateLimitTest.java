package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
  @Test
  void tokenBucket_refillsAtTheRate() {
    AtomicLong now = new AtomicLong();
    RateLimiter r = new RateLimiter(2, now::get);
    assertThat(r.tryAcquire("a")).isTrue();
    assertThat(r.tryAcquire("a")).isTrue();
    assertThat(r.tryAcquire("a")).isFalse();
    assertThat(r.tryAcquire("b")).as("another sensor has its own bucket").isTrue();
    now.addAndGet(500_000_000L);
    assertThat(r.tryAcquire("a")).isTrue();
    assertThat(r.tryAcquire("a")).isFalse();
  }

  @Test
  void overTheRate_gets429_andOtherSensorsStillSubmit(@TempDir Path dir) throws Exception {
    try (TestServer s = new TestServer(dir, 2, c -> c.withRate(1))) {
      Instant day = Instant.parse("2024-03-04T00:00:00Z");
      Random r = new Random(3);
      int ok = 0;
      int limited = 0;
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> a =
            s.submit(0, "application/json", Bodies.dshieldJson(r, 2, 80, day), null);
        if (a.statusCode() == 429) {
          limited++;
          assertThat(a.headers().firstValue("Retry-After")).hasValue("1");
        } else {
          assertThat(a.statusCode()).isEqualTo(200);
          ok++;
        }
      }
      assertThat(limited).isPositive();
      assertThat(ok).isPositive();
      assertThat(
              s.submit(1, "application/json", Bodies.dshieldJson(r, 2, 80, day), null).statusCode())
          .isEqualTo(200);
    }
  }
}
