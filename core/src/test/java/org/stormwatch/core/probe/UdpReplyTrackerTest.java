package org.stormwatch.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

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

  @Provide
  Arbitrary<List<Datagram>> flows() {
    Arbitrary<Integer> host = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> port = Arbitraries.of(53, 123, 32_768, 65_535);
    // Steps around the window edge, backwards, big jumps; and now and then an absolute time at
    // the extremes of the long range.
    Arbitrary<Long> step =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 5 * S)),
            net.jqwik.api.Tuple.of(
                3, Arbitraries.of(W, W + 1, W - 1, -W, -W - 1, 2 * W, -1L, 0L, 1L)),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(-300 * S, 300 * S)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 4_000_000_000L * S)));
    Arbitrary<Datagram> raw = Combinators.combine(host, port, host, port, step).as(Datagram::new);
    return raw.list()
        .ofMinSize(1)
        .ofMaxSize(300)
        .map(
            list -> {
              // Turn steps into times (a step at the extremes is taken as an absolute time),
              // and make every third datagram answer the previous one.
              List<Datagram> out = new ArrayList<>();
              long t = 1_600_000_000L * S;
              for (Datagram d : list) {
                long s = d.time();
                boolean absolute =
                    s == Long.MIN_VALUE || s == Long.MAX_VALUE || s == 4_000_000_000L * S;
                t = absolute ? s : saturatedAdd(t, s);
                Datagram next =
                    out.size() % 3 == 2
                        ? out.get(out.size() - 1).reversed(t)
                        : new Datagram(d.src(), d.srcPort(), d.dst(), d.dstPort(), t);
                out.add(next);
              }
              return out;
            });
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  @Property(tries = 1000)
  void answersLikeTheDocumentedRule(@ForAll("flows") List<Datagram> datagrams) {
    UdpReplyTracker tracker = new UdpReplyTracker();
    Model model = new Model();
    for (int i = 0; i < datagrams.size(); i++) {
      Datagram d = datagrams.get(i);
      assertThat(track(tracker, d))
          .as("datagram %d: %s", i, d)
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
