package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NbnsQueriesTest {
  @Test
  void wildcardNodeStatusDecodesWithTheBroadcastFlagAsked() {
    byte[] q = NbnsQueries.wildcardNodeStatus(0xbeef, true);
    NbnsDecodeResult r = NbnsDecoder.decode(q, 0, q.length);
    assertThat(r).isInstanceOf(NbnsDecodeResult.Decoded.class);
    NbnsMessage m = ((NbnsDecodeResult.Decoded) r).message();
    assertThat(m.wildcardNodeStatusQuery()).isTrue();
    assertThat(r.header().broadcast()).isTrue();
    assertThat(r.header().response()).isFalse();
    assertThat(q).hasSize(50);
    assertThat(((q[0] & 0xff) << 8) | (q[1] & 0xff)).isEqualTo(0xbeef);
  }

  @Test
  void nameQueryCarriesTheNameAndNoBroadcastFlag() {
    byte[] q = NbnsQueries.nameQuery(7, false, "fileserver", 0x20);
    NbnsDecodeResult r = NbnsDecoder.decode(q, 0, q.length);
    NbnsMessage m = ((NbnsDecodeResult.Decoded) r).message();
    assertThat(r.header().broadcast()).isFalse();
    assertThat(m.firstQuestion().type()).isEqualTo(0x20);
    assertThat(m.firstQuestion().name().suffix()).isEqualTo(0x20);
    assertThat(m.firstQuestion().name().toString()).startsWith("FILESERVER");
    assertThat(m.wildcardNodeStatusQuery()).isFalse();
  }
}
