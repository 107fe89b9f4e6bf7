package org.stormwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte-level DShield line parser against the String one it replaced ({@link
 * DshieldReferenceParser}): every line, read in sequence through one instance of each, must come to
 * the same outcome (probe and count, skip reason, or malformed reason and detail). There is no real
 * DShield sample in the shared data, so the lines are generated in the forms the format allows
 * (every protocol and flag spelling, IPv4 and IPv6, counts, padding, comments, missing and extra
 * fields) and byte-mutated as {@link NetfilterDifferentialTest} mutates netfilter lines.
 */
class DshieldDifferentialTest {
  private static final Instant MODIFIED = Instant.parse("2015-06-01T00:00:00Z");

  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void generatedAndMutatedLinesComeToTheSameOutcomes(long seed) {
    Random r = new Random(seed);
    List<byte[]> lines = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      byte[] line = generated(r).getBytes(StandardCharsets.UTF_8);
      lines.add(r.nextInt(3) == 0 ? NetfilterDifferentialTest.mutated(r, line) : line);
    }
    ZoneId zone = r.nextBoolean() ? ZoneOffset.UTC : ZoneId.of("America/New_York");
    LogOptions opts = LogOptions.defaults().withFileModified(MODIFIED).withZone(zone);
    DshieldLineParser fast = new DshieldLineParser(opts);
    DshieldReferenceParser reference = new DshieldReferenceParser(opts);
    for (int k = 0; k < lines.size(); k++) {
      byte[] bytes = lines.get(k);
      // In a larger buffer, as LineSource hands lines out; every third line ends the array.
      int after = k % 3 == 0 ? 0 : 20;
      byte[] buf = new byte[5 + bytes.length + after];
      Arrays.fill(buf, k % 2 == 0 ? (byte) '\t' : (byte) '7');
      System.arraycopy(bytes, 0, buf, 5, bytes.length);
      ByteLine a = new ByteLine();
      a.set(buf, 5, 5 + bytes.length, k + 1);
      ByteLine b = new ByteLine();
      b.set(bytes.clone(), 0, bytes.length, k + 1);
      Outcome expected = reference.parse(b);
      assertThat(fast.parse(a))
          .as("seed %d, line %d: %s", seed, k + 1, new String(bytes, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected);
    }
  }

  private static final String[] PROTOCOLS = {
    "6", "17", "1", "58", "tcp", "UDP", "Icmp", "icmpv6", " 6 ", "47", "gre", ""
  };
  private static final String[] FLAGS = {
    "S", "SA", "R", "A", "F", "SYN", "SYN,ACK", "[S]", "none", "-", "", "SX", "12", " S "
  };

  private static String generated(Random r) {
    if (r.nextInt(40) == 0) {
      return "# DShield submission, user 1234";
    }
    StringBuilder sb = new StringBuilder();
    String offset = r.nextBoolean() ? " +00:00" : r.nextBoolean() ? " -05:00" : "";
    sb.append(
            String.format(
                "20%02d-%02d-%02d %02d:%02d:%02d%s",
                r.nextInt(30),
                1 + r.nextInt(12),
                1 + r.nextInt(r.nextInt(20) == 0 ? 33 : 28),
                r.nextInt(24),
                r.nextInt(60),
                r.nextInt(60),
                offset))
        .append(r.nextInt(10) == 0 ? " " : "")
        .append('\t')
        .append(r.nextInt(100000))
        .append('\t')
        .append(r.nextInt(15) == 0 ? r.nextInt(20000) - 5 : 1 + r.nextInt(4))
        .append('\t')
        .append(address(r))
        .append('\t')
        .append(sourcePort(r))
        .append('\t')
        .append(address(r))
        .append('\t')
        .append(r.nextInt(3) == 0 ? r.nextInt(300) : r.nextInt(65536))
        .append('\t')
        .append(PROTOCOLS[r.nextInt(PROTOCOLS.length)]);
    int tail = r.nextInt(10);
    if (tail < 8) {
      sb.append('\t').append(FLAGS[r.nextInt(FLAGS.length)]);
    }
    if (tail == 8) {
      sb.append("\textra\tmore");
    }
    return sb.toString();
  }

  /** A port, or an ICMP type (echo request 8 and 128 among them), or out of range. */
  private static int sourcePort(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 8;
      case 1 -> 128;
      case 2 -> r.nextInt(20);
      case 3 -> r.nextInt(12) == 0 ? 70000 : 256 + r.nextInt(10);
      default -> r.nextInt(65536);
    };
  }

  private static String address(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "2001:db8::" + Integer.toHexString(r.nextInt(65536));
      case 1 -> " 192.0.2." + r.nextInt(300) + " ";
      case 2 -> "::ffff:198.51.100." + r.nextInt(256);
      default ->
          r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    };
  }
}
