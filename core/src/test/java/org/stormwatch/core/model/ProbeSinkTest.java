package org.stormwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbeSinkTest {
  /** A sink that only takes probes gets, from fields, the probe those fields make. */
  @Test
  void fieldsReachAPlainSinkAsTheProbeTheyMake() {
    SplittableRandom r = new SplittableRandom(7);
    Protocol[] protocols = Protocol.values();
    List<Probe> expected = new ArrayList<>();
    List<Probe> got = new ArrayList<>();
    ProbeSink sink = got::add;
    for (int i = 0; i < 1000; i++) {
      Probe p =
          new Probe(
              r.nextLong(),
              r.nextBoolean() ? 0 : r.nextLong(),
              r.nextLong(),
              r.nextInt(65_536),
              r.nextLong(),
              r.nextLong(),
              r.nextInt(65_536),
              protocols[r.nextInt(protocols.length)],
              r.nextInt(257) - 1,
              r.nextInt(0xffff + 42) - 1,
              r.nextInt(257) - 1,
              "",
              null);
      expected.add(p);
      sink.acceptFields(
          p.timeNanos(),
          p.srcHi(),
          p.srcLo(),
          p.srcPort(),
          p.dstHi(),
          p.dstLo(),
          p.dstPort(),
          p.protocol(),
          p.tcpFlags(),
          p.ipLength(),
          p.ttl());
    }
    assertThat(got).isEqualTo(expected);
  }
}
