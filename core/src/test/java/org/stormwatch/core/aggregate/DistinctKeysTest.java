package org.stormwatch.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistinctKeysTest {

  static LongStream seeds() {
    return LongStream.range(0, 40);
  }

  /** Against a HashSet: random cells and addresses, many repeats, sizes across several spills. */
  @ParameterizedTest
  @MethodSource("seeds")
  void countsEqualAHashSetsCounts(long seed) {
    Random random = new Random(seed);
    int cells = 1 + random.nextInt(random.nextBoolean() ? 20 : 5_000);
    int addresses = 1 + random.nextInt(random.nextBoolean() ? 50 : 1 << 22);
    int adds = random.nextInt(random.nextBoolean() ? 3_000 : 400_000);
    DistinctKeys keys = new DistinctKeys();
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < adds; i++) {
      long cell = 1 + random.nextInt(cells);
      // Addresses with the high bit set must sort as unsigned 32-bit values under their cell.
      long address = (random.nextInt(addresses) * 0x9E3779B1L) & 0xffffffffL;
      long key = cell << 32 | address;
      keys.add(key);
      expected.add(key);
      if (random.nextInt(200_000) == 0) {
        assertCounts(keys, expected, cells);
      }
    }
    assertCounts(keys, expected, cells);
    long[] want = expected.stream().mapToLong(Long::longValue).sorted().toArray();
    assertThat(Arrays.equals(keys.merged(), want))
        .as("the merged keys are the sorted distinct keys")
        .isTrue();
  }

  /**
   * Keys as a time-ordered capture gives them: cells numbered day by day, so each day's keys lie
   * above the earlier days', with some keys of earlier days mixed in (late packets) and days that
   * span several spills or share one; the merges then keep chunks apart or take them over whole.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void countsEqualAHashSetsCountsForKeysInDayOrder(long seed) {
    Random random = new Random(seed);
    int days = 1 + random.nextInt(10);
    int cellsPerDay = 1 + random.nextInt(random.nextBoolean() ? 30 : 3_000);
    int addsPerDay = random.nextInt(random.nextBoolean() ? 5_000 : 150_000);
    int addresses = 1 + random.nextInt(random.nextBoolean() ? 100 : 1 << 20);
    double late = random.nextBoolean() ? 0 : random.nextDouble() * 0.05;
    DistinctKeys keys = new DistinctKeys();
    Set<Long> expected = new HashSet<>();
    for (int day = 0; day < days; day++) {
      for (int i = 0; i < addsPerDay; i++) {
        int onDay = day > 0 && random.nextDouble() < late ? random.nextInt(day) : day;
        long cell = 1 + (long) onDay * cellsPerDay + random.nextInt(cellsPerDay);
        long key = cell << 32 | (random.nextInt(addresses) * 0x9E3779B1L & 0xffffffffL);
        keys.add(key);
        expected.add(key);
      }
      if (random.nextInt(4) == 0) {
        assertCounts(keys, expected, days * cellsPerDay);
      }
    }
    assertCounts(keys, expected, days * cellsPerDay);
    long[] want = expected.stream().mapToLong(Long::longValue).sorted().toArray();
    assertThat(Arrays.equals(keys.merged(), want))
        .as("the merged keys are the sorted distinct keys")
        .isTrue();
  }

  @Test
  void anEmptySetCountsNothing() {
    int[] counts = new int[3];
    new DistinctKeys().countByHigh32(counts);
    assertThat(counts).containsOnly(0);
  }

  @Test
  void theSameKeyAddedAcrossSpillsCountsOnce() {
    DistinctKeys keys = new DistinctKeys();
    for (int i = 0; i < 5_000_000; i++) {
      keys.add(1L << 32 | (i % 3));
    }
    int[] counts = new int[2];
    keys.countByHigh32(counts);
    assertThat(counts).containsExactly(0, 3);
  }

  @Test
  void radixSortSortsKeysThatAgreeOnSomeDigits() {
    long[] a = {7L << 40 | 5, 7L << 40 | 1, 7L << 40 | 1 << 20, 7L << 40, 3};
    long[] sorted = DistinctKeys.radixSort(a.clone(), new long[a.length], a.length);
    long[] expected = a.clone();
    Arrays.sort(expected);
    assertThat(Arrays.copyOf(sorted, a.length)).containsExactly(expected);
  }

  /** Keys that differ only in scattered bits: the digits follow the varying bits. */
  @ParameterizedTest
  @MethodSource("seeds")
  void radixSortSortsKeysWhoseVaryingBitsAreScattered(long seed) {
    Random random = new Random(seed);
    long sparse = random.nextLong();
    long varying = sparse & random.nextLong() & Long.MAX_VALUE;
    long fixed = random.nextLong() & ~varying & Long.MAX_VALUE;
    long[] a = new long[1 + random.nextInt(5_000)];
    for (int i = 0; i < a.length; i++) {
      a[i] = fixed | (random.nextLong() & varying);
    }
    long[] expected = a.clone();
    Arrays.sort(expected);
    long[] sorted = DistinctKeys.radixSort(a, new long[a.length], a.length);
    assertThat(Arrays.equals(sorted, expected)).as("varying bits %x", varying).isTrue();
  }

  private static void assertCounts(DistinctKeys keys, Set<Long> expected, int cells) {
    int[] counts = new int[cells + 1];
    keys.countByHigh32(counts);
    Map<Integer, Integer> want = new HashMap<>();
    for (long key : expected) {
      want.merge((int) (key >>> 32), 1, Integer::sum);
    }
    for (int cell = 0; cell <= cells; cell++) {
      assertThat(counts[cell]).as("cell %d", cell).isEqualTo(want.getOrDefault(cell, 0));
    }
  }
}
