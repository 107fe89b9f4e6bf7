package org.stormwatch.bench;

import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;

/**
 * Reads a capture through the whole report path (reader, decoder, classifier, aggregator) several
 * times in one JVM and prints packets per second for each run, to tell warm throughput from JVM
 * start-up and compilation.
 *
 * <p>Usage: {@code ReportThroughput FILE [RUNS]}
 */
public final class ReportThroughput {
  private ReportThroughput() {}

  public static void main(String[] args) throws InputException {
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      PortActivityAggregator aggregator = new PortActivityAggregator(BucketSize.DAY);
      ReadStats stats = new ReadStats();
      Inputs.read(args[0], InputOptions.defaults(), aggregator, stats);
      int rows = aggregator.rows().size();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "run %d: %,d packets, %,d probes, %,d rows in %.3f s: %,.0f packets/s%n",
          run, stats.units(), stats.probes(), rows, seconds, stats.units() / seconds);
    }
  }
}
