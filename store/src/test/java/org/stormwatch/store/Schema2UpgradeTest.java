package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.core.detect.DetectionMethod;
import org.stormwatch.core.detect.DetectionSettings;
import org.stormwatch.core.detect.Detector;
import org.stormwatch.core.detect.FeatureAggregator;
import org.stormwatch.core.detect.FeatureHistograms;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/**
 * A DuckDB database written by the code before schema 3 (main at 7fa1385: {@code stormwatch
 * simulate --preset port137-2002 --seed 3 --scale 0.001 --days 2}, 395 probes, then {@code
 * stormwatch ingest} of that capture) opens, upgrades in place and keeps its counts; its hours have
 * no fingerprint sets, so series reaching back to them run without the alarm, and hours stored
 * after the upgrade have them.
 */
class Schema2UpgradeTest {
  @TempDir Path tmp;

  @Test
  void databaseOfSchema2_upgradesInPlace_andKeepsItsCounts() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    try (InputStream in =
        new GZIPInputStream(getClass().getResourceAsStream("/schema2/history.duckdb.gz"))) {
      Files.copy(in, data.resolve(StoreLocation.DATABASE_FILE));
    }
    StoreLocation location = StoreLocation.directory(data);
    List<PortActivity> before;
    try (History h = History.open(location)) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest()).isEqualTo(3);
      before = h.portActivity(PortQuery.all(BucketSize.DAY));
      assertThat(before.stream().mapToLong(PortActivity::records).sum()).isEqualTo(RECORDS);
      Instant first = before.get(0).start();
      FeatureHistograms features = h.features(BucketSize.DAY);
      assertThat(features.fingerprintSources(137, Protocol.UDP, first)).isNull();
      // Detection still runs on it, without the fingerprint alarm.
      assertThat(
              Detector.run(
                      before,
                      BucketSize.DAY,
                      features,
                      DetectionMethod.DEFAULT,
                      DetectionSettings.forBucket(BucketSize.DAY))
                  .alerts())
          .isNotNull();

      // New hours, stored after the upgrade, have their sets.
      Instant after = before.get(before.size() - 1).start().plusSeconds(2 * 86_400);
      long shift = (after.getEpochSecond() - TestProbes.START.getEpochSecond()) * 1_000_000_000L;
      List<Probe> later = new ArrayList<>();
      TestProbes.random(new Random(9), 1_000, 24, 50)
          .forEach(p -> later.add(p.withTime(p.timeNanos() + shift)));
      Batch b = h.begin("s", "after-the-upgrade");
      later.forEach(b::accept);
      b.commit(new org.stormwatch.core.input.ReadStats());
      FeatureAggregator want = new FeatureAggregator(BucketSize.DAY);
      later.forEach(want::accept);
      assertThat(
              HistoryContract.sameWhereNoKindOverflows(
                  want.fingerprintSources(80, Protocol.TCP, after).counts(),
                  h.features(BucketSize.DAY).fingerprintSources(80, Protocol.TCP, after).counts(),
                  "after the upgrade"))
          .isPositive();
    }
    try (History h = History.open(location)) {
      assertThat(h.schemaVersion()).isEqualTo(3);
      List<PortActivity> now = h.portActivity(PortQuery.all(BucketSize.DAY));
      assertThat(now).containsAll(before);
    }
  }

  private static final long RECORDS = 395;
}
