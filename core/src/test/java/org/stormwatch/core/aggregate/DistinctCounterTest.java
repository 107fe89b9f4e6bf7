package org.stormwatch.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.IpAddresses;

class DistinctCounterTest {
  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void exactBelowTheLimitWhateverTheMergeOrder(long seed) {
    Random random = new Random(seed);
    Set<Long> truth = new HashSet<>();
    DistinctCounter[] parts = new DistinctCounter[1 + random.nextInt(5)];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = new DistinctCounter();
    }
    int n = random.nextInt(DistinctCounter.EXACT_LIMIT);
    for (int i = 0; i < n; i++) {
      int address = random.nextInt(3000);
      truth.add((long) address);
      parts[random.nextInt(parts.length)].add(0, IpAddresses.v4Lo(address));
    }
    DistinctCounter merged = new DistinctCounter();
    for (int i = parts.length - 1; i >= 0; i--) {
      merged.merge(DistinctCounter.fromBytes(parts[i].toBytes()));
    }
    assertThat(merged.isExact()).isTrue();
    assertThat(merged.estimate()).isEqualTo(truth.size());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void largeCountsStayWithinTheStatedErrorAcrossMerges(long seed) {
    Random random = new Random(seed);
    int n = 5_000 + random.nextInt(200_000);
    DistinctCounter a = new DistinctCounter();
    DistinctCounter b = new DistinctCounter();
    long base = random.nextInt();
    for (int i = 0; i < n; i++) {
      // overlapping halves: each address goes to one or both counters
      long lo = IpAddresses.v4Lo((int) (base + i));
      int where = random.nextInt(3);
      if (where != 1) {
        a.add(0, lo);
      }
      if (where != 0) {
        b.add(0, lo);
      }
    }
    DistinctCounter merged = DistinctCounter.fromBytes(a.toBytes());
    merged.merge(DistinctCounter.fromBytes(b.toBytes()));
    assertThat(merged.isExact()).isFalse();
    // 4 relative standard errors (0.81% each): fails by chance about once in 16,000 runs
    assertThat((double) merged.estimate())
        .isCloseTo(n, org.assertj.core.data.Percentage.withPercentage(3.3));
    DistinctCounter again = DistinctCounter.fromBytes(merged.toBytes());
    assertThat(again.estimate()).isEqualTo(merged.estimate());
  }

  @Test
  void becomesASketchJustPastTheLimit() {
    DistinctCounter counter = new DistinctCounter();
    for (int i = 0; i < DistinctCounter.EXACT_LIMIT; i++) {
      counter.add(0, IpAddresses.v4Lo(i));
    }
    assertThat(counter.isExact()).isTrue();
    assertThat(counter.estimate()).isEqualTo(DistinctCounter.EXACT_LIMIT);
    counter.add(0, IpAddresses.v4Lo(-1));
    assertThat(counter.isExact()).isFalse();
    assertThat((double) counter.estimate())
        .isCloseTo(
            DistinctCounter.EXACT_LIMIT + 1, org.assertj.core.data.Percentage.withPercentage(3.3));
  }

  @Test
  void ipv6AddressesAndTheZeroAddressAreCounted() {
    DistinctCounter counter = new DistinctCounter();
    counter.add(0, 0);
    counter.add(0x2001_0db8_0000_0000L, 1);
    counter.add(0x2001_0db8_0000_0000L, 2);
    counter.add(0x2001_0db8_0000_0000L, 1);
    counter.add(0, IpAddresses.v4Lo(1));
    assertThat(counter.estimate()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedBytesAreRejectedWithAReasonOrReadAsSomeCounter(long seed) {
    Random random = new Random(seed);
    DistinctCounter counter = new DistinctCounter();
    int n = random.nextBoolean() ? 10 : 6000;
    for (int i = 0; i < n; i++) {
      counter.add(0, IpAddresses.v4Lo(random.nextInt()));
    }
    byte[] bytes = counter.toBytes();
    for (int round = 0; round < 50; round++) {
      byte[] damaged =
          random.nextBoolean()
              ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length))
              : bytes.clone();
      if (damaged.length > 0 && random.nextBoolean()) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
      }
      try {
        DistinctCounter read = DistinctCounter.fromBytes(damaged);
        assertThat(read.estimate()).isNotNegative();
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("distinct counter:");
      }
    }
  }

  @Test
  void unknownKindIsNamed() {
    assertThatThrownBy(() -> DistinctCounter.fromBytes(new byte[] {7}))
        .hasMessage("distinct counter: unknown kind 7");
  }
}
