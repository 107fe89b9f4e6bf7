package org.stormwatch.core.detect;

/**
 * Upper tail of the standard normal distribution as a base-10 logarithm, {@code log10 P(Z >= z)},
 * without underflow for large {@code z}: {@code P(Z >= z) = erfc(z / sqrt 2) / 2} with the
 * Chebyshev approximation of erfc from Numerical Recipes (2nd ed., section 6.2, {@code erfcc}),
 * whose fractional error is below 1.2e-7 everywhere, taken in logarithms.
 */
final class NormalTail {
  private static final double LN10 = Math.log(10);

  private NormalTail() {}

  static double log10Upper(double z) {
    if (z < 0) {
      return Math.log10(1 - Math.exp(lnErfc(-z / Math.sqrt(2))) / 2);
    }
    return (lnErfc(z / Math.sqrt(2)) - Math.log(2)) / LN10;
  }

  /** ln erfc(x) for x >= 0. */
  private static double lnErfc(double x) {
    double t = 1 / (1 + 0.5 * x);
    double poly =
        -x * x
            - 1.26551223
            + t
                * (1.00002368
                    + t
                        * (0.37409196
                            + t
                                * (0.09678418
                                    + t
                                        * (-0.18628806
                                            + t
                                                * (0.27886807
                                                    + t
                                                        * (-1.13520398
                                                            + t
                                                                * (1.48851587
                                                                    + t
                                                                        * (-0.82215223
                                                                            + t
                                                                                * 0.17087277))))))));
    return Math.log(t) + poly;
  }
}
