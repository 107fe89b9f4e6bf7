package org.stormwatch.core.testing;

/** Whether the tests run in CI, where every reference tool and data set must be present. */
public final class Ci {
  private Ci() {}

  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
