package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.DistinctCounter;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.aggregate.PortActivityAggregator;
import org.stormwatch.core.detect.Alert;
import org.stormwatch.core.detect.Counts;
import org.stormwatch.core.detect.Explanation;
import org.stormwatch.core.detect.Feature;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.detect.FeatureCounts;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.detect.FingerprintSources;
import org.stormwatch.core.detect.Reach;
import org.stormwatch.core.detect.Trend;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * The behaviour every store must show, run against DuckDB and PostgreSQL by the subclasses. Each
 * test opens a fresh, empty store.
 */
abstract class HistoryContract {
  @TempDir Path tmp;

  /** A fresh, empty store location. */
  abstract StoreLocation freshLocation() throws Exception;

  History open() throws Exception {
    return History.open(freshLocation());
  }

  static Receipt store(History h, String sensor, String key, List<Probe> probes) {
    Batch b = h.begin(sensor, key);
    probes.forEach(b::accept);
    return b.commit(new ReadStats());
  }

  static List<PortActivity> expected(List<Probe> probes, BucketSize bucket, String sensor) {
    PortActivityAggregator a = new PortActivityAggregator(bucket);
    probes.forEach(a::accept);
    return a.rows();
  }

  @Test
  void roundTrip_equalsCoreAggregator_inHoursAndDays() throws Exception {
    List<Probe> probes = TestProbes.simulated(7, 6);
    assertThat(probes).hasSizeGreaterThan(10_000);
    try (History h = open()) {
      // Three submissions whose hours overlap, so that stored cells are merged.
      List<Probe> a = new ArrayList<>();
      List<Probe> b = new ArrayList<>();
      List<Probe> c = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(probes.get(i));
      }
      store(h, "s1", "a", a);
      store(h, "s2", "b", b);
      store(h, "s1", "c", c);
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
          .isEqualTo(expected(probes, BucketSize.HOUR, null));
      assertThat(h.portActivity(PortQuery.all(BucketSize.DAY)))
          .isEqualTo(expected(probes, BucketSize.DAY, null));
      assertThat(h.submissions()).isEqualTo(3);
    }
  }

  /** Whole hourly cells of the probes, as a job computing them elsewhere would send them. */
  static List<ActivityCell> cells(List<Probe> probes) {
    Map<String, List<Probe>> byCell = new java.util.TreeMap<>();
    for (Probe p : probes) {
      long hour = BucketSize.HOUR.startOf(p.timeNanos());
      byCell
          .computeIfAbsent(hour + " " + p.dstPort() + " " + p.protocol(), k -> new ArrayList<>())
          .add(p);
    }
    List<ActivityCell> out = new ArrayList<>();
    for (List<Probe> cell : byCell.values()) {
      Probe first = cell.get(0);
      Instant hour = Instant.ofEpochSecond(BucketSize.HOUR.startOf(first.timeNanos()));
      DistinctCounter sources = new DistinctCounter();
      DistinctCounter targets = new DistinctCounter();
      FeatureAggregator features = new FeatureAggregator(BucketSize.HOUR);
      for (Probe p : cell) {
        sources.add(p.srcHi(), p.srcLo());
        targets.add(p.dstHi(), p.dstLo());
        features.accept(p);
      }
      out.add(
          new ActivityCell(
              hour,
              first.dstPort(),
              first.protocol(),
              cell.size(),
              sources.toBytes(),
              targets.toBytes(),
              features.sum(first.dstPort(), first.protocol(), hour, hour.plusSeconds(3600)),
              features.fingerprintCell(first.dstPort(), first.protocol(), hour)));
    }
    return out;
  }

  @Test
  void putCells_readBackAsIngestedProbes_andCountOnceWhenSentAgain() throws Exception {
    List<Probe> probes = TestProbes.simulated(7, 2);
    List<ActivityCell> cells = cells(probes);
    try (History ingested = open();
        History put = open()) {
      store(ingested, "s1", "a", probes);
      put.putCells(cells);
      // a replay: the same cells again, some of them twice, in another order
      List<ActivityCell> again = new ArrayList<>(cells);
      java.util.Collections.reverse(again);
      again.addAll(cells.subList(0, cells.size() / 3));
      put.putCells(again);
      for (BucketSize bucket : BucketSize.values()) {
        assertThat(put.portActivity(PortQuery.all(bucket)))
            .isEqualTo(ingested.portActivity(PortQuery.all(bucket)))
            .isEqualTo(expected(probes, bucket, null));
      }
      Instant from = TestProbes.START.minusSeconds(30 * 86_400L);
      Instant to = TestProbes.START.plusSeconds(30 * 86_400L);
      assertThat(put.topPorts(from, to, 5)).isEqualTo(ingested.topPorts(from, to, 5));
      ActivityCell any = cells.get(cells.size() / 2);
      FeatureCounts got = put.features(BucketSize.HOUR).sum(any.port(), any.protocol(), from, to);
      FeatureCounts want =
          ingested.features(BucketSize.HOUR).sum(any.port(), any.protocol(), from, to);
      for (Feature f : Feature.values()) {
        assertThat(got.values(f)).as(any.key() + " " + f).isEqualTo(want.values(f));
      }
      // The fingerprint alarm's source sets too, for every cell and both bucket sizes.
      for (BucketSize bucket : BucketSize.values()) {
        FeatureHistograms putSets = put.features(bucket);
        FeatureHistograms ingestedSets = ingested.features(bucket);
        for (ActivityCell cell : cells) {
          Instant start =
              Instant.ofEpochSecond(bucket.startOf(cell.hour().getEpochSecond() * 1_000_000_000L));
          assertThat(putSets.fingerprintSources(cell.port(), cell.protocol(), start))
              .as(cell.key() + " " + bucket)
              .isNotNull()
              .isEqualTo(ingestedSets.fingerprintSources(cell.port(), cell.protocol(), start));
        }
      }
    }
  }

  @Test
  void putCells_aBadCellIsRefusedWithItsKey_andNothingOfTheCallIsStored() throws Exception {
    List<ActivityCell> cells = new ArrayList<>(cells(TestProbes.simulated(3, 1)));
    ActivityCell good = cells.get(0);
    cells.add(
        new ActivityCell(
            good.hour(),
            good.port(),
            good.protocol(),
            good.records(),
            new byte[] {9, 9, 9},
            good.targetSet(),
            good.features(),
            good.fingerprints()));
    try (History h = open()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.putCells(cells))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("cell " + good.key() + " sources");
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR))).isEmpty();
    }
  }

  @Test
  void portQuery_filtersByPortProtocolAndRange() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(3), 5_000, 72, 300);
    try (History h = open()) {
      store(h, "s", "k", probes);
      Instant from = TestProbes.START.plusSeconds(86_400);
      Instant to = TestProbes.START.plusSeconds(2 * 86_400);
      List<PortActivity> day =
          h.portActivity(new PortQuery(445, Protocol.TCP, from, to, BucketSize.DAY));
      List<PortActivity> want =
          expected(probes, BucketSize.DAY, null).stream()
              .filter(r -> r.port() == 445 && r.protocol() == Protocol.TCP)
              .filter(r -> !r.start().isBefore(from) && r.start().isBefore(to))
              .toList();
      assertThat(want).hasSize(1);
      assertThat(day).isEqualTo(want);
    }
  }

  @Test
  void dayIsTheMergeOfItsHours_notTheSum() throws Exception {
    // The same 10 sources probe port 80 in each of 24 hours: a day has 10 sources, not 240.
    List<Probe> probes = new ArrayList<>();
    long start = TestProbes.START.getEpochSecond() * 1_000_000_000L;
    for (int hour = 0; hour < 24; hour++) {
      for (int s = 0; s < 10; s++) {
        probes.add(probe(start + hour * 3600_000_000_000L + s, s, 100 + hour, 80));
      }
    }
    try (History h = open()) {
      for (int hour = 0; hour < 24; hour++) {
        store(h, "s", "hour-" + hour, probes.subList(hour * 10, hour * 10 + 10));
      }
      List<PortActivity> days = h.portActivity(PortQuery.all(BucketSize.DAY));
      assertThat(days)
          .containsExactly(new PortActivity(TestProbes.START, 80, Protocol.TCP, 240, 10, 24));
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR))).hasSize(24);
    }
  }

  @Test
  void aboveTheExactLimit_countsAreWithinTheStatedError() throws Exception {
    // 20,000 distinct sources over one day, spread over 24 hours and 4 submissions.
    Random r = new Random(11);
    List<Probe> probes = new ArrayList<>();
    long start = TestProbes.START.getEpochSecond() * 1_000_000_000L;
    for (int i = 0; i < 30_000; i++) {
      int src = i < 20_000 ? i : r.nextInt(20_000);
      probes.add(probe(start + (long) (r.nextDouble() * 86_400e9), src, r.nextInt(3000), 445));
    }
    try (History h = open()) {
      for (int k = 0; k < 4; k++) {
        store(h, "s", "part-" + k, probes.subList(k * 7_500, (k + 1) * 7_500));
      }
      PortActivity day = h.portActivity(PortQuery.all(BucketSize.DAY)).get(0);
      assertThat(day.records()).isEqualTo(30_000);
      // lg K 14: relative standard error 0.81%; 3% is more than 3.5 standard errors.
      assertThat((double) day.sources())
          .isCloseTo(20_000, org.assertj.core.data.Percentage.withPercentage(3));
      assertThat(day.targets()).isEqualTo(3000);
      List<TopPort> top = h.topPorts(TestProbes.START, TestProbes.START.plusSeconds(86_400), 5);
      assertThat(top).hasSize(1);
      assertThat(top.get(0).records()).isEqualTo(30_000);
      assertThat((double) top.get(0).sources())
          .isCloseTo(20_000, org.assertj.core.data.Percentage.withPercentage(3));
    }
  }

  @Test
  void sameSubmissionTwice_countsOnce_andReturnsTheEarlierReceipt() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(5), 2_000, 10, 100);
    try (History h = open()) {
      ReadStats stats = new ReadStats();
      stats.malformed("f: line 3", "bad time", "x");
      stats.notProbe("reply");
      stats.notProbe("reply");
      Batch first = h.begin("s1", "same");
      probes.forEach(first::accept);
      Receipt one = first.commit(stats);
      Receipt two = store(h, "s1", "same", probes);
      assertThat(one.duplicate()).isFalse();
      assertThat(one.probes()).isEqualTo(2_000);
      assertThat(one.rejected()).isEqualTo(Map.of("bad time", 1L, "reply", 2L));
      assertThat(two.duplicate()).isTrue();
      assertThat(two.id()).isEqualTo(one.id());
      assertThat(two.probes()).isEqualTo(2_000);
      assertThat(two.rejected()).isEqualTo(one.rejected());
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
          .isEqualTo(expected(probes, BucketSize.HOUR, null));
      assertThat(h.submissions()).isEqualTo(1);
      assertThat(h.sensors()).hasSize(1);
      assertThat(h.sensors().get(0).probes()).isEqualTo(2_000);
      assertThat(h.sensors().get(0).submissions()).isEqualTo(1);
    }
  }

  @Test
  void twentyThreadsCommittingWithRetries_countExactlyOnce() throws Exception {
    int threads = 20;
    int perThread = 5;
    Map<String, List<Probe>> batches = new HashMap<>();
    List<Probe> all = new ArrayList<>();
    Random r = new Random(9);
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < perThread; k++) {
        List<Probe> probes = TestProbes.random(r, 300, 6, 500);
        batches.put("t" + t + "-" + k, probes);
        all.addAll(probes);
      }
    }
    try (History h = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  int duplicates = 0;
                  for (int k = 0; k < perThread; k++) {
                    String key = "t" + thread + "-" + k;
                    // Every submission is sent twice, as a client does whose answer was lost.
                    for (int attempt = 0; attempt < 2; attempt++) {
                      if (store(h, "sensor-" + thread, key, batches.get(key)).duplicate()) {
                        duplicates++;
                      }
                    }
                  }
                  return duplicates;
                }));
      }
      int duplicates = 0;
      for (Future<Integer> f : done) {
        duplicates += f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertThat(duplicates).isEqualTo(threads * perThread);
      assertThat(h.submissions()).isEqualTo(threads * perThread);
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
          .isEqualTo(expected(all, BucketSize.HOUR, null));
      assertThat(h.sensors()).hasSize(threads);
      Set<Long> ids = new HashSet<>();
      for (String key : batches.keySet()) {
        ids.add(h.submission(key).orElseThrow().id());
      }
      assertThat(ids).hasSize(threads * perThread);
    }
  }

  @Test
  void sameKeysSentAtOnceByManyThreads_countOnce_inCountsSourcesAndProbes() throws Exception {
    // Threads start together and send the same keys, so that group commits hold several
    // submissions and sometimes one key twice.
    int keys = 24;
    int threads = 8;
    Random r = new Random(21);
    Map<String, List<Probe>> batches = new HashMap<>();
    List<Probe> all = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      List<Probe> probes = TestProbes.random(r, 200, 30, 40);
      batches.put("k" + k, probes);
      all.addAll(probes);
    }
    try (History h = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      List<Future<List<Receipt>>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Receipt> got = new ArrayList<>();
                  for (int k = 0; k < keys; k++) {
                    String key = "k" + ((k + thread) % keys);
                    got.add(store(h, "s", key, batches.get(key)));
                  }
                  return got;
                }));
      }
      Map<String, Long> firstIds = new HashMap<>();
      int fresh = 0;
      for (Future<List<Receipt>> f : done) {
        for (Receipt receipt : f.get(5, TimeUnit.MINUTES)) {
          if (!receipt.duplicate()) {
            fresh++;
          }
          Long before = firstIds.putIfAbsent(receipt.key(), receipt.id());
          assertThat(before == null ? receipt.id() : before).isEqualTo(receipt.id());
          assertThat(receipt.probes()).isEqualTo(batches.get(receipt.key()).size());
        }
      }
      pool.shutdown();
      assertThat(fresh).isEqualTo(keys);
      assertThat(new HashSet<>(firstIds.values())).hasSize(keys);
      assertThat(h.submissions()).isEqualTo(keys);
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
          .isEqualTo(expected(all, BucketSize.HOUR, null));
      assertThat(h.sensors().get(0).probes()).isEqualTo(all.size());
      assertThat(h.sensors().get(0).submissions()).isEqualTo(keys);
      // Stored probes (drill-down) and source activity, each probe once.
      Map<String, Long> count = new HashMap<>();
      for (Probe p : all) {
        if (p.dstPort() == 445) {
          count.merge(p.sourceText(), 1L, Long::sum);
        }
      }
      Instant from = TestProbes.START;
      Instant to = TestProbes.START.plusSeconds(86_400 * 3);
      for (SourceCount s : h.topSources(445, Protocol.TCP, from, to, 10)) {
        assertThat(s.probes()).as(s.address()).isEqualTo(count.get(s.address()));
      }
      String address = all.get(0).sourceText();
      long records = all.stream().filter(p -> p.sourceText().equals(address)).count();
      assertThat(h.source(address).stream().mapToLong(SourceDay::records).sum()).isEqualTo(records);
    }
  }

  @Test
  void features_equalCoreFeatureAggregator() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(13), 6_000, 48, 400);
    try (History h = open()) {
      store(h, "s", "a", probes.subList(0, 3_000));
      store(h, "s", "b", probes.subList(3_000, 6_000));
      FeatureAggregator want = new FeatureAggregator(BucketSize.DAY);
      probes.forEach(p -> want.accept(p.withSensor("s")));
      for (int port : new int[] {80, 137, 445}) {
        Protocol protocol = port == 137 ? Protocol.UDP : Protocol.TCP;
        Instant from = TestProbes.START;
        Instant to = TestProbes.START.plusSeconds(86_400);
        FeatureCounts got = h.features(BucketSize.DAY).sum(port, protocol, from, to);
        FeatureCounts exp = want.sum(port, protocol, from, to);
        for (Feature f : Feature.values()) {
          assertThat(got.values(f)).as(port + " " + f).isEqualTo(exp.values(f));
        }
      }
    }
  }

  /**
   * The fingerprint alarm's inputs: per day and per hour, the distinct sources per fingerprint
   * value (capped) equal core's over the same probes, though they came in three submissions that
   * split hours, and a retried submission changes none of them.
   */
  @Test
  void fingerprintSources_equalCoreFeatureAggregator_andARetryChangesNothing() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(17), 9_000, 72, 300);
    try (History h = open()) {
      store(h, "s", "a", probes.subList(0, 3_000));
      store(h, "s", "b", probes.subList(3_000, 6_000));
      store(h, "t", "c", probes.subList(6_000, 9_000));
      assertThat(store(h, "s", "b", probes.subList(3_000, 6_000)).duplicate()).isTrue();
      int compared = 0;
      for (BucketSize bucket : new BucketSize[] {BucketSize.DAY, BucketSize.HOUR}) {
        FeatureAggregator want = new FeatureAggregator(bucket);
        probes.forEach(want::accept);
        FeatureHistograms got = h.features(bucket);
        for (int port : new int[] {8, 22, 80, 137, 445}) {
          Protocol protocol = port == 137 ? Protocol.UDP : port == 8 ? Protocol.ICMP : Protocol.TCP;
          for (long t = TestProbes.START.getEpochSecond();
              t < TestProbes.START.getEpochSecond() + 4 * 86_400;
              t += bucket.seconds()) {
            Instant start = Instant.ofEpochSecond(t);
            FingerprintSources had = got.fingerprintSources(port, protocol, start);
            assertThat(had).as(port + " " + start).isNotNull();
            compared +=
                sameWhereNoKindOverflows(
                    want.fingerprintSources(port, protocol, start).counts(),
                    had.counts(),
                    port + " " + start);
          }
        }
      }
      assertThat(compared).isGreaterThan(500);
    }
  }

  /**
   * A schema-2 database (its migrations are never edited, so applying them alone makes one) with a
   * stored hour upgrades in place to the latest: its rows stay, a series reaching back to them runs
   * without the fingerprint alarm (null), and a series that starts after gets the sets.
   */
  @Test
  void schema2Database_upgradesInPlace_withTheAlarmOnlyWhereSetsWereStored() throws Exception {
    StoreLocation location = freshLocation();
    long day = TestProbes.START.getEpochSecond();
    try (Database db = Database.open(location)) {
      db.write(
          c -> {
            try (java.sql.Statement st = c.createStatement()) {
              st.execute(
                  "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                      + " description VARCHAR NOT NULL, applied_at BIGINT NOT NULL)");
              for (Migrations.Migration m : Migrations.ALL.subList(0, 2)) {
                for (String sql : m.statements()) {
                  st.execute(sql);
                }
                st.execute("INSERT INTO schema_version VALUES (" + m.version() + ", 'v', 0)");
              }
              DistinctCounter one = new DistinctCounter();
              one.add(0, 1);
              try (java.sql.PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO port_activity VALUES (?, 80, 6, 1, 1, 1, ?, ?)")) {
                ins.setLong(1, day + 5 * 3600);
                ins.setBytes(2, one.toBytes());
                ins.setBytes(3, one.toBytes());
                ins.executeUpdate();
              }
            }
            return null;
          });
    }
    List<Probe> later = TestProbes.random(new Random(3), 2_000, 24, 100);
    long shift = 2 * 86_400L * 1_000_000_000L;
    try (History h = History.open(location)) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest());
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR))).hasSize(1);
      List<Probe> shifted = new ArrayList<>();
      later.forEach(p -> shifted.add(p.withTime(p.timeNanos() + shift)));
      store(h, "s", "later", shifted);
      FeatureHistograms features = h.features(BucketSize.DAY);
      assertThat(features.fingerprintSources(80, Protocol.TCP, Instant.ofEpochSecond(day)))
          .isNull();
      FeatureAggregator want = new FeatureAggregator(BucketSize.DAY);
      shifted.forEach(want::accept);
      Instant third = Instant.ofEpochSecond(day + 2 * 86_400);
      assertThat(
              sameWhereNoKindOverflows(
                  want.fingerprintSources(80, Protocol.TCP, third).counts(),
                  features.fingerprintSources(80, Protocol.TCP, third).counts(),
                  "after the upgrade"))
          .isPositive();
    }
    try (History h = History.open(location)) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest());
    }
  }

  /**
   * The documented bound of the capped sets: a kind (ip_length, ttl, ...) with fewer than {@link
   * FeatureCounts#MAX_VALUES} values in the bucket has exactly the file's counts; a kind with more
   * keeps that many values, which ones depending on the order of arrival (hour cells merged here,
   * probes one by one there), each at most the cap. Returns the values compared exactly.
   */
  static int sameWhereNoKindOverflows(Map<String, Long> exp, Map<String, Long> got, String where) {
    Map<String, Map<String, Long>> expKinds = byKind(exp);
    Map<String, Map<String, Long>> gotKinds = byKind(got);
    assertThat(gotKinds.keySet()).as(where).isEqualTo(expKinds.keySet());
    int exact = 0;
    for (Map.Entry<String, Map<String, Long>> k : expKinds.entrySet()) {
      Map<String, Long> g = gotKinds.get(k.getKey());
      if (k.getValue().size() < FeatureCounts.MAX_VALUES) {
        assertThat(g).as(where + " " + k.getKey()).isEqualTo(k.getValue());
        exact += g.size();
      } else {
        assertThat(g).as(where + " " + k.getKey()).hasSize(FeatureCounts.MAX_VALUES);
        assertThat(g.values()).allMatch(n -> n >= 1 && n <= 32);
      }
    }
    return exact;
  }

  private static Map<String, Map<String, Long>> byKind(Map<String, Long> counts) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    counts.forEach(
        (k, n) -> {
          int eq = k.indexOf('=');
          out.computeIfAbsent(k.substring(0, eq), x -> new HashMap<>()).put(k, n);
        });
    return out;
  }

  @Test
  void probesInTimeOrder_areTheStoredProbes_inTimeOrder_withinTheRange() throws Exception {
    // Three days of probes split at random over four submissions of two sensors, so that each
    // day's chunks of several submissions and ports are merged.
    Random r = new Random(23);
    List<Probe> probes = TestProbes.random(r, 9_000, 72, 300);
    List<List<Probe>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Probe> stored = new ArrayList<>();
    for (Probe p : probes) {
      int part = r.nextInt(3);
      parts.get(part).add(p);
      stored.add(p.withSensor(part == 1 ? "t" : "s"));
    }
    try (History h = open()) {
      for (int i = 0; i < 3; i++) {
        store(h, i == 1 ? "t" : "s", "k" + i, parts.get(i));
      }
      Instant from = TestProbes.START.plusSeconds(3600 * 7 + 11);
      Instant to = TestProbes.START.plusSeconds(3600 * 50);
      long fromN = from.getEpochSecond() * 1_000_000_000L;
      long toN = to.getEpochSecond() * 1_000_000_000L;
      for (Instant[] range : new Instant[][] {{null, null}, {from, to}}) {
        List<Probe> got = new ArrayList<>();
        long fed = h.probesInTimeOrder(range[0], range[1], got::add);
        assertThat(fed).isEqualTo(got.size());
        for (int i = 1; i < got.size(); i++) {
          assertThat(got.get(i).timeNanos()).isGreaterThanOrEqualTo(got.get(i - 1).timeNanos());
        }
        Map<Probe, Long> want = new HashMap<>();
        for (Probe p : stored) {
          if (range[0] == null || (p.timeNanos() >= fromN && p.timeNanos() < toN)) {
            want.merge(p, 1L, Long::sum);
          }
        }
        Map<Probe, Long> have = new HashMap<>();
        got.forEach(p -> have.merge(p, 1L, Long::sum));
        assertThat(have).isEqualTo(want);
      }
      assertThat(want(stored, fromN, toN)).isGreaterThan(1_000).isLessThan(stored.size());
    }
  }

  private static long want(List<Probe> probes, long fromN, long toN) {
    return probes.stream().filter(p -> p.timeNanos() >= fromN && p.timeNanos() < toN).count();
  }

  @Test
  void topSourcesAndSourceDays_equalCountsOverTheProbes() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(17), 8_000, 48, 60);
    try (History h = open()) {
      store(h, "s", "a", probes.subList(0, 5_000));
      store(h, "t", "b", probes.subList(5_000, 8_000));
      Instant from = TestProbes.START.plusSeconds(3600 * 5);
      Instant to = TestProbes.START.plusSeconds(3600 * 30);
      Map<String, Long> count = new HashMap<>();
      Map<String, Set<String>> targets = new HashMap<>();
      long fromN = from.getEpochSecond() * 1_000_000_000L;
      long toN = to.getEpochSecond() * 1_000_000_000L;
      for (Probe p : probes) {
        if (p.dstPort() == 445 && p.timeNanos() >= fromN && p.timeNanos() < toN) {
          count.merge(p.sourceText(), 1L, Long::sum);
          targets.computeIfAbsent(p.sourceText(), k -> new HashSet<>()).add(p.destinationText());
        }
      }
      List<SourceCount> top = h.topSources(445, Protocol.TCP, from, to, 5);
      assertThat(top).hasSize(5);
      long max = count.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(top.get(0).probes()).isEqualTo(max);
      for (SourceCount s : top) {
        assertThat(s.probes()).isEqualTo(count.get(s.address()));
        assertThat(s.targets()).isEqualTo(targets.get(s.address()).size());
      }
      // Source activity of one address, per day.
      String address = top.get(0).address();
      long[] a = IpAddresses.parse(address);
      Map<Long, long[]> days = new HashMap<>();
      Map<Long, Set<String>> dayTargets = new HashMap<>();
      Map<Long, Set<Integer>> dayPorts = new HashMap<>();
      for (int i = 0; i < probes.size(); i++) {
        Probe p = probes.get(i);
        if (p.srcHi() == a[0] && p.srcLo() == a[1]) {
          long day = BucketSize.DAY.startOf(p.timeNanos());
          days.computeIfAbsent(day, d -> new long[1])[0]++;
          dayTargets.computeIfAbsent(day, d -> new HashSet<>()).add(p.destinationText());
          dayPorts
              .computeIfAbsent(day, d -> new HashSet<>())
              .add(p.dstPort() * 4 + p.protocol().ordinal());
        }
      }
      List<SourceDay> got = h.source(address);
      assertThat(got).hasSize(days.size());
      for (SourceDay d : got) {
        long day = d.day().getEpochSecond();
        assertThat(d.records()).isEqualTo(days.get(day)[0]);
        assertThat(d.targets()).isEqualTo(dayTargets.get(day).size());
        assertThat(d.ports()).isEqualTo(dayPorts.get(day).size());
        assertThat(d.sensors()).isSubsetOf("s", "t");
      }
    }
  }

  @Test
  void alerts_areSavedOncePerKindPortProtocolOnset_andUpdated() throws Exception {
    Instant onset = Instant.parse("2002-09-28T00:00:00Z");
    Alert first = alert(onset, onset, 100, Trend.RISING);
    Alert later = alert(onset, onset.plusSeconds(86_400 * 2), 300, Trend.STEADY);
    Alert other =
        alert(onset.plusSeconds(86_400 * 30), onset.plusSeconds(86_400 * 30), 5, Trend.OVER);
    try (History h = open()) {
      assertThat(h.saveAlerts(List.of(first))).isEqualTo(1);
      assertThat(h.saveAlerts(List.of(later, other))).isEqualTo(1);
      List<Alert> all = h.alerts(null, null);
      assertThat(all).containsExactly(later, other);
      assertThat(h.alerts(onset.plusSeconds(86_400 * 10), null)).containsExactly(other);
      assertThat(h.alerts(null, onset)).isEmpty();
    }
  }

  @Test
  void outbox_queuesEachNewAlertOncePerSink_andKeepsItPendingUntilDelivered() throws Exception {
    Instant onset = Instant.parse("2002-09-28T00:00:00Z");
    Alert first = alert(onset, onset, 100, Trend.RISING);
    Alert later = alert(onset, onset.plusSeconds(86_400 * 2), 300, Trend.STEADY);
    Alert other =
        alert(onset.plusSeconds(86_400 * 30), onset.plusSeconds(86_400 * 30), 5, Trend.OVER);
    List<String> sinks = List.of("webhook", "jsonl");
    StoreLocation location = freshLocation();
    Instant now;
    try (History h = History.open(location)) {
      assertThat(h.saveAlerts(List.of(first), sinks, a -> "v1 " + a.last())).containsExactly(first);
      // Found again (a surge that went on): not queued again; the new one is.
      assertThat(h.saveAlerts(List.of(later, other), sinks, a -> "v2 " + a.last()))
          .containsExactly(other);
      // Deliveries are due from the moment they were queued: read the clock after that, however
      // long the saves took on a loaded machine.
      now = Instant.now();
      List<Delivery> due = h.dueDeliveries(sinks, now.plusSeconds(1), 100);
      assertThat(due)
          .extracting(d -> d.sink() + " " + d.payload())
          .containsExactly(
              "webhook v1 " + first.last(),
              "jsonl v1 " + first.last(),
              "webhook v2 " + other.last(),
              "jsonl v2 " + other.last());
      assertThat(due.get(0).alertId()).isEqualTo("surge/137/udp/" + onset);
      assertThat(h.dueDeliveries(List.of("jsonl"), now.plusSeconds(1), 1))
          .extracting(Delivery::seq)
          .containsExactly(due.get(1).seq());
      assertThat(h.delivered(due.get(0), now)).isTrue();
      assertThat(h.delivered(due.get(0), now)).as("a second mark").isFalse();
      assertThat(h.deliveryFailed(due.get(2), "HTTP 503", now.plusSeconds(60))).isTrue();
    }
    // After a restart: what was pending still is, with its attempts and error.
    try (History h = History.open(location)) {
      List<Delivery> due = h.dueDeliveries(sinks, now.plusSeconds(1), 100);
      assertThat(due).extracting(Delivery::sink).containsExactly("jsonl", "jsonl");
      List<Delivery> later60 = h.dueDeliveries(List.of("webhook"), now.plusSeconds(61), 100);
      assertThat(later60).hasSize(1);
      assertThat(later60.get(0).attempts()).isEqualTo(1);
      assertThat(later60.get(0).lastError()).isEqualTo("HTTP 503");
      assertThat(h.deliveryCounts())
          .containsEntry("webhook delivered", 1L)
          .containsEntry("webhook pending", 1L)
          .containsEntry("jsonl pending", 2L);
    }
  }

  static Alert alert(Instant onset, Instant last, double sources, Trend trend) {
    return new Alert(
        "surge",
        "default",
        137,
        Protocol.UDP,
        onset,
        onset,
        last,
        42.5,
        new Counts(sources * 4, sources, sources * 3),
        new Counts(10, 2.5, 7),
        trend,
        List.of(new Explanation(Feature.NBNS_NAME, "*", 0.99, 0.42)),
        "137/udp: surge",
        Reach.UNKNOWN);
  }

  @Test
  void prune_deletesOldProbeChunks_andKeepsCounts() throws Exception {
    List<Probe> probes = TestProbes.random(new Random(19), 3_000, 24 * 10, 100);
    try (History h = History.open(freshLocation(), 3)) {
      store(h, "s", "a", probes);
      Instant end = TestProbes.START.plusSeconds(86_400 * 10);
      List<SourceCount> before = h.topSources(80, Protocol.TCP, TestProbes.START, end, 1000);
      // On day 10, keeping 3 days: days 7, 8, 9 stay.
      int deleted = h.prune(end);
      assertThat(deleted).isGreaterThan(0);
      List<SourceCount> after = h.topSources(80, Protocol.TCP, TestProbes.START, end, 1000);
      long probesBefore = before.stream().mapToLong(SourceCount::probes).sum();
      long probesAfter = after.stream().mapToLong(SourceCount::probes).sum();
      long kept =
          probes.stream()
              .filter(p -> p.dstPort() == 80 && p.protocol() == Protocol.TCP)
              .filter(p -> !p.time().isBefore(TestProbes.START.plusSeconds(86_400 * 7)))
              .count();
      assertThat(probesAfter).isEqualTo(kept).isLessThan(probesBefore);
      assertThat(h.prune(end)).isZero();
      assertThat(h.portActivity(PortQuery.all(BucketSize.HOUR)))
          .isEqualTo(expected(probes, BucketSize.HOUR, null));
    }
  }

  @Test
  void emptyStore_hasLatestSchema_andNothingInIt() throws Exception {
    try (History h = open()) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest());
      assertThat(h.portActivity(PortQuery.all(BucketSize.DAY))).isEmpty();
      assertThat(h.submissions()).isZero();
      assertThat(h.sensors()).isEmpty();
      assertThat(h.topPorts(null, null, 10)).isEmpty();
      assertThat(h.source("192.0.2.1")).isEmpty();
    }
  }

  @Test
  void emptySubmission_isStoredAndCountsOnce() throws Exception {
    try (History h = open()) {
      Receipt r = store(h, "s", "empty", List.of());
      assertThat(r.probes()).isZero();
      assertThat(store(h, "s", "empty", List.of()).duplicate()).isTrue();
      assertThat(h.submissions()).isEqualTo(1);
    }
  }

  static Probe probe(long timeNanos, int src, int dst, int port) {
    return new Probe(
        timeNanos,
        0,
        IpAddresses.v4Lo(0x0a00_0000 + src),
        40000,
        0,
        IpAddresses.v4Lo(0xc0a8_0000 + dst),
        port,
        Protocol.TCP,
        0x02,
        40,
        50,
        "",
        null);
  }

  static DistinctCounter unused() {
    return new DistinctCounter();
  }
}
