package org.stormwatch.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stormwatch.core.capture.Bytes;
import org.stormwatch.core.model.IpAddresses;

class PacketDecoderTest {
  private static final String MACS = "001122334455 66778899aabb"; // destination, source

  /** 20-byte IPv4 header, 192.0.2.1 -> 198.51.100.200, no options, DF. */
  private static Bytes ipv4(Bytes b, int protocol, int payloadLength) {
    return b.u8(0x45) // version 4, header length 5 words
        .u8(0) // DSCP, ECN
        .u16(20 + payloadLength) // total length
        .u16(0x1234) // identification
        .u16(0x4000) // flags: DF, fragment offset 0
        .u8(255) // TTL, all bits set
        .u8(protocol) // protocol
        .u16(0) // header checksum (not checked)
        .hex("c0000201") // source 192.0.2.1
        .hex("c63364c8"); // destination 198.51.100.200 (high bit set)
  }

  /** 20-byte TCP header. */
  private static Bytes tcp(Bytes b, int srcPort, int dstPort, int flags) {
    return b.u16(srcPort) // source port
        .u16(dstPort) // destination port
        .u32(0x8000_0001L) // sequence number
        .u32(0) // acknowledgment number
        .u8(0x50) // data offset 5 words
        .u8(flags) // flags
        .u16(0xffff) // window
        .u16(0) // checksum
        .u16(0); // urgent pointer
  }

  /** 8-byte UDP header. */
  private static Bytes udp(Bytes b, int srcPort, int dstPort, int length) {
    return b.u16(srcPort).u16(dstPort).u16(length).u16(0); // ports, length, checksum
  }

  /** Ethernet, IPv4, TCP SYN 50000 -> 32768. */
  private static byte[] ethernetIpv4TcpSyn() {
    Bytes b = Bytes.be().hex(MACS).u16(0x0800); // EtherType IPv4
    ipv4(b, 6, 20);
    return tcp(b, 50_000, 32_768, 0x02).toArray();
  }

  private static final long SRC_V4 = IpAddresses.v4Lo(0xc0000201);
  private static final long DST_V4 = IpAddresses.v4Lo(0xc63364c8);

  private static DecodedPacket decoded;

  private static DecodeOutcome decode(int linkType, byte[] b) {
    decoded = new DecodedPacket();
    return PacketDecoder.decode(linkType, b, 0, b.length, decoded);
  }

  @Test
  void ethernetIpv4TcpSyn_decodesAddressesPortsFlagsTtlAndLength() {
    assertThat(decode(LinkTypes.ETHERNET, ethernetIpv4TcpSyn())).isEqualTo(DecodeOutcome.TCP);
    assertThat(decoded.ipVersion).isEqualTo(4);
    assertThat(decoded.srcHi).isZero();
    assertThat(decoded.srcLo).isEqualTo(SRC_V4);
    assertThat(decoded.dstLo).isEqualTo(DST_V4);
    assertThat(IpAddresses.format(decoded.dstHi, decoded.dstLo)).isEqualTo("198.51.100.200");
    assertThat(decoded.srcPort).isEqualTo(50_000);
    assertThat(decoded.dstPort).isEqualTo(32_768);
    assertThat(decoded.tcpFlags).isEqualTo(0x02);
    assertThat(decoded.ttl).isEqualTo(255);
    assertThat(decoded.ipLength).isEqualTo(40);
    assertThat(decoded.protocol).isEqualTo(6);
    assertThat(decoded.payloadLength).isZero();
  }

  @Test
  void packetAtAnOffsetInTheArray_isDecodedInPlace() {
    byte[] frame = ethernetIpv4TcpSyn();
    byte[] buffer = Bytes.concat(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, frame);
    DecodedPacket p = new DecodedPacket();
    assertThat(PacketDecoder.decode(LinkTypes.ETHERNET, buffer, 3, frame.length, p))
        .isEqualTo(DecodeOutcome.TCP);
    assertThat(p.dstPort).isEqualTo(32_768);
  }

