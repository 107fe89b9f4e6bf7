package org.stormwatch.core.sim;

import java.util.SplittableRandom;

/**
 * Draws an index with probability proportional to its weight in constant time: Vose's alias method
 * (M. D. Vose, "A linear algorithm for generating random numbers with a given distribution", IEEE
 * TSE 17(9), 1991). Each of the n columns holds its own index with probability {@code prob[i]} and
 * else its alias; a draw picks a column and flips one biased coin. Why: the generator draws a port
 * and a source per background probe, tens of millions of times; a binary search over cumulative
 * weights costs log n cache misses, this one or two. Building is O(n); memory two arrays of n.
 * Exact up to double rounding of the weights.
 */
final class AliasTable {
  private final double[] prob;
  private final int[] alias;

  AliasTable(double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException("no weights");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("weight must be finite and not negative: " + w);
      }
      sum += w;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("weights sum to zero");
    }
    prob = new double[n];
    alias = new int[n];
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smallCount = 0;
    int largeCount = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      if (scaled[i] < 1) {
        small[smallCount++] = i;
      } else {
        large[largeCount++] = i;
      }
    }
    while (smallCount > 0 && largeCount > 0) {
      int s = small[--smallCount];
      int l = large[--largeCount];
      prob[s] = scaled[s];
      alias[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1;
      if (scaled[l] < 1) {
        small[smallCount++] = l;
      } else {
        large[largeCount++] = l;
      }
    }
    // What is left is 1 up to rounding.
    while (largeCount > 0) {
      int l = large[--largeCount];
      prob[l] = 1;
      alias[l] = l;
    }
    while (smallCount > 0) {
      int s = small[--smallCount];
      prob[s] = 1;
      alias[s] = s;
    }
  }

  /** Zipf weights {@code 1/r^s} for ranks 1..n. */
  static double[] zipf(int n, double exponent) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.pow(i + 1, -exponent);
    }
    return w;
  }

  int size() {
    return prob.length;
  }

  int next(SplittableRandom random) {
    int column = random.nextInt(prob.length);
    return random.nextDouble() < prob[column] ? column : alias[column];
  }
}
