package org.stormwatch.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.stormwatch.core.model.Probe;

/**
 * A child process for {@link SigkillTest}: commits batch after batch into a data directory and
 * prints a line for each receipt only once its commit has returned, until it is killed.
 */
public final class IngestLoop {
  private IngestLoop() {}

  /** Batch {@code i} of the loop: the same probes every time. */
  static List<Probe> batch(int i) {
    return TestProbes.random(new Random(1000 + i), 20_000, 24 * 3, 3_000);
  }

  public static void main(String[] args) {
    try (History h = History.open(StoreLocation.directory(Path.of(args[0])))) {
      for (int i = 0; i < 10_000; i++) {
        Receipt r = HistoryContract.store(h, "loop", "loop-" + i, batch(i));
        System.out.println(
            "receipt " + r.key() + " " + r.id() + " " + r.probes() + " " + r.duplicate());
        System.out.flush();
      }
    }
  }
}