  @ParameterizedTest(name = "{0} of 54 bytes: {1}")
  @CsvSource({
    "0, TRUNCATED_LINK_HEADER",
    "13, TRUNCATED_LINK_HEADER",
    "14, TRUNCATED_IP_HEADER",
    "33, TRUNCATED_IP_HEADER",
    "34, TRUNCATED_TRANSPORT_HEADER",
    "47, TRUNCATED_TRANSPORT_HEADER",
    "48, TCP",
    "54, TCP"
  })
  void cutShortFrame_isTruncatedAtTheLayerItEndsIn(int length, DecodeOutcome expected) {
    DecodedPacket p = new DecodedPacket();
    assertThat(PacketDecoder.decode(LinkTypes.ETHERNET, ethernetIpv4TcpSyn(), 0, length, p))
        .isEqualTo(expected);
    assertThat(expected.malformed()).isEqualTo(length < 48);
  }

  @Test
  void ipv4Options_areSkippedToReachTheTransportHeader() {
    Bytes b = Bytes.be().hex(MACS).u16(0x0800);
    b.u8(0x46) // version 4, header length 6 words
        .u8(0) // DSCP, ECN
        .u16(24 + 8) // total length
        .u16(1) // identification
        .u16(0) // flags, offset
        .u8(64) // TTL
        .u8(17) // protocol UDP
        .u16(0) // checksum
        .hex("0a000001") // source 10.0.0.1
        .hex("0a000002") // destination 10.0.0.2
        .hex("94040000"); // option: router alert
    udp(b, 53, 65_535, 8);
    assertThat(decode(LinkTypes.ETHERNET, b.toArray())).isEqualTo(DecodeOutcome.UDP);
    assertThat(decoded.srcPort).isEqualTo(53);
    assertThat(decoded.dstPort).isEqualTo(65_535);
    assertThat(decoded.udpLength).isEqualTo(8);
  }

