package org.stormwatch.core.sim;

import java.util.SplittableRandom;

/**
 * Starts sessions at the events of a Poisson clock: heavy-hitter scans, outbreak sources. Each
 * session gets its own random stream, split from this one, so what one session draws never shifts
 * another's.
 */
final class Arrivals extends Emitter {
  /** Makes the session that starts at {@code time}. */
  @FunctionalInterface
  interface SessionFactory {
    Emitter start(long time, SplittableRandom random);
  }

  private final PoissonClock clock;
  private final SplittableRandom random;
  private final SessionFactory factory;
  private final Run run;

  Arrivals(Run run, PoissonClock clock, long from, SplittableRandom random, SessionFactory f) {
    super(run.nextOrder());
    this.run = run;
    this.clock = clock;
    this.random = random;
    this.factory = f;
    this.next = clock.next(from);
  }

  @Override
  void fire() {
    run.spawn(factory.start(next, random.split()));
    next = clock.next(next);
  }
}
