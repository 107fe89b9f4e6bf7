package org.stormwatch.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

/** Submission bodies in DShield sensor JSON, drawn from a seeded random. */
final class Bodies {
  private Bodies() {}

  /**
   * {@code n} UDP probes to the given port from random sources in 198.18.0.0/15 to targets in
   * 192.0.2.0/24, at random times within the day starting at {@code day}.
   */
  static byte[] dshieldJson(Random r, int n, int port, Instant day) {
    StringBuilder sb = new StringBuilder("{\"type\":\"firewall\",\"logs\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      long t = day.getEpochSecond() + r.nextInt(86_400);
      sb.append("{\"time\":")
          .append(t)
          .append(",\"sip\":\"198.")
          .append(18 + r.nextInt(2))
          .append('.')
          .append(r.nextInt(256))
          .append('.')
          .append(r.nextInt(256))
          .append("\",\"dip\":\"192.0.2.")
          .append(r.nextInt(256))
          .append("\",\"proto\":\"17\",\"sport\":")
          .append(1024 + r.nextInt(60_000))
          .append(",\"dport\":")
          .append(port)
          .append(",\"flags\":\"\"}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
