package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.Protocol;

/** The pieces of the model: curves, draws, addresses, validation, the random scenarios. */
class SimModelTest {
  @Test
  void growthCurvesStartAtOnePercentAndReachThePeak() {
    for (Growth g : Growth.values()) {
      assertThat(g.fraction(-0.1, 1)).as("%s", g).isZero();
      assertThat(g.fraction(0, 1)).as("%s", g).isEqualTo(g == Growth.STEP ? 1 : 0.01, within());
      assertThat(g.fraction(30, 1)).as("%s", g).isGreaterThan(0.99);
      double last = 0;
      for (double d = 0; d < 10; d += 0.25) {
        assertThat(g.fraction(d, 0.7)).as("%s at %s", g, d).isGreaterThanOrEqualTo(last);
        last = g.fraction(d, 0.7);
      }
    }
    assertThat(Growth.LOGISTIC.fraction(Math.log(99) / 2, 2)).isEqualTo(0.5, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void aliasTableDrawsInProportionToTheWeights() {
    double[] weights = {5, 0, 1, 3, 1};
    AliasTable table = new AliasTable(weights);
    SplittableRandom r = new SplittableRandom(1);
    int[] counts = new int[weights.length];
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      counts[table.next(r)]++;
    }
    for (int i = 0; i < weights.length; i++) {
      double expected = n * weights[i] / 10;
      assertThat((double) counts[i]).as("index %d", i).isBetween(expected - 1500, expected + 1500);
    }
    assertThat(counts[1]).isZero();
  }

  @Test
  void sourceNumbersMapToDistinctAddressesIn64Slash3() {
    SourceAddresses a = new SourceAddresses(42);
    Set<Integer> seen = new HashSet<>();
    for (long n = 0; n < 300_000; n++) {
      int address = a.address(n);
      assertThat(address >>> 29).isEqualTo(2);
      assertThat(seen.add(address)).as("number %d", n).isTrue();
    }
    assertThatThrownBy(() -> a.address(SourceAddresses.CAPACITY))
        .hasMessageContaining("distinct sources");
  }

  @Test
  void badValuesAreRejectedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> Scenario.preset("port138", 1, 1))
        .hasMessageContaining("port138")
        .hasMessageContaining("port137-2002");
    assertThatThrownBy(() -> Scenario.preset("background", 1, 0)).hasMessageContaining("scale");
    Scenario s = Scenario.preset("background", 1, 0.01);
    assertThatThrownBy(
            () ->
                new Scenario(
                    "x",
                    1,
                    1,
                    Instant.parse("2024-01-01T01:00:00Z"),
                    3,
                    s.background(),
                    s.outbreaks()))
        .hasMessageContaining("midnight");
    assertThatThrownBy(() -> s.withDays(0)).hasMessageContaining("days");
    assertThatThrownBy(
            () ->
                new Outbreak(
                    445,
                    Protocol.TCP,
                    Instant.EPOCH,
                    Growth.STEP,
                    1,
                    10,
                    2,
                    new Fingerprint.NbnsForgedLookup()))
        .hasMessageContaining("needs udp");
    assertThatThrownBy(() -> new Fingerprint.TcpSyn(100, 120, 42, 1024)).hasMessageContaining("42");
  }

  @Test
  void randomScenariosVaryOverTwoHundredSeeds() {
    Set<Protocol> protocols = new HashSet<>();
    Set<Growth> growths = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    int none = 0;
    int onQuiet = 0;
    int onBusy = 0;
    for (long seed = 0; seed < 200; seed++) {
      Scenario s = Scenario.random(seed);
      assertThat(Scenario.random(seed)).as("seed %d", seed).isEqualTo(s);
      if (s.outbreaks().isEmpty()) {
        none++;
      }
      for (Outbreak o : s.outbreaks()) {
        protocols.add(o.protocol());
        growths.add(o.growth());
        kinds.add(o.fingerprint().kind());
        onQuiet += s.background().quietPorts().contains(o.servicePort()) ? 1 : 0;
        onBusy += s.background().busyPorts().contains(o.servicePort()) ? 1 : 0;
        assertThat(o.onset()).as("seed %d", seed).isAfter(s.start().plusSeconds(14 * 86_400L - 1));
        assertThat(o.onset()).as("seed %d", seed).isBefore(s.end().minusSeconds(2 * 86_400L));
      }
    }
    assertThat(protocols).containsExactlyInAnyOrder(Protocol.TCP, Protocol.UDP);
    assertThat(growths).containsExactlyInAnyOrder(Growth.values());
    assertThat(kinds).containsExactlyInAnyOrder("tcp-syn", "udp-datagram", "nbns-forged-lookup");
    assertThat(none).isBetween(5, 40);
    assertThat(onQuiet).isGreaterThan(20);
    assertThat(onBusy).isGreaterThan(20);
  }
}
