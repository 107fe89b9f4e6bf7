package org.stormwatch.core.detect;

import java.time.Instant;
import java.util.Random;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * Seeded synthetic daily port series: Poisson sources around a level with a weekly cycle (weekends
 * lower) and day-to-day over-dispersion, records and targets derived from them, occasional single
 * loud scanners (one source, thousands of records and targets), and optionally a planted surge of
 * new sources growing from its onset.
 */
final class Synthetic {
  /** 2002-08-05, a Monday. */
  static final Instant START = Instant.parse("2002-08-05T00:00:00Z");

  /** A kind of port: mean sources per weekday, relative day-to-day spread (log-normal sd). */
  enum Profile {
    DEAD(1.0 / 7, 0),
    QUIET(1.5, 0.1),
    MODERATE(30, 0.15),
    BUSY(2000, 0.15);

    final double level;
    final double spread;

    Profile(double level, double spread) {
      this.level = level;
      this.spread = spread;
    }
  }

  /** A surge: first-day sources, daily growth, length in days. */
  record Surge(int onset, double first, double growth, int days) {}

  static final double WEEKEND = 0.7;
  static final double LOUD_SCANNER_PER_DAY = 0.03;

  private Synthetic() {}

  /**
   * A TCP SYN at {@code nanos} from {@code src} to {@code port} on a random 192.168.0.0/16 target,
   * from a random source port of 1024 and up, with the given IP length and TTL: the probe the
   * fingerprint tests build their backgrounds and outbreaks from. Draws the source port, then the
   * target, from {@code r}.
   */
  static Probe syn(long nanos, Random r, int src, int port, int ipLength, int ttl) {
    return new Probe(
        nanos,
        0,
        IpAddresses.v4Lo(src),
        1024 + r.nextInt(60_000),
        0,
        IpAddresses.v4Lo(0xc0a80000 | r.nextInt(65_536)),
        port,
        Protocol.TCP,
        0x02,
        ipLength,
        ttl,
        "",
        null);
  }

  static PortSeries series(
      Random r, int port, Profile profile, int days, Surge surge, boolean loudScanners) {
    long[][] v = new long[3][days];
    for (int d = 0; d < days; d++) {
      int weekday = d % 7; // START is a Monday
      double mean = profile.level * (weekday >= 5 ? WEEKEND : 1);
      if (profile.spread > 0) {
        mean *= Math.exp(profile.spread * r.nextGaussian() - profile.spread * profile.spread / 2);
      }
      long sources = poisson(r, mean);
      long records = sources + poisson(r, sources * 1.5);
      long targets = Math.min(records, sources + poisson(r, sources * 0.8));
      if (loudScanners && r.nextDouble() < LOUD_SCANNER_PER_DAY) {
        long hits = 500 + r.nextInt(5000);
        sources += 1;
        records += hits;
        targets += hits;
      }
      if (surge != null && d >= surge.onset() && d < surge.onset() + surge.days()) {
        double m = surge.first() * Math.pow(surge.growth(), d - surge.onset());
        long s = poisson(r, m);
        sources += s;
        records += s + poisson(r, s * 2.0);
        targets += s + poisson(r, s * 3.0);
      }
      v[0][d] = records;
      v[1][d] = sources;
      v[2][d] = Math.min(targets, records);
    }
    return new PortSeries(port, Protocol.TCP, START, BucketSize.DAY, v);
  }

  /** Poisson by inversion for small means, normal approximation for large ones. */
  static long poisson(Random r, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 200) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }
    double l = Math.exp(-mean);
    long k = 0;
    double p = r.nextDouble();
    double cdf = l;
    double pk = l;
    while (p > cdf && k < 10_000) {
      k++;
      pk *= mean / k;
      cdf += pk;
    }
    return k;
  }
}
