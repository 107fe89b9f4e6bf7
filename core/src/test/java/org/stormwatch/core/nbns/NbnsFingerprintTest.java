package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.nbns.NbnsBytes.cat;
import static org.stormwatch.core.nbns.NbnsBytes.header;
import static org.stormwatch.core.nbns.NbnsBytes.hex;
import static org.stormwatch.core.nbns.NbnsBytes.name;

import org.junit.jupiter.api.Test;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Protocol;

class NbnsFingerprintTest {
  private static final long[] UNICAST = IpAddresses.parse("192.168.1.25");
  private static final long[] SUBNET_BROADCAST = IpAddresses.parse("10.255.255.255");
  private static final long[] ALL_ONES = IpAddresses.parse("255.255.255.255");

  private static NbnsFeatures udp(byte[] payload, int srcPort, long[] dst) {
    return NbnsFingerprint.ofUdpPayload(payload, 0, payload.length, srcPort, dst[0], dst[1], 137);
  }

  @Test
  void broadcastFlagOnUnicastRequestFromHighPortIsForged() {
    // X-Scan, frame 2605 of scan_nbns_evilfingers_xscan.pcap: B flag, unicast, source port 12406.
    NbnsFeatures f = udp(NbnsDecoderTest.WILDCARD_NBSTAT_QUERY, 12406, UNICAST);
    assertThat(f.forged()).isTrue();
    assertThat(f.fromPayload()).isTrue();
    assertThat(f.broadcastFlag()).isTrue();
    assertThat(f.highSourcePort()).isTrue();
    assertThat(f.broadcastDestination()).isFalse();
    assertThat(f.wildcardNodeStatus()).isTrue();
    assertThat(f.questionType()).isEqualTo(NbnsTypes.NBSTAT);
    assertThat(f.opcode()).isZero();
    assertThat(f.firstName())
        .isEqualTo("*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    assertThat(f.reasons())
        .containsExactly(
            NbnsFeatures.BROADCAST_FLAG_ON_UNICAST,
            NbnsFeatures.HIGH_SOURCE_PORT,
            NbnsFeatures.WILDCARD_NBSTAT,
            NbnsFeatures.FORGED);
  }

  @Test
  void windowsBroadcastFromHighPortToSubnetBroadcastIsNotForged() {
    // As in scan_nbns_forensicscontest_evidence04.pcap: 10.42.42.25 to 10.255.255.255.
    for (long[] dst : new long[][] {SUBNET_BROADCAST, ALL_ONES}) {
      NbnsFeatures f = udp(NbnsDecoderTest.BROADCAST_QUERY, 1035, dst);
      assertThat(f.forged()).isFalse();
      assertThat(f.broadcastDestination()).isTrue();
      assertThat(f.reasons()).containsExactly(NbnsFeatures.HIGH_SOURCE_PORT);
    }
  }

  @Test
  void broadcastFlagOnUnicastFromPort137IsAFeatureNotAVerdict() {
    NbnsFeatures f = udp(NbnsDecoderTest.BROADCAST_QUERY, 137, UNICAST);
    assertThat(f.forged()).isFalse();
    assertThat(f.reasons()).containsExactly(NbnsFeatures.BROADCAST_FLAG_ON_UNICAST);
  }

  @Test
  void ordinaryUnicastLookupFrom137HasNoReasons() {
    NbnsFeatures f = udp(NbnsDecoderTest.UNICAST_QUERY, 137, UNICAST);
    assertThat(f.reasons()).isEmpty();
    assertThat(f.forged() || f.broadcastFlag() || f.highSourcePort()).isFalse();
    assertThat(f.firstName()).isEqualTo("TEST<20>");
    assertThat(f.questionType()).isEqualTo(NbnsTypes.NB);
  }

  @Test
  void responsesGetNoReasons() {
    byte[] response = cat(header(1, 0x8510, 0, 0, 0, 0)); // a response with the B flag
    NbnsFeatures f = udp(response, 40000, UNICAST);
    assertThat(f.response()).isTrue();
    assertThat(f.reasons()).isEmpty();
    assertThat(f.forged()).isFalse();
  }

  @Test
  void overTcpAHighSourcePortIsNormalAndNothingIsForged() {
    byte[] m = NbnsDecoderTest.WILDCARD_NBSTAT_QUERY;
    NbnsFeatures f =
        NbnsFingerprint.of(
            NbnsDecoder.decode(m, 0, m.length), Protocol.TCP, 50000, UNICAST[0], UNICAST[1], 137);
    assertThat(f.forged()).isFalse();
    assertThat(f.highSourcePort()).isTrue();
    assertThat(f.reasons())
        .containsExactly(NbnsFeatures.BROADCAST_FLAG_ON_UNICAST, NbnsFeatures.WILDCARD_NBSTAT);
  }

  @Test
  void malformedPayloadKeepsWhatItShowsAndSaysWhy() {
    byte[] cut = cat(header(5, 0x0010, 1, 0, 0, 0), hex("2043"));
    NbnsFeatures f = udp(cut, 4000, UNICAST);
    assertThat(f.malformed()).isEqualTo("truncated question");
    assertThat(f.forged()).isTrue();
    assertThat(f.firstName()).isNull();
    assertThat(f.reasons()).contains(NbnsFeatures.MALFORMED_PREFIX + "truncated question");
    NbnsFeatures tiny = udp(new byte[3], 4000, UNICAST);
    assertThat(tiny.opcode()).isEqualTo(-1);
    assertThat(tiny.forged()).isFalse();
    assertThat(tiny.malformed()).isEqualTo("truncated header");
  }

  @Test
  void nodeStatusOfAnotherNameIsNoWildcard() {
    byte[] m = cat(header(9, 0x0000, 1, 0, 0, 0), name("XYKON-2", 0), hex("0021 0001"));
    NbnsFeatures f = udp(m, 137, UNICAST);
    assertThat(f.wildcardNodeStatus()).isFalse();
    assertThat(f.questionType()).isEqualTo(NbnsTypes.NBSTAT);
  }

  @Test
  void udpLength58ToPort137IsAProbableWildcardNbstatFromTheLengthOnly() {
    NbnsFeatures f =
        NbnsFingerprint.ofLengths(Protocol.UDP, 1028, UNICAST[0], UNICAST[1], 137, 58, 78);
    assertThat(f.fromPayload()).isFalse();
    assertThat(f.probableWildcardNodeStatus()).isTrue();
    assertThat(f.wildcardNodeStatus()).isFalse();
    assertThat(f.forged()).isFalse();
    assertThat(f.reasons())
        .containsExactly(NbnsFeatures.HIGH_SOURCE_PORT, NbnsFeatures.PROBABLE_WILDCARD_NBSTAT);
    NbnsFeatures ipOnly =
        NbnsFingerprint.ofLengths(Protocol.UDP, 137, UNICAST[0], UNICAST[1], 137, -1, 78);
    assertThat(ipOnly.probableWildcardNodeStatus()).isTrue();
    assertThat(ipOnly.reasons()).containsExactly(NbnsFeatures.PROBABLE_WILDCARD_NBSTAT);
    NbnsFeatures other =
        NbnsFingerprint.ofLengths(Protocol.UDP, 137, UNICAST[0], UNICAST[1], 137, 76, 96);
    assertThat(other.probableWildcardNodeStatus()).isFalse();
    assertThat(other.reasons()).isEmpty();
    assertThat(NbnsFingerprint.ofLengths(Protocol.TCP, 1028, 0, 0, 137, -1, 78)).isNull();
    assertThat(NbnsFingerprint.ofLengths(Protocol.UDP, 1028, 0, 0, 138, 58, 78)).isNull();
  }

  @Test
  void broadcastAddressesAreAllOnesOrEndIn255AndNeverIpv6() {
    assertThat(NbnsFingerprint.isBroadcastAddress(ALL_ONES[0], ALL_ONES[1])).isTrue();
    long[] dot255 = IpAddresses.parse("192.168.7.255");
    assertThat(NbnsFingerprint.isBroadcastAddress(dot255[0], dot255[1])).isTrue();
    long[] dot254 = IpAddresses.parse("192.168.7.254");
    assertThat(NbnsFingerprint.isBroadcastAddress(dot254[0], dot254[1])).isFalse();
    long[] v6 = IpAddresses.parse("ff02::ff");
    assertThat(NbnsFingerprint.isBroadcastAddress(v6[0], v6[1])).isFalse();
  }
}
