package org.stormwatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads a capture through the whole report path (reader, decoder, classifier, aggregator) several
 * times in one JVM and prints packets per second and CPU seconds for each run, to tell warm
 * throughput from JVM start-up and compilation.
 *
 * <p>Usage: {@code ReportThroughput FILE [RUNS] [NAME=CLASSPATH ...]}. With no class path the code
 * on this JVM's class path is measured. With several, each round runs every one in turn, each
 * loaded by a class loader of its own (e.g. {@code old=old.jar new=cli/target/stormwatch.jar}): an
 * A/B comparison under the same machine load, which on a shared machine tells more than runs
 * minutes apart. The first round is left out of the summary (compilation).
 */
public final class ReportThroughput {
  private ReportThroughput() {}

  public static void main(String[] args) throws Exception {
    String file = args[0];
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> names = new ArrayList<>();
    List<ClassLoader> loaders = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 0) {
        System.err.println("expected NAME=CLASSPATH, got " + args[i]);
        System.exit(2);
      }
      names.add(args[i].substring(0, eq));
      loaders.add(loader(args[i].substring(eq + 1)));
    }
    if (loaders.isEmpty()) {
      names.add("this");
      loaders.add(ReportThroughput.class.getClassLoader());
    }
    List<List<Double>> cpu = new ArrayList<>();
    for (int v = 0; v < loaders.size(); v++) {
      cpu.add(new ArrayList<>());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 1; run <= runs; run++) {
      for (int v = 0; v < loaders.size(); v++) {
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long[] counts = report(loaders.get(v), file);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        cpu.get(v).add(cpuSeconds);
        System.out.printf(
            Locale.ROOT,
            "run %d %s: %,d packets, %,d probes, %,d rows in %.3f s (%.3f CPU s): %,.0f packets/s%n",
            run,
            names.get(v),
            counts[0],
            counts[1],
            counts[2],
            seconds,
            cpuSeconds,
            counts[0] / seconds);
      }
    }
    for (int v = 0; v < loaders.size(); v++) {
      List<Double> warm = new ArrayList<>(cpu.get(v).subList(runs > 1 ? 1 : 0, runs));
      Collections.sort(warm);
      System.out.printf(
          Locale.ROOT,
          "%s: CPU s after the first run: min %.3f, median %.3f%n",
          names.get(v),
          warm.get(0),
          warm.get(warm.size() / 2));
    }
  }

  private static ClassLoader loader(String classPath) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /**
   * One report of {@code file} with the classes of {@code loader}, by reflection so that the
   * versions compared need not be this one.
   *
   * @return packets, probes, rows
   */
  private static long[] report(ClassLoader loader, String file)
      throws ReflectiveOperationException {
    Class<?> bucketSize = loader.loadClass("org.stormwatch.core.aggregate.BucketSize");
    Class<?> aggregatorClass =
        loader.loadClass("org.stormwatch.core.aggregate.PortActivityAggregator");
    Class<?> statsClass = loader.loadClass("org.stormwatch.core.input.ReadStats");
    Class<?> options = loader.loadClass("org.stormwatch.core.input.InputOptions");
    Class<?> sink = loader.loadClass("org.stormwatch.core.model.ProbeSink");
    Object aggregator =
        aggregatorClass
            .getConstructor(bucketSize)
            .newInstance(bucketSize.getField("DAY").get(null));
    Object stats = statsClass.getConstructor().newInstance();
    loader
        .loadClass("org.stormwatch.core.input.Inputs")
        .getMethod("read", String.class, options, sink, statsClass)
        .invoke(null, file, options.getMethod("defaults").invoke(null), aggregator, stats);
    List<?> rows = (List<?>) aggregatorClass.getMethod("rows").invoke(aggregator);
    return new long[] {
      (long) statsClass.getMethod("units").invoke(stats),
      (long) statsClass.getMethod("probes").invoke(stats),
      rows.size()
    };
  }
}
