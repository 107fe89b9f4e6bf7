package org.stormwatch.core.sim;

import java.time.Instant;
import java.util.List;

/**
 * Everything a simulation needs: the same scenario gives the same probes, byte for byte.
 *
 * @param name the preset's name, or any label
 * @param seed the seed every random choice derives from
 * @param scale the scale the rates were multiplied by (kept for the truth file; the rates below are
 *     already scaled)
 * @param start the first instant, a UTC midnight
 * @param days how many days to simulate
 */
public record Scenario(
    String name,
    long seed,
    double scale,
    Instant start,
    int days,
    Background background,
    List<Outbreak> outbreaks) {
  /** The longest simulation, ten years: bounds the loops over hours. */
  public static final int MAX_DAYS = 3660;

  public Scenario {
    if (name == null || start == null || background == null) {
      throw new IllegalArgumentException("name, start and background are required");
    }
    if (start.getEpochSecond() % 86_400 != 0 || start.getNano() != 0) {
      throw new IllegalArgumentException("start must be a UTC midnight, not " + start);
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be 1 to " + MAX_DAYS + ", not " + days);
    }
    if (!(scale > 0) || scale > 1e6) {
      throw new IllegalArgumentException("scale must be in (0, 1e6], not " + scale);
    }
    outbreaks = List.copyOf(outbreaks);
  }

  /** The preset names that {@link #preset} knows. */
  public static List<String> presetNames() {
    return Presets.NAMES;
  }

  /**
   * A named scenario: {@code port137-2002}, {@code quiet-port}, {@code busy-port}, {@code
   * background} or {@code random}. At scale 1 the background is about 200,000 probes a day on a
   * /16; rates of busy ports, sources, heavy scans and outbreak peaks are multiplied by {@code
   * scale}, the quiet ports' probe a week and the few legitimate NBNS lookups are not.
   *
   * @throws IllegalArgumentException naming the known presets when the name is none of them
   */
  public static Scenario preset(String name, long seed, double scale) {
    return Presets.of(name, seed, scale);
  }

  /**
   * A varied scenario for evaluation harnesses: TCP or UDP outbreaks (none, one or two) on busy,
   * quiet or unseen ports, with onsets, growth curves, rates, sizes and fingerprints drawn from the
   * seed; the background varies too.
   */
  public static Scenario random(long seed, double scale) {
    return Presets.random(seed, scale);
  }

  /** {@link #random(long, double)} at scale 0.05 (about 10,000 background probes a day). */
  public static Scenario random(long seed) {
    return random(seed, 0.05);
  }

  /** The same scenario over another number of days. */
  public Scenario withDays(int newDays) {
    return new Scenario(name, seed, scale, start, newDays, background, outbreaks);
  }

  /** The instant the simulation stops (exclusive). */
  public Instant end() {
    return start.plusSeconds(86_400L * days);
  }
}
