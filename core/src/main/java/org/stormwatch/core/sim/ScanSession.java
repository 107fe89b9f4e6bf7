package org.stormwatch.core.sim;

import java.util.SplittableRandom;
import org.stormwatch.core.model.Protocol;

/**
 * One heavy hitter's scan: a horizontal sweep of one busy port over consecutive targets (from a
 * random start, wrapping around the sensor network), or a vertical scan of the busy TCP ports on
 * one target in random order. Probes are evenly spaced at the session's rate (5 to 500 a second,
 * log-uniform) with 10% jitter. Sweeps cover 100 to 10,000 targets (log-uniform, at most the
 * network); about 30% of sessions are vertical. The source is one of the few heavy-hitter
 * addresses, which come back day after day: a loud scanner is not a new source.
 */
final class ScanSession extends Emitter {
  private static final byte[] EMPTY = new byte[0];

  private final Run run;
  private final SplittableRandom random;
  private final long source;
  private final int src;
  private final long spacing;
  private final ServicePort sweepPort;
  private final int[] verticalPorts;
  private final long firstTarget;
  private final int fixedTarget;
  private final int count;
  private int sent;

  /**
   * @param scanners the source numbers of heavy hitters start at {@code firstScanner}
   * @param busyTcp the busy TCP ports, for vertical scans
   */
  ScanSession(
      Run run,
      long time,
      SplittableRandom random,
      long firstScanner,
      int scanners,
      ServicePort[] busy,
      AliasTable busyTable,
      int[] busyTcp) {
    super(run.nextOrder());
    this.run = run;
    this.random = random;
    this.source = firstScanner + random.nextInt(scanners);
    this.src = run.addresses.address(source);
    double perSecond = 5 * Math.exp(random.nextDouble() * Math.log(100));
    this.spacing = (long) (1e9 / perSecond);
    boolean vertical = busyTcp.length > 0 && random.nextInt(10) < 3;
    if (vertical) {
      verticalPorts = busyTcp.clone();
      shuffle(verticalPorts, random);
      sweepPort = null;
      count = verticalPorts.length;
      fixedTarget = run.targets.random(random);
      firstTarget = 0;
    } else {
      verticalPorts = null;
      sweepPort = busy[busyTable.next(random)];
      long max = Math.min(10_000, run.targets.usable());
      count = (int) Math.min(max, Math.round(100 * Math.exp(random.nextDouble() * Math.log(100))));
      firstTarget = random.nextLong(run.targets.usable());
      fixedTarget = 0;
    }
    next = time < run.endNanos ? time : Long.MAX_VALUE;
  }

  @Override
  void fire() {
    int ttl = SourceStacks.ttl(source);
    if (verticalPorts != null) {
      run.emit(
          next,
          src,
          BackgroundEmitter.ephemeralPort(random),
          fixedTarget,
          verticalPorts[sent],
          Protocol.TCP,
          SourceStacks.ipLength(source),
          ttl,
          SourceStacks.window(source),
          EMPTY,
          -1);
    } else {
      int dst = run.targets.target((firstTarget + sent) % run.targets.usable());
      boolean tcp = sweepPort.protocol() == Protocol.TCP;
      run.emit(
          next,
          src,
          BackgroundEmitter.ephemeralPort(random),
          dst,
          sweepPort.port(),
          sweepPort.protocol(),
          tcp ? SourceStacks.ipLength(source) : 28,
          ttl,
          SourceStacks.window(source),
          EMPTY,
          -1);
    }
    sent++;
    long gap = spacing + (long) ((random.nextDouble() - 0.5) * 0.2 * spacing);
    next = sent < count && next + gap < run.endNanos ? next + gap : Long.MAX_VALUE;
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