  @Test
  void firstFragment_hasPorts() {
    Bytes b = Bytes.be();
    b.u8(0x45)
        .u8(0)
        .u16(28)
        .u16(7) // version/IHL, DSCP, total length, id
        .u16(0x2000) // flags: more fragments, offset 0
        .u8(64)
        .u8(17)
        .u16(0) // TTL, protocol UDP, checksum
        .hex("0a000001 0a000002"); // addresses
    udp(b, 1900, 1900, 1000); // the UDP length counts all fragments
    assertThat(decode(LinkTypes.RAW, b.toArray())).isEqualTo(DecodeOutcome.UDP);
    assertThat(decoded.dstPort).isEqualTo(1900);
    assertThat(decoded.udpLength).isEqualTo(1000);
    assertThat(decoded.payloadLength).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0001, 0x00b9, 0x2001, 0x1fff})
  void nonFirstFragment_hasNoPorts(int flagsAndOffset) {
    Bytes b = Bytes.be();
    b.u8(0x45)
        .u8(0)
        .u16(28)
        .u16(7) // version/IHL, DSCP, total length, id
        .u16(flagsAndOffset) // fragment offset not 0
        .u8(64)
        .u8(6)
        .u16(0) // TTL, protocol TCP, checksum
        .hex("0a000001 0a000002") // addresses
        .hex("0050 1f90 0000 0000"); // bytes that would be TCP ports if read
    assertThat(decode(LinkTypes.IPV4, b.toArray())).isEqualTo(DecodeOutcome.NON_FIRST_FRAGMENT);
    assertThat(decoded.srcLo).isEqualTo(IpAddresses.v4Lo(0x0a000001));
    assertThat(decoded.srcPort).isZero();
    assertThat(DecodeOutcome.NON_FIRST_FRAGMENT.malformed()).isFalse();
  }

  @Test
  void ipv4TotalLengthShorterThanTheCapture_dropsEthernetPadding() {
    Bytes b = Bytes.be().hex(MACS).u16(0x0800);
    ipv4(b, 17, 8 + 2);
    udp(b, 1, 2, 0xffff); // UDP length with every bit set: longer than the datagram
    b.hex("abcd").zeros(16); // 2 payload bytes, then Ethernet padding
    assertThat(decode(LinkTypes.ETHERNET, b.toArray())).isEqualTo(DecodeOutcome.UDP);
    assertThat(decoded.udpLength).isEqualTo(0xffff);
    assertThat(decoded.payloadLength).isEqualTo(2);
    assertThat(decoded.ipLength).isEqualTo(30);
  }

  @Test
  void ipv4TotalLengthZero_isTakenFromTheCapture() {
    Bytes b = Bytes.be();
    ipv4(b, 6, 20);
    tcp(b, 1, 2, 0x12);
    byte[] packet = b.toArray();
    packet[2] = 0; // total length 0 (segmentation offload)
    packet[3] = 0;
    assertThat(decode(LinkTypes.RAW, packet)).isEqualTo(DecodeOutcome.TCP);
    assertThat(decoded.ipLength).isEqualTo(40);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "header length 4 words, 0, 0x44",
    "version 6 in an IPv4 header, 0, 0x65",
    "total length below the header, 3, 0x13",
  })
  void contradictoryIpv4Header_isCorrupt(String what, int index, int value) {
    Bytes b = Bytes.be();
    ipv4(b, 6, 20);
    byte[] packet = tcp(b, 1, 2, 2).toArray();
    packet[index] = (byte) value;
    assertThat(decode(LinkTypes.IPV4, packet)).isEqualTo(DecodeOutcome.CORRUPT_IP_HEADER);
  }

  @Test
  void ipv4HeaderLongerThanTheCapture_isTruncated() {
    Bytes b = Bytes.be();
    ipv4(b, 6, 0);
    byte[] packet = b.toArray();
    packet[0] = 0x4f; // 60-byte header in 20 bytes
    assertThat(decode(LinkTypes.RAW, packet)).isEqualTo(DecodeOutcome.TRUNCATED_IP_HEADER);
  }

  @ParameterizedTest
  @CsvSource({"8, 0, true", "0, 0, false", "13, 0, false", "8, 255, true"})
  void icmpv4_typeAndCode(int type, int code, boolean echoRequest) {
    Bytes b = Bytes.be();
    ipv4(b, 1, 8);
    b.u8(type).u8(code).u16(0).u16(0x4242).u16(1); // type, code, checksum, id, sequence
    assertThat(decode(LinkTypes.RAW, b.toArray())).isEqualTo(DecodeOutcome.ICMP);
    assertThat(decoded.icmpType).isEqualTo(type);
    assertThat(decoded.icmpCode).isEqualTo(code);
    assertThat(decoded.icmpType == 8).isEqualTo(echoRequest);
  }

  @Test
  void icmpv6NumberInsideIpv4_isAnotherProtocol() {
    Bytes b = Bytes.be();
    ipv4(b, 58, 8);
    b.u8(128).u8(0).zeros(6);
    assertThat(decode(LinkTypes.RAW, b.toArray())).isEqualTo(DecodeOutcome.OTHER_PROTOCOL);
  }

  @Test
  void unknownIpProtocol_isCountedNotFatal() {
    Bytes b = Bytes.be();
    ipv4(b, 47, 4);
    b.hex("00000800"); // GRE
    assertThat(decode(LinkTypes.RAW, b.toArray())).isEqualTo(DecodeOutcome.OTHER_PROTOCOL);
    assertThat(decoded.protocol).isEqualTo(47);
    assertThat(DecodeOutcome.OTHER_PROTOCOL.malformed()).isFalse();
  }

  // ---- IPv6 ----

  /** 40-byte IPv6 header, fe80::1 -> ff02::fb, both with the high bit of the first group set. */
  private static Bytes ipv6(Bytes b, int next, int payloadLength) {
    return b.u32(0x6000_0000L) // version 6, traffic class, flow label
        .u16(payloadLength) // payload length
        .u8(next) // next header
        .u8(255) // hop limit
        .hex("fe80000000000000 0000000000000001") // source fe80::1
        .hex("ff02000000000000 00000000000000fb"); // destination ff02::fb
  }

  @Test
  void ipv6ExtensionHeaders_areFollowedToTheTransport() {
    Bytes b = Bytes.be();
    ipv6(b, 0, 8 + 24 + 8 + 8 + 8);
    b.u8(43).u8(0).hex("050200000000"); // hop-by-hop: next routing, 8 bytes, router alert
    b.u8(44).u8(2).u8(0).u8(0).zeros(20); // routing: next fragment, 24 bytes
    b.u8(60).u8(0).u16(0x0001).u32(0xdeadbeefL); // fragment: next dest opts, offset 0, M
    b.u8(17).u8(0).hex("010400000000"); // destination options: next UDP, PadN
    udp(b, 5353, 5353, 8);
    assertThat(decode(LinkTypes.IPV6, b.toArray())).isEqualTo(DecodeOutcome.UDP);
    assertThat(decoded.ipVersion).isEqualTo(6);
    assertThat(decoded.protocol).isEqualTo(17);
    assertThat(decoded.srcPort).isEqualTo(5353);
    assertThat(decoded.ttl).isEqualTo(255);
    assertThat(decoded.ipLength).isEqualTo(40 + 56);
    assertThat(decoded.srcHi).isEqualTo(0xfe80_0000_0000_0000L);
    assertThat(decoded.srcLo).isEqualTo(1L);
    assertThat(decoded.dstHi).isEqualTo(0xff02_0000_0000_0000L);
    assertThat(IpAddresses.format(decoded.dstHi, decoded.dstLo)).isEqualTo("ff02::fb");
  }

  @Test
  void ipv6NonFirstFragment_hasNoPorts() {
    Bytes b = Bytes.be();
    ipv6(b, 44, 16);
    b.u8(6).u8(0).u16(0x05a9).u32(1); // fragment: next TCP, offset 181 (x8), M
    b.hex("0050 1f90 0000 0000");
    assertThat(decode(LinkTypes.RAW, b.toArray())).isEqualTo(DecodeOutcome.NON_FIRST_FRAGMENT);
    assertThat(decoded.protocol).isEqualTo(6);
    assertThat(decoded.srcPort).isZero();
  }

  @Test
  void ipv6ExtensionHeaderRunningPastThePacket_isTruncated() {
    Bytes b = Bytes.be();
    ipv6(b, 0, 8);
    b.u8(6).u8(4).zeros(6); // hop-by-hop claiming 40 bytes in 8
    assertThat(decode(LinkTypes.IPV6, b.toArray())).isEqualTo(DecodeOutcome.TRUNCATED_IP_HEADER);
  }

  @Test
  void endlessChainOfExtensionHeaders_isCorrupt() {
    Bytes b = Bytes.be();
    ipv6(b, 60, 8 * 20);
    for (int i = 0; i < 20; i++) {
      b.u8(60).u8(0).zeros(6); // destination options, next destination options
    }
    assertThat(decode(LinkTypes.IPV6, b.toArray())).isEqualTo(DecodeOutcome.CORRUPT_IP_HEADER);
  }

  @ParameterizedTest
  @CsvSource({"128, 0", "129, 0", "135, 0"})
  void icmpv6_typeIsKept(int type, int code) {
    Bytes b = Bytes.be();
    ipv6(b, 58, 8);
    b.u8(type).u8(code).u16(0).u32(0x00010001L); // type, code, checksum, id and sequence
    assertThat(decode(LinkTypes.IPV6, b.toArray())).isEqualTo(DecodeOutcome.ICMP);
    assertThat(decoded.icmpType).isEqualTo(type);
  }

  @Test
  void icmpv4NumberInsideIpv6_isAnotherProtocol() {
    Bytes b = Bytes.be();
    ipv6(b, 1, 8);
    b.u8(8).u8(0).zeros(6);
    assertThat(decode(LinkTypes.IPV6, b.toArray())).isEqualTo(DecodeOutcome.OTHER_PROTOCOL);
  }

  @Test
  void ipv6PayloadLengthBoundsTheTransport() {
    Bytes b = Bytes.be();
    ipv6(b, 6, 10); // 10 bytes of payload: too few for TCP
    tcp(b, 1, 2, 2);
    assertThat(decode(LinkTypes.IPV6, b.toArray()))
        .isEqualTo(DecodeOutcome.TRUNCATED_TRANSPORT_HEADER);
  }

  @Test
  void ipv4VersionOnAnIpv6LinkType_isCorrupt() {
    Bytes b = Bytes.be();
    ipv6(b, 6, 20);
    byte[] packet = tcp(b, 1, 2, 2).toArray();
    packet[0] = 0x40;
    assertThat(decode(LinkTypes.IPV6, packet)).isEqualTo(DecodeOutcome.CORRUPT_IP_HEADER);
  }

  // ---- link types ----

  /** An IPv4 UDP datagram 192.0.2.1:40000 -> 198.51.100.200:53, for the link layers. */
  private static byte[] ipv4Udp() {
    Bytes b = Bytes.be();
    ipv4(b, 17, 8);
    return udp(b, 40_000, 53, 8).toArray();
  }

  private static byte[] ipv6Tcp() {
    Bytes b = Bytes.be();
    ipv6(b, 6, 20);
    return tcp(b, 443, 65_535, 0x02).toArray();
  }

  private void assertIpv4Udp(DecodeOutcome outcome) {
    assertThat(outcome).isEqualTo(DecodeOutcome.UDP);
    assertThat(decoded.srcLo).isEqualTo(SRC_V4);
    assertThat(decoded.srcPort).isEqualTo(40_000);
    assertThat(decoded.dstPort).isEqualTo(53);
  }

  private void assertIpv6Tcp(DecodeOutcome outcome) {
    assertThat(outcome).isEqualTo(DecodeOutcome.TCP);
    assertThat(decoded.ipVersion).isEqualTo(6);
    assertThat(decoded.dstPort).isEqualTo(65_535);
  }

  @Test
  void ethernet8021qTag_isSkipped() {
    byte[] frame =
        Bytes.be()
            .hex(MACS)
            .u16(0x8100) // 802.1Q
            .u16(0xe064) // priority 7, VLAN 100
            .u16(0x0800) // EtherType IPv4
            .bytes(ipv4Udp())
            .toArray();
    assertIpv4Udp(decode(LinkTypes.ETHERNET, frame));
  }

  @Test
  void ethernetQinQTags_areSkipped() {
    byte[] frame =
        Bytes.be()
            .hex(MACS)
            .u16(0x88a8) // 802.1ad service tag
            .u16(0x0fff) // VLAN 4095
            .u16(0x8100) // 802.1Q customer tag
            .u16(0x0001) // VLAN 1
            .u16(0x86dd) // EtherType IPv6
            .bytes(ipv6Tcp())
            .toArray();
    assertIpv6Tcp(decode(LinkTypes.ETHERNET, frame));
  }

  @Test
  void ninePilesOfVlanTags_areCorrupt() {
    Bytes b = Bytes.be().hex(MACS).u16(0x8100);
    for (int i = 0; i < 9; i++) {
      b.u16(i).u16(0x8100); // tag, then another tag
    }
    b.u16(0).u16(0x0800).bytes(ipv4Udp());
    assertThat(decode(LinkTypes.ETHERNET, b.toArray()))
        .isEqualTo(DecodeOutcome.CORRUPT_LINK_HEADER);
  }

  @Test
  void vlanTagCutShort_isTruncatedLinkHeader() {
    byte[] frame = Bytes.be().hex(MACS).u16(0x8100).u16(5).toArray();
    assertThat(decode(LinkTypes.ETHERNET, frame)).isEqualTo(DecodeOutcome.TRUNCATED_LINK_HEADER);
  }

  @Test
  void pppoeSession_carriesIpv4AndIpv6() {
    byte[] v4 =
        Bytes.be()
            .hex(MACS)
            .u16(0x8864) // PPPoE session
            .u8(0x11) // version 1, type 1
            .u8(0) // code: session data
            .u16(0xbeef) // session id
            .u16(2 + 28) // length
            .u16(0x0021) // PPP protocol: IPv4
            .bytes(ipv4Udp())
            .toArray();
    assertIpv4Udp(decode(LinkTypes.ETHERNET, v4));
    byte[] v6 =
        Bytes.be().hex(MACS).u16(0x8864).hex("1100beef0000").u16(0x0057).bytes(ipv6Tcp()).toArray();
    assertIpv6Tcp(decode(LinkTypes.ETHERNET, v6));
    byte[] lcp = Bytes.be().hex(MACS).u16(0x8864).hex("1100beef0000").u16(0xc021).toArray();
    assertThat(decode(LinkTypes.ETHERNET, lcp)).isEqualTo(DecodeOutcome.NOT_IP);
  }

  @Test
  void arp_isNotIp() {
    byte[] frame = Bytes.be().hex(MACS).u16(0x0806).zeros(28).toArray();
    assertThat(decode(LinkTypes.ETHERNET, frame)).isEqualTo(DecodeOutcome.NOT_IP);
    assertThat(DecodeOutcome.NOT_IP.malformed()).isFalse();
  }

  @Test
  void linuxCookedSll() {
    byte[] frame =
        Bytes.be()
            .u16(0) // packet type: to us
            .u16(1) // ARPHRD_ETHER
            .u16(6) // link-layer address length
            .hex("66778899aabb0000") // link-layer address, padded to 8
            .u16(0x0800) // protocol: IPv4
            .bytes(ipv4Udp())
            .toArray();
    assertIpv4Udp(decode(LinkTypes.LINUX_SLL, frame));
    assertThat(decode(LinkTypes.LINUX_SLL, new byte[15]))
        .isEqualTo(DecodeOutcome.TRUNCATED_LINK_HEADER);
  }

  @Test
  void linuxCookedSll2() {
    byte[] frame =
        Bytes.be()
            .u16(0x86dd) // protocol: IPv6
            .u16(0) // reserved
            .u32(2) // interface index
            .u16(1) // ARPHRD_ETHER
            .u8(4) // packet type: outgoing
            .u8(6) // link-layer address length
            .hex("66778899aabb0000") // link-layer address
            .bytes(ipv6Tcp())
            .toArray();
    assertIpv6Tcp(decode(LinkTypes.LINUX_SLL2, frame));
    assertThat(decode(LinkTypes.LINUX_SLL2, new byte[19]))
        .isEqualTo(DecodeOutcome.TRUNCATED_LINK_HEADER);
  }

  @ParameterizedTest
  @ValueSource(ints = {LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14})
  void rawIp_tellsTheVersionFromTheFirstNibble(int linkType) {
    assertIpv4Udp(decode(linkType, ipv4Udp()));
    assertIpv6Tcp(decode(linkType, ipv6Tcp()));
    assertThat(decode(linkType, new byte[] {0x50, 0, 0, 0}))
        .isEqualTo(DecodeOutcome.CORRUPT_IP_HEADER);
    assertThat(decode(linkType, new byte[0])).isEqualTo(DecodeOutcome.TRUNCATED_IP_HEADER);
  }

  @Test
  void ipv4AndIpv6LinkTypes() {
    assertIpv4Udp(decode(LinkTypes.IPV4, ipv4Udp()));
    assertIpv6Tcp(decode(LinkTypes.IPV6, ipv6Tcp()));
    assertThat(decode(LinkTypes.IPV4, ipv6Tcp())).isEqualTo(DecodeOutcome.CORRUPT_IP_HEADER);
  }

  @ParameterizedTest(name = "family bytes {0}")
  @ValueSource(strings = {"02000000", "00000002"})
  void bsdNull_ipv4InEitherHostByteOrder(String family) {
    byte[] frame = Bytes.be().hex(family).bytes(ipv4Udp()).toArray();
    assertIpv4Udp(decode(LinkTypes.NULL, frame));
  }

  @ParameterizedTest(name = "family bytes {0}")
  @ValueSource(strings = {"18000000", "0000001c", "1e000000", "0000000a"})
  void bsdNull_ipv6FamiliesOfEachSystem(String family) {
    byte[] frame = Bytes.be().hex(family).bytes(ipv6Tcp()).toArray();
    assertIpv6Tcp(decode(LinkTypes.NULL, frame));
  }

  @Test
  void bsdNull_otherFamilyIsNotIp_andShortHeaderIsTruncated() {
    byte[] frame = Bytes.be().hex("07000000").bytes(ipv4Udp()).toArray();
    assertThat(decode(LinkTypes.NULL, frame)).isEqualTo(DecodeOutcome.NOT_IP);
    assertThat(decode(LinkTypes.NULL, new byte[3])).isEqualTo(DecodeOutcome.TRUNCATED_LINK_HEADER);
  }

  @Test
  void loop_isAlwaysBigEndian() {
    assertIpv4Udp(decode(LinkTypes.LOOP, Bytes.be().u32(2).bytes(ipv4Udp()).toArray()));
    assertIpv6Tcp(decode(LinkTypes.LOOP, Bytes.be().u32(24).bytes(ipv6Tcp()).toArray()));
    assertThat(decode(LinkTypes.LOOP, Bytes.le().u32(2).bytes(ipv4Udp()).toArray()))
        .isEqualTo(DecodeOutcome.NOT_IP);
  }

  @Test
  void openBsdPflog() {
    byte[] frame =
        Bytes.be()
            .u8(61) // header length: sizeof(struct pfloghdr), padded to 64
            .u8(2) // address family: AF_INET
            .u8(0) // action: pass
            .u8(0) // reason
            .zeros(16) // interface name
            .zeros(16) // ruleset
            .u32(1) // rule number
            .u32(0xffff_ffffL) // subrule number
            .u32(0) // uid
            .u32(0) // pid
            .u32(0) // rule uid
            .u32(0) // rule pid
            .u8(1) // direction: in
            .zeros(3) // padding to 64
            .bytes(ipv4Udp())
            .toArray();
    assertIpv4Udp(decode(LinkTypes.PFLOG, frame));
    frame[1] = 24; // AF_INET6 on OpenBSD, with a 28-byte IPv4 datagram behind it
    assertThat(decode(LinkTypes.PFLOG, frame)).isEqualTo(DecodeOutcome.TRUNCATED_IP_HEADER);
    frame[0] = 3; // header length below the minimum
    assertThat(decode(LinkTypes.PFLOG, frame)).isEqualTo(DecodeOutcome.CORRUPT_LINK_HEADER);
    frame[0] = (byte) 0xff; // 256 bytes of header in fewer
    assertThat(decode(LinkTypes.PFLOG, frame)).isEqualTo(DecodeOutcome.TRUNCATED_LINK_HEADER);
  }

  @ParameterizedTest
  @ValueSource(ints = {105, 127, 147, 0xffff, -1})
  void unknownLinkType_isCountedNotDecoded(int linkType) {
    assertThat(decode(linkType, ethernetIpv4TcpSyn())).isEqualTo(DecodeOutcome.UNKNOWN_LINK_TYPE);
    assertThat(DecodeOutcome.UNKNOWN_LINK_TYPE.malformed()).isFalse();
  }
}
