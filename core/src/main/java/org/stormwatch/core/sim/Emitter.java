package org.stormwatch.core.sim;

import java.util.Comparator;

/**
 * One stream of events that the generator merges in time order: the background, the arrivals of
 * scan sessions and outbreak sources, and each session itself. {@link #next} is the time of the
 * stream's next event, {@link Long#MAX_VALUE} once it has none; {@link #order} (creation order)
 * breaks ties, so the merge, and with it every output byte, is reproducible.
 */
abstract class Emitter {
  static final Comparator<Emitter> ORDER =
      Comparator.<Emitter>comparingLong(e -> e.next).thenComparingLong(e -> e.order);

  final long order;
  long next = Long.MAX_VALUE;

  Emitter(long order) {
    this.order = order;
  }

  /** Does the event at {@link #next} and moves {@link #next} on. */
  abstract void fire();

  boolean finished() {
    return next == Long.MAX_VALUE;
  }
}
