package org.stormwatch.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized tests are seeded: each seed is one JUnit invocation ({@code seed N}), and a failure
 * names the seed and the datagram, so it can be replayed alone.
 */
class UdpReplyTrackerTest {
  private static final long S = 1_000_000_000L;
  private static final long W = UdpReplyTracker.WINDOW_NANOS;

  /** A datagram between two of a few hosts, so that reverse pairs occur often. */
  record Datagram(int src, int srcPort, int dst, int dstPort, long time) {
    Datagram reversed(long at) {
      return new Datagram(dst, dstPort, src, srcPort, at);
    }
  }

  /**
   * The documented rule, naively: a datagram at t is a reply iff the reverse pair was last seen at
   * t' with t - t' <= 120 s and newest - t' <= 120 s, in exact arithmetic.
   */
  static final class Model {
    private final Map<List<Object>, Long> lastSeen = new HashMap<>();
    private long newest = Long.MIN_VALUE;

    boolean recordAndCheckReply(Datagram d) {
      newest = Math.max(newest, d.time());
      Long reverse = lastSeen.get(List.of(d.dst(), d.dstPort(), d.src(), d.srcPort()));
      boolean reply = reverse != null && within(d.time(), reverse) && within(newest, reverse);
      lastSeen.put(List.of(d.src(), d.srcPort(), d.dst(), d.dstPort()), d.time());
      return reply;
    }

    private static boolean within(long later, long earlier) {
      return BigInteger.valueOf(later)
              .subtract(BigInteger.valueOf(earlier))
              .compareTo(BigInteger.valueOf(W))
          <= 0;
    }
  }

  private static long hi(int host) {
    // Half the hosts are IPv6 with the high bit set, half IPv4-mapped.
    return host % 2 == 0 ? 0 : 0xfe80_0000_0000_0000L | host;
  }

  private static long lo(int host) {
    return host % 2 == 0 ? 0x0000_ffff_0000_0000L | (0x8000_0000L + host) : host;
  }

  private static boolean track(UdpReplyTracker t, Datagram d) {
    return t.recordAndCheckReply(
        hi(d.src()), lo(d.src()), d.srcPort(), hi(d.dst()), lo(d.dst()), d.dstPort(), d.time());
  }

  static LongStream seeds() {
    return LongStream.range(0, 1000);
  }

  private static final int[] PORTS = {53, 123, 32_768, 65_535};
  private static final long[] WINDOW_STEPS = {W, W + 1, W - 1, -W, -W - 1, 2 * W, -1L, 0L, 1L};
  private static final long[] ABSOLUTE_TIMES = {Long.MIN_VALUE, Long.MAX_VALUE, 4_000_000_000L * S};

  /** Uniform in [min, max], now and then exactly min, max or 0. */
  private static long between(SplittableRandom r, long min, long max) {
    return switch (r.nextInt(32)) {
      case 0 -> min;
      case 1 -> max;
      case 2 -> Math.max(min, Math.min(max, 0));
      default -> r.nextLong(min, max + 1);
    };
  }

  /**
   * 1 to 300 datagrams between hosts 0 to 5. Steps are, by weight, small forward ones (6 in 12),
   * around the window edge (3 in 12), backwards or forwards up to 300 s (2 in 12), or now and then
   * an absolute time at the extremes of the long range (1 in 12). Every third datagram answers the
   * previous one. Seed 0 gives one datagram; otherwise the flow is short (up to 20) half the time.
   */
  static List<Datagram> flow(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int size = seed == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 20 : 300);
    List<Datagram> out = new ArrayList<>();
    long t = 1_600_000_000L * S;
    for (int i = 0; i < size; i++) {
      int src = r.nextInt(6);
      int srcPort = PORTS[r.nextInt(PORTS.length)];
      int dst = r.nextInt(6);
      int dstPort = PORTS[r.nextInt(PORTS.length)];
      int weight = r.nextInt(12);
      if (weight < 6) {
        t = saturatedAdd(t, between(r, 0, 5 * S));
      } else if (weight < 9) {
        t = saturatedAdd(t, WINDOW_STEPS[r.nextInt(WINDOW_STEPS.length)]);
      } else if (weight < 11) {
        t = saturatedAdd(t, between(r, -300 * S, 300 * S));
      } else {
        t = ABSOLUTE_TIMES[r.nextInt(ABSOLUTE_TIMES.length)];
      }
      out.add(
          out.size() % 3 == 2
              ? out.get(out.size() - 1).reversed(t)
              : new Datagram(src, srcPort, dst, dstPort, t));
    }
    return out;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void answersLikeTheDocumentedRule(long seed) {
    List<Datagram> datagrams = flow(seed);
    UdpReplyTracker tracker = new UdpReplyTracker();
    Model model = new Model();
    for (int i = 0; i < datagrams.size(); i++) {
      Datagram d = datagrams.get(i);
      assertThat(track(tracker, d))
          .as("seed %d, datagram %d: %s", seed, i, d)
          .isEqualTo(model.recordAndCheckReply(d));
    }
  }

