package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;

/**
 * Outbreaks come from NEW sources, each sending a few probes, all after the onset and with the
 * fingerprint: what separates an outbreak from one loud scanner.
 */
class SimOutbreakTest {
  static LongStream seeds() {
    return LongStream.range(30, 50);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void outbreakProbesComeFromNewSourcesAfterOnsetWithTheFingerprint(long seed) {
    Scenario s = Scenario.random(seed, 0.003);
    Set<Long> background = new HashSet<>();
    Map<Long, Integer> outbreakProbes = new HashMap<>();
    Map<Long, Integer> outbreakOf = new HashMap<>();
    new ScenarioGenerator(s)
        .generate(
            sp -> {
              Probe p = sp.probe();
              long src = IpAddresses.v4(p.srcLo());
              if (!sp.fromOutbreak()) {
                background.add(src);
                return;
              }
              Outbreak o = s.outbreaks().get(sp.outbreak());
              assertThat(p.time()).as("seed %d", seed).isAfterOrEqualTo(o.onset());
              assertThat(p.dstPort()).as("seed %d", seed).isEqualTo(o.port());
              assertThat(p.protocol()).as("seed %d", seed).isEqualTo(o.protocol());
              checkFingerprint(seed, o.fingerprint(), sp);
              outbreakProbes.merge(src, 1, Integer::sum);
              Integer before = outbreakOf.putIfAbsent(src, sp.outbreak());
              assertThat(before == null || before == sp.outbreak()).as("seed %d", seed).isTrue();
            });
    assertThat(outbreakProbes.keySet())
        .as("seed %d: new sources", seed)
        .doesNotContainAnyElementsOf(background);
    for (Map.Entry<Long, Integer> e : outbreakProbes.entrySet()) {
      int k = s.outbreaks().get(outbreakOf.get(e.getKey())).targetsPerSource();
      assertThat(e.getValue()).as("seed %d: probes of one source", seed).isBetween(1, 2 * k - 1);
    }
  }

  private static void checkFingerprint(long seed, Fingerprint f, SimulatedProbe sp) {
    Probe p = sp.probe();
    if (f instanceof Fingerprint.TcpSyn syn) {
      assertThat(p.ttl()).as("seed %d", seed).isBetween(syn.ttlLow(), syn.ttlHigh());
      assertThat(p.ipLength()).as("seed %d", seed).isEqualTo(syn.ipLength());
      assertThat(sp.tcpWindow()).as("seed %d", seed).isEqualTo(syn.window());
      assertThat(p.tcpFlags()).as("seed %d", seed).isEqualTo(0x02);
    } else if (f instanceof Fingerprint.UdpDatagram udp) {
      assertThat(p.ttl()).as("seed %d", seed).isBetween(udp.ttlLow(), udp.ttlHigh());
      assertThat(sp.payload()).as("seed %d", seed).hasSize(udp.payloadLength());
    } else {
      assertThat(p.srcPort()).as("seed %d", seed).isBetween(1025, 5000);
      assertThat(((org.stormwatch.core.nbns.NbnsFeatures) p.features()).forged())
          .as("seed %d", seed)
          .isTrue();
    }
  }
}
