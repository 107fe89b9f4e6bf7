package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class TargetMaskTest {
  private static Probe to(String dst) {
    return Probe.of(
        0, IpAddresses.parse("198.18.0.1"), 1025, IpAddresses.parse(dst), 137, Protocol.UDP);
  }

  @Test
  void targetsInsideANetwork_loseTheirHostBits() {
    TargetMask m = TargetMask.of(List.of("192.0.2.0/24", "10.0.0.0/8", "2001:db8::/32"));
    assertThat(m.apply(to("192.0.2.77")).destinationText()).isEqualTo("192.0.2.0");
    assertThat(m.apply(to("10.200.3.4")).destinationText()).isEqualTo("10.0.0.0");
    assertThat(m.apply(to("2001:db8:1:2::5")).destinationText()).isEqualTo("2001:db8::");
    assertThat(m.apply(to("192.0.3.77")).destinationText()).isEqualTo("192.0.3.77");
    Probe p = to("192.0.2.77");
    assertThat(m.apply(p).sourceText()).isEqualTo("198.18.0.1");
    assertThat(m.apply(p).srcPort()).isEqualTo(1025);
  }

  @Test
  void edgePrefixes() {
    assertThat(TargetMask.of(List.of("0.0.0.0/0")).apply(to("8.8.8.8")).destinationText())
        .isEqualTo("0.0.0.0");
    assertThat(TargetMask.of(List.of("8.8.8.8/32")).apply(to("8.8.8.8")).destinationText())
        .isEqualTo("8.8.8.8");
    assertThat(TargetMask.of(List.of("192.0.2.128/25")).apply(to("192.0.2.200")).destinationText())
        .isEqualTo("192.0.2.128");
  }

  @Test
  void badNetworks_areRefusedByName() {
    assertThatThrownBy(() -> TargetMask.of(List.of("192.0.2.0")))
        .hasMessageContaining("'192.0.2.0'");
    assertThatThrownBy(() -> TargetMask.of(List.of("192.0.2.0/33"))).hasMessageContaining("0..32");
    assertThatThrownBy(() -> TargetMask.of(List.of("host/8")))
        .hasMessageContaining("not an IP address");
  }
}