  static LongStream busySeeds() {
    return LongStream.range(0, 40);
  }

  /**
   * Thousands of pairs between many hosts across several windows, so that the tables grow while
   * pairs of the previous window are still answered: answers to pairs 0 to 200 datagrams back, time
   * steps of up to 200 ms and now and then one around the window.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("busySeeds")
  void manyPairsAcrossWindows_answerLikeTheDocumentedRule(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    UdpReplyTracker tracker = new UdpReplyTracker();
    Model model = new Model();
    List<Datagram> sent = new ArrayList<>();
    long t = 1_600_000_000L * S + r.nextLong(W);
    for (int i = 0; i < 20_000; i++) {
      t +=
          r.nextInt(50) == 0
              ? WINDOW_STEPS[r.nextInt(WINDOW_STEPS.length)]
              : r.nextLong(200_000_000L);
      Datagram d =
          !sent.isEmpty() && r.nextInt(3) == 0
              ? sent.get(Math.max(0, sent.size() - 1 - r.nextInt(200))).reversed(t)
              : new Datagram(
                  r.nextInt(5000), PORTS[r.nextInt(PORTS.length)], r.nextInt(5000), 53, t);
      sent.add(d);
      assertThat(track(tracker, d))
          .as("seed %d, datagram %d: %s", seed, i, d)
          .isEqualTo(model.recordAndCheckReply(d));
    }
  }

  @Test
  void replyAtExactlyTheWindow_isAReply_oneNanosecondLaterIsNot() {
    UdpReplyTracker t = new UdpReplyTracker();
    Datagram ab = new Datagram(1, 40_000, 2, 53, 0);
    assertThat(track(t, ab)).isFalse();
    assertThat(track(t, ab.reversed(W))).isTrue();
    UdpReplyTracker u = new UdpReplyTracker();
    assertThat(track(u, ab)).isFalse();
    assertThat(track(u, ab.reversed(W + 1))).isFalse();
  }

  @Test
  void manyDistinctPairsSpreadOverTime_stayBoundedByThoseInTheWindow() {
    UdpReplyTracker t = new UdpReplyTracker();
    long step = 1_000_000L; // one new pair per millisecond: 120,000 pairs per window
    int pairs = 1_000_000;
    for (int i = 0; i < pairs; i++) {
      long src = 0x0000_ffff_0000_0000L | i;
      assertThat(
              t.recordAndCheckReply(
                  0, src, 1024 + (i & 0x7fff), 0, 0x0000_ffff_0a00_0001L, 53, i * step))
          .isFalse();
    }
    long inWindow = W / step + 1;
    assertThat(t.size()).isLessThanOrEqualTo((int) (4 * inWindow)).isGreaterThan((int) inWindow);
    // Still exact: the latest pair is answered, one from 1000 s ago is not.
    int last = pairs - 1;
    long now = last * step + 1;
    assertThat(
            t.recordAndCheckReply(
                0,
                0x0000_ffff_0a00_0001L,
                53,
                0,
                0x0000_ffff_0000_0000L | last,
                1024 + (last & 0x7fff),
                now))
        .isTrue();
    assertThat(
            t.recordAndCheckReply(
                0, 0x0000_ffff_0a00_0001L, 53, 0, 0x0000_ffff_0000_0000L, 1024, now))
        .isFalse();
  }
}
