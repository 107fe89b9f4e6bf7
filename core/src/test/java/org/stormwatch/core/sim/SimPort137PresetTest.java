package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;
import org.stormwatch.core.nbns.NbnsFeatures;

/**
 * The 2002 story, read back from the written capture the way a user's would be: a quiet 137/udp
 * with a few legitimate lookups for four weeks, then from 2002-09-28 a surge of forged lookups.
 */
class SimPort137PresetTest {
  private static final Instant ONSET = Instant.parse("2002-09-28T00:00:00Z");

  @TempDir Path dir;

  @Test
  void surgeOfForgedLookupsOn137FromTheOnset() throws Exception {
    Scenario s = Scenario.preset("port137-2002", 7, 0.005);
    assertThat(s.start()).isEqualTo(Instant.parse("2002-08-25T00:00:00Z"));
    Path pcap = dir.resolve("2002.pcap");
    Truth truth = SimTesting.write(s, SimulationWriter.Format.PCAP, pcap);
    List<Probe> probes = SimTesting.read(pcap);

    long before = 0;
    long forgedBefore = 0;
    long after = 0;
    long forgedAfter = 0;
    for (Probe p : probes) {
      if (p.dstPort() != 137 || p.protocol() != Protocol.UDP) {
        continue;
      }
      assertThat(p.features()).isInstanceOf(NbnsFeatures.class);
      NbnsFeatures f = (NbnsFeatures) p.features();
      boolean forged = f.forged();
      if (p.time().isBefore(ONSET)) {
        before++;
        forgedBefore += forged ? 1 : 0;
        assertThat(p.srcPort()).isEqualTo(137);
        assertThat(f.broadcastFlag()).isFalse();
      } else {
        after++;
        forgedAfter += forged ? 1 : 0;
      }
    }
    // Four weeks of a few legitimate lookups a day, none forged.
    assertThat(before).isBetween(34L * 1, 34L * 8);
    assertThat(forgedBefore).isZero();
    // After the onset, nearly all are forged wildcard NBSTAT lookups from high ports.
    assertThat(after).isGreaterThan(20 * before);
    assertThat((double) forgedAfter / after).isGreaterThan(0.95);

    Truth.OutbreakTruth outbreak = truth.outbreaks().get(0);
    assertThat(outbreak.outbreak().onset()).isEqualTo(ONSET);
    assertThat(outbreak.firstProbe()).isAfterOrEqualTo(ONSET);
    // The sources a day grow: the last day sees many times the first day's, far above baseline.
    List<Truth.BucketTruth> nbns =
        truth.buckets().stream()
            .filter(b -> b.port() == 137 && b.protocol() == Protocol.UDP)
            .toList();
    Truth.BucketTruth onsetDay =
        nbns.stream().filter(b -> b.start().equals(ONSET)).findFirst().orElseThrow();
    Truth.BucketTruth last = nbns.get(nbns.size() - 1);
    assertThat(last.start()).isEqualTo(Instant.parse("2002-10-05T00:00:00Z"));
    assertThat(last.sources()).isGreaterThan(5 * onsetDay.sources()).isGreaterThan(100);
    assertThat(nbns.stream().filter(b -> b.start().isBefore(ONSET)))
        .allSatisfy(b -> assertThat(b.outbreak()).isFalse());
  }

  @Test
  void atScaleOneTheOutbreakReachesTensOfThousandsOfSourcesADay() {
    Outbreak o = Scenario.preset("port137-2002", 1, 1).outbreaks().get(0);
    assertThat(o.sourcesPerDay(3)).isBetween(30_000.0, 40_000.0);
    assertThat(o.sourcesPerDay(0)).isLessThan(1_000.0);
    assertThat(o.fingerprint()).isInstanceOf(Fingerprint.NbnsForgedLookup.class);
  }
}
