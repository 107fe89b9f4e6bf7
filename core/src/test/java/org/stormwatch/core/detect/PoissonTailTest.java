package org.stormwatch.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tails against direct summation (a reference model), over seeded random arguments. */
class PoissonTailTest {
  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void poissonUpperTail_matchesDirectSummation(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 50; i++) {
      double mean = Math.exp(r.nextDouble() * 8 - 3); // 0.05 to 150
      int k = r.nextInt((int) (mean * 3) + 10);
      // P(X >= k) = 1 - sum_{j<k} e^-mean mean^j / j!, summed from the top in logs for the tail.
      double below = 0;
      double term = Math.exp(-mean);
      for (int j = 0; j < k; j++) {
        below += term;
        term *= mean / (j + 1);
      }
      double upper = 0;
      double t = term; // P(X = k)
      for (int j = k; j < k + 2000 && t > 0; j++) {
        upper += t;
        t *= mean / (j + 1);
      }
      double expected = Math.log10(k == 0 ? 1 : upper > 1e-12 ? upper : upper);
      if (upper > 1e-300) {
        assertThat(PoissonTail.log10Upper(k, mean))
            .as("seed %d: k %d, mean %f (1 - below = %g)", seed, k, mean, 1 - below)
            .isCloseTo(expected, within(1e-6 + 1e-8 * Math.abs(expected)));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void normalUpperTail_matchesNumericalIntegration(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 20; i++) {
      double z = r.nextDouble() * 12 - 2;
      // Simpson's rule on the density from z to z + 12.
      int n = 20_000;
      double h = 12.0 / n;
      double sum = 0;
      for (int j = 0; j <= n; j++) {
        double x = z + j * h;
        double w = j == 0 || j == n ? 1 : (j % 2 == 1 ? 4 : 2);
        sum += w * Math.exp(-x * x / 2);
      }
      double p = sum * h / 3 / Math.sqrt(2 * Math.PI);
      assertThat(NormalTail.log10Upper(z))
          .as("seed %d: z %f", seed, z)
          .isCloseTo(Math.log10(p), within(1e-6 + 1e-5 * Math.abs(Math.log10(p))));
    }
  }
}
