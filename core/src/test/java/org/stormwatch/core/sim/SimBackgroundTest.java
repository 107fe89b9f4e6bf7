package org.stormwatch.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** The background's shape: cycles, quiet ports, heavy hitters, bounded targets. */
class SimBackgroundTest {
  @Test
  void diurnalAndWeeklyCyclesShowInTheCounts() {
    Scenario s = SimTesting.withoutHeavyHitters(Scenario.preset("background", 3, 0.02));
    long[] byHour = new long[24];
    long weekdays = 0;
    long weekends = 0;
    for (SimulatedProbe sp : new ScenarioGenerator(s).toList()) {
      var t = sp.probe().time().atOffset(ZoneOffset.UTC);
      byHour[t.getHour()]++;
      if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
        weekends++;
      } else {
        weekdays++;
      }
    }
    // Peak at 15:00 UTC with amplitude 0.5: the six hours around the peak against the six around
    // the trough (03:00) are (1 + 0.5 * 0.87) / (1 - 0.5 * 0.87), about 2.5.
    long peak = 0;
    long trough = 0;
    for (int h = 12; h < 18; h++) {
      peak += byHour[h];
      trough += byHour[(h + 12) % 24];
    }
    assertThat((double) peak / trough).isBetween(2.2, 2.9);
    // Weekend days at 0.8 of a weekday: 12 weekend days, 30 weekdays in six weeks.
    assertThat((weekends / 12.0) / (weekdays / 30.0)).isBetween(0.74, 0.86);
  }

  @Test
  void quietPortsSeeAboutOneProbeAWeekWhateverTheScale() {
    for (double scale : new double[] {0.005, 0.05}) {
      Scenario s = Scenario.preset("background", 4, scale);
      Set<ServicePort> quiet = new HashSet<>(s.background().quietPorts());
      Map<ServicePort, Integer> counts = new HashMap<>();
      new ScenarioGenerator(s)
          .generate(
              sp -> {
                ServicePort port = new ServicePort(sp.probe().dstPort(), sp.probe().protocol());
                if (quiet.contains(port)) {
                  counts.merge(port, 1, Integer::sum);
                }
              });
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      // 20 ports, 6 weeks, 1 a week: 120 expected, Poisson sd 11.
      assertThat(total).as("scale %s", scale).isBetween(85, 160);
      assertThat(counts.values())
          .as("scale %s", scale)
          .allSatisfy(c -> assertThat(c).isLessThan(20));
    }
  }

  @Test
  void heavyHittersSweepManyTargetsOrScanManyPortsOfOne() {
    Scenario s = Scenario.preset("background", 5, 0.05);
    Map<Long, Set<Long>> targetsBySourceAndPort = new HashMap<>();
    Map<Long, Set<Integer>> portsBySourceAndTarget = new HashMap<>();
    long network = s.background().sensorNetwork() & 0xffff_ffffL;
    long size = s.background().sensorSize();
    new ScenarioGenerator(s)
        .generate(
            sp -> {
              Probe p = sp.probe();
              long src = IpAddresses.v4(p.srcLo());
              long dst = IpAddresses.v4(p.dstLo());
              assertThat(dst - network).isBetween(0L, size - 1);
              assertThat(dst & 0xff).isNotIn(0L, 255L);
              targetsBySourceAndPort
                  .computeIfAbsent(src << 16 | p.dstPort(), k -> new HashSet<>())
                  .add(dst);
              portsBySourceAndTarget
                  .computeIfAbsent(src << 32 | dst, k -> new HashSet<>())
                  .add(p.dstPort());
            });
    long sweeps = targetsBySourceAndPort.values().stream().filter(t -> t.size() >= 100).count();
    long vertical = portsBySourceAndTarget.values().stream().filter(t -> t.size() >= 50).count();
    assertThat(sweeps).isGreaterThanOrEqualTo(3);
    assertThat(vertical).isGreaterThanOrEqualTo(1);
  }

  @Test
  void probesComeInTimeOrderWithinTheScenario() {
    Scenario s = Scenario.random(21, 0.01);
    long start = s.start().getEpochSecond() * 1_000_000_000L;
    long end = s.end().getEpochSecond() * 1_000_000_000L;
    List<SimulatedProbe> probes = new ScenarioGenerator(s).toList();
    long last = start;
    for (SimulatedProbe sp : probes) {
      long t = sp.probe().timeNanos();
      assertThat(t).isGreaterThanOrEqualTo(last).isLessThan(end);
      assertThat(t % 1000).isZero();
      last = t;
      if (sp.probe().protocol() == Protocol.TCP) {
        assertThat(sp.probe().tcpFlags()).isEqualTo(0x02);
      }
    }
  }
}
