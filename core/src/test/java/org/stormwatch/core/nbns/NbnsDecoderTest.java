package org.stormwatch.core.nbns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stormwatch.core.nbns.NbnsBytes.b;
import static org.stormwatch.core.nbns.NbnsBytes.cat;
import static org.stormwatch.core.nbns.NbnsBytes.header;
import static org.stormwatch.core.nbns.NbnsBytes.hex;
import static org.stormwatch.core.nbns.NbnsBytes.label;
import static org.stormwatch.core.nbns.NbnsBytes.name;
import static org.stormwatch.core.nbns.NbnsBytes.u16;
import static org.stormwatch.core.nbns.NbnsBytes.u32;
import static org.stormwatch.core.nbns.NbnsBytes.wildcardName;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NbnsDecoderTest {

  // Real messages from wanderview/node-netbios-name-service test/data (BSD-2-Clause), the same
  // bytes as the captures nbns_wanderview_*.pcap in ../shared/data/real/pcap/.
  static final byte[] UNICAST_QUERY =
      cat(
          hex("8d9a"), // NAME_TRN_ID
          hex("0100"), // flags: request, opcode 0 (query), RD
          hex("0001 0000 0000 0000"), // QDCOUNT 1, ANCOUNT 0, NSCOUNT 0, ARCOUNT 0
          name("TEST", 0x20), // 0x20 + FEEFFDFE CACA... + 0x00: TEST<20>
          hex("0020 0001")); // QUESTION_TYPE NB, QUESTION_CLASS IN

  static final byte[] BROADCAST_QUERY =
      cat(
          hex("82c7"), // NAME_TRN_ID
          hex("0110"), // flags: request, query, RD, B
          hex("0001 0000 0000 0000"), // one question
          name("XYKON-2", 0x00), // XYKON-2<00>
          hex("0020 0001")); // NB, IN

  static final byte[] POSITIVE_RESPONSE =
      cat(
          hex("d58e"), // NAME_TRN_ID
          hex("8500"), // flags: response, query, AA, RD, RCODE 0
          hex("0000 0001 0000 0000"), // ANCOUNT 1
          name("VMWINXP", 0x20), // RR_NAME VMWINXP<20>
          hex("0020 0001"), // NB, IN
          hex("000493e0"), // TTL 300000 s
          hex("0006"), // RDLENGTH
          hex("6000"), // NB_FLAGS: unique, ONT 3 (H-node)
          hex("c0a8cf80")); // NB_ADDRESS 192.168.207.128

  static final byte[] REGISTRATION =
      cat(
          hex("8d8f"), // NAME_TRN_ID
          hex("2900"), // flags: request, opcode 5 (registration), RD
          hex("0001 0000 0000 0001"), // QDCOUNT 1, ARCOUNT 1
          name("VMWINXP", 0x00), // QUESTION_NAME at offset 12
          hex("0020 0001"), // NB, IN
          hex("c00c"), // RR_NAME: pointer to offset 12
          hex("0020 0001"), // NB, IN
          hex("000493e0"), // TTL
          hex("0006"), // RDLENGTH
          hex("6000 c0a8cf80")); // H-node, unique, 192.168.207.128

  static final byte[] NEGATIVE_REGISTRATION_RESPONSE_WITH_SCOPE =
      cat(
          hex("8a18"), // NAME_TRN_ID
          hex("ad86"), // flags: response, registration, AA, RD, RA, RCODE 6 (ACT_ERR)
          hex("0000 0001 0000 0000"), // ANCOUNT 1
          name("VMWINXP", 0x20, "example", "com"), // VMWINXP<20>.example.com
          hex("0020 0001"), // NB, IN
          hex("00000000"), // TTL 0
          hex("0006"), // RDLENGTH
          hex("0000 c0a80107")); // B-node, unique, 192.168.1.7

  static final byte[] WILDCARD_NBSTAT_QUERY =
      cat(
          hex("1080"), // NAME_TRN_ID (X-Scan, frame 2605 of scan_nbns_evilfingers_xscan.pcap)
          hex("0010"), // flags: request, query, B (and no RD)
          hex("0001 0000 0000 0000"), // one question
          wildcardName(), // 0x20 CKAAAA...AA 0x00: '*' and 15 zero bytes
          hex("0021 0001")); // NBSTAT, IN

  static final byte[] NBSTAT_RESPONSE =
      cat(
          hex("5afd"), // NAME_TRN_ID
          hex("8400"), // flags: response, query, AA
          hex("0000 0001 0000 0000"), // ANCOUNT 1
          name("VMWINXP", 0x20), // RR_NAME
          hex("0021 0001"), // NBSTAT, IN
          hex("00000000"), // TTL 0
          hex("0029"), // RDLENGTH 41 = 1 + 2 * 18 + 4
          hex("02"), // NUM_NAMES
          hex("564d57494e5850202020202020202000"), // VMWINXP<00>
          hex("0400"), // NAME_FLAGS: unique, B-node, ACT
          hex("574f524b47524f55502020202020201e"), // WORKGROUP<1e>
          hex("9600"), // NAME_FLAGS: G, ONT 0, DRG, ACT, PRM
          hex("000c290d")); // statistics cut to 4 bytes: shorter than a unit id

  static final byte[] RELEASE =
      cat(
          hex("1234"), // NAME_TRN_ID
          hex("3010"), // flags: request, opcode 6 (release), B
          hex("0001 0000 0000 0001"), // QDCOUNT 1, ARCOUNT 1
          name("FILESRV", 0x20), // question at offset 12
          hex("0020 0001"), // NB, IN
          hex("c00c 0020 0001"), // pointer to 12, NB, IN
          hex("00000000 0006"), // TTL 0, RDLENGTH 6
          hex("e000 0a000005")); // group, H-node, 10.0.0.5

  static final byte[] REFRESH =
      cat(
          hex("1235"), // NAME_TRN_ID
          hex("4000"), // flags: request, opcode 8 (refresh)
          hex("0001 0000 0000 0001"), // QDCOUNT 1, ARCOUNT 1
          name("FILESRV", 0x20),
          hex("0020 0001"),
          hex("c00c 0020 0001 000493e0 0006 6000 0a000005")); // additional NB record

  static final byte[] WACK =
      cat(
          hex("1236"), // NAME_TRN_ID
          hex("bc00"), // flags: response, opcode 7 (WACK), AA
          hex("0000 0001 0000 0000"), // ANCOUNT 1
          name("FILESRV", 0x20),
          hex("0020 0001"), // NB, IN
          hex("0000000a"), // TTL 10 s: wait this long
          hex("0002"), // RDLENGTH 2
          hex("2910")); // the flags of the request being acknowledged

  static final byte[] NEGATIVE_QUERY_RESPONSE =
      cat(
          hex("1237"), // NAME_TRN_ID
          hex("8583"), // flags: response, query, AA, RD, RA, RCODE 3 (NAM_ERR)
          hex("0000 0001 0000 0000"), // ANCOUNT 1
          name("NOSUCH", 0x20),
          hex("000a 0001"), // NULL, IN (RFC 1002 section 4.2.14)
          hex("00000000 0000")); // TTL 0, RDLENGTH 0

  static final Map<String, byte[]> VALID =
      Map.ofEntries(
          Map.entry("unicast query", UNICAST_QUERY),
          Map.entry("broadcast query", BROADCAST_QUERY),
          Map.entry("positive response", POSITIVE_RESPONSE),
          Map.entry("negative response", NEGATIVE_QUERY_RESPONSE),
          Map.entry("registration", REGISTRATION),
          Map.entry("negative registration response", NEGATIVE_REGISTRATION_RESPONSE_WITH_SCOPE),
          Map.entry("release", RELEASE),
          Map.entry("refresh", REFRESH),
          Map.entry("wack", WACK),
          Map.entry("wildcard nbstat query", WILDCARD_NBSTAT_QUERY),
          Map.entry("nbstat response", NBSTAT_RESPONSE));

  static NbnsMessage decoded(byte[] bytes) {
    NbnsDecodeResult r = NbnsDecoder.decode(bytes, 0, bytes.length);
    assertThat(r).isInstanceOf(NbnsDecodeResult.Decoded.class);
    NbnsDecodeResult.Decoded d = (NbnsDecodeResult.Decoded) r;
    assertThat(d.length()).isEqualTo(bytes.length);
    return d.message();
  }

  static NbnsDecodeResult.Malformed malformed(byte[] bytes) {
    NbnsDecodeResult r = NbnsDecoder.decode(bytes, 0, bytes.length);
    assertThat(r).isInstanceOf(NbnsDecodeResult.Malformed.class);
    return (NbnsDecodeResult.Malformed) r;
  }

  @Test
  void decodesUnicastNameQuery() {
    NbnsMessage m = decoded(UNICAST_QUERY);
    NbnsHeader h = m.header();
    assertThat(h.id()).isEqualTo(0x8d9a);
    assertThat(h.response()).isFalse();
    assertThat(h.opcode()).isEqualTo(NbnsOpcode.QUERY);
    assertThat(h.recursionDesired()).isTrue();
    assertThat(h.broadcast()).isFalse();
    assertThat(m.questions()).hasSize(1);
    NbnsQuestion q = m.questions().get(0);
    assertThat(q.name().toString()).isEqualTo("TEST<20>");
    assertThat(q.name().suffix()).isEqualTo(0x20);
    assertThat(q.type()).isEqualTo(NbnsTypes.NB);
    assertThat(q.questionClass()).isEqualTo(NbnsTypes.CLASS_IN);
    assertThat(m.answers()).isEmpty();
  }

  @Test
  void decodesBroadcastNameQuery() {
    NbnsMessage m = decoded(BROADCAST_QUERY);
    assertThat(m.header().flags()).isEqualTo(0x0110);
    assertThat(m.header().broadcast()).isTrue();
    assertThat(m.firstQuestion().name().toString()).isEqualTo("XYKON-2<00>");
  }

  @Test
  void decodesPositiveResponseWithNbAddress() {
    NbnsMessage m = decoded(POSITIVE_RESPONSE);
    assertThat(m.header().response()).isTrue();
    assertThat(m.header().authoritative()).isTrue();
    assertThat(m.header().rcode()).isZero();
    NbnsResourceRecord rr = m.answers().get(0);
    assertThat(rr.wiresharkName()).isEqualTo("VMWINXP<20> (Server service)");
    assertThat(rr.ttl()).isEqualTo(300_000L);
    NbnsRdata.Addresses a = (NbnsRdata.Addresses) rr.data();
    assertThat(a.entries()).hasSize(1);
    assertThat(a.entries().get(0).group()).isFalse();
    assertThat(a.entries().get(0).ownerNodeType()).isEqualTo(3);
    assertThat(a.entries().get(0).addressText()).isEqualTo("192.168.207.128");
  }

  @Test
  void decodesNegativeResponseWithNullRecord() {
    NbnsMessage m = decoded(NEGATIVE_QUERY_RESPONSE);
    assertThat(m.header().rcode()).isEqualTo(3);
    assertThat(m.header().recursionAvailable()).isTrue();
    NbnsResourceRecord rr = m.answers().get(0);
    assertThat(rr.type()).isEqualTo(NbnsTypes.NULL);
    assertThat(rr.data()).isEqualTo(new NbnsRdata.Opaque(0));
    assertThat(rr.wiresharkName()).isEqualTo("NOSUCH<20>");
  }

  @Test
  void decodesRegistrationWhoseAdditionalRecordPointsAtTheQuestionName() {
    NbnsMessage m = decoded(REGISTRATION);
    assertThat(m.header().opcode()).isEqualTo(NbnsOpcode.REGISTRATION);
    assertThat(m.additionals()).hasSize(1);
    NbnsResourceRecord rr = m.additionals().get(0);
    assertThat(rr.name()).isEqualTo(m.firstQuestion().name());
    assertThat(rr.wiresharkName()).isEqualTo("VMWINXP<00> (Workstation/Redirector)");
  }

  @Test
  void decodesNegativeRegistrationResponseWithScope() {
    NbnsMessage m = decoded(NEGATIVE_REGISTRATION_RESPONSE_WITH_SCOPE);
    assertThat(m.header().opcode()).isEqualTo(NbnsOpcode.REGISTRATION);
    assertThat(m.header().rcode()).isEqualTo(6);
    NbnsName n = m.answers().get(0).name();
    assertThat(n.scope()).isEqualTo("example.com");
    assertThat(n.toString()).isEqualTo("VMWINXP<20>.example.com");
  }

  @Test
  void decodesReleaseAndRefreshRequests() {
    NbnsMessage release = decoded(RELEASE);
    assertThat(release.header().opcode()).isEqualTo(NbnsOpcode.RELEASE);
    NbnsRdata.NbAddress entry =
        ((NbnsRdata.Addresses) release.additionals().get(0).data()).entries().get(0);
    assertThat(entry.group()).isTrue();
    assertThat(entry.ownerNodeType()).isEqualTo(3);
    assertThat(entry.addressText()).isEqualTo("10.0.0.5");
    NbnsMessage refresh = decoded(REFRESH);
    assertThat(refresh.header().opcode()).isEqualTo(NbnsOpcode.REFRESH);
    assertThat(refresh.header().opcode().label()).isEqualTo("refresh");
  }

  @Test
  void decodesWackAsTheAcknowledgedFlags() {
    NbnsMessage m = decoded(WACK);
    assertThat(m.header().opcode()).isEqualTo(NbnsOpcode.WACK);
    assertThat(m.answers().get(0).data()).isEqualTo(new NbnsRdata.WackFlags(0x2910));
    assertThat(m.answers().get(0).ttl()).isEqualTo(10);
  }

  @Test
  void decodesWildcardNodeStatusQuery() {
    NbnsMessage m = decoded(WILDCARD_NBSTAT_QUERY);
    NbnsQuestion q = m.firstQuestion();
    assertThat(q.type()).isEqualTo(NbnsTypes.NBSTAT);
    assertThat(q.name().isWildcard()).isTrue();
    assertThat(q.wildcardNodeStatus()).isTrue();
    assertThat(q.name().toString())
        .isEqualTo("*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>");
    assertThat(m.wildcardNodeStatusQuery()).isTrue();
  }

  @Test
  void decodesNodeStatusResponseNameTableFlagsAndShortStatistics() {
    NbnsMessage m = decoded(NBSTAT_RESPONSE);
    NbnsRdata.NodeStatus s = (NbnsRdata.NodeStatus) m.answers().get(0).data();
    assertThat(s.names()).hasSize(2);
    NbnsRdata.NodeName first = s.names().get(0);
    assertThat(first.name().toString()).isEqualTo("VMWINXP<00>");
    assertThat(first.active()).isTrue();
    assertThat(first.group()).isFalse();
    NbnsRdata.NodeName second = s.names().get(1);
    assertThat(second.name().toString()).isEqualTo("WORKGROUP<1e>");
    assertThat(second.group()).isTrue();
    assertThat(second.deregistering()).isTrue();
    assertThat(second.conflict()).isFalse();
    assertThat(second.active()).isTrue();
    assertThat(second.permanent()).isTrue();
    assertThat(s.statistics()).hasSize(4);
    assertThat(s.unitId()).isEmpty();
  }

  @Test
  void decodesWindowsXpNodeStatusResponseWithUnitId() {
    // The response of nbns_wanderview_nbstat-response-winxp.pcap: six names, 46 bytes of
    // statistics starting with the MAC 00:0c:29:0d:06:56 (the capture has 18 more zero bytes after
    // the message, left out here).
    byte[] bytes =
        hex(
            "5afd 8400 0000 0001 0000 0000" // header: response, AA, ANCOUNT 1
                + "20 4647454e4648454a454f46494641434143414341434143414341434143414341 00"
                + "0021 0001 00000000 009b" // NBSTAT, IN, TTL 0, RDLENGTH 155
                + "06" // NUM_NAMES
                + "564d57494e58502020202020202020 00 0400" // VMWINXP<00>, ACT
                + "564d57494e58502020202020202020 20 0400" // VMWINXP<20>, ACT
                + "574f524b47524f5550202020202020 00 8400" // WORKGROUP<00>, G ACT
                + "574f524b47524f5550202020202020 1e 8400" // WORKGROUP<1e>, G ACT
                + "574f524b47524f5550202020202020 1d 0400" // WORKGROUP<1d>, ACT
                + "01025f5f4d5342524f5753455f5f02 01 8400" // ..__MSBROWSE__..<01>, G ACT
                + "000c290d0656" // unit id
                + "0000000000000000000000000000000000000000" // 40 bytes of statistics
                + "0000000000000000000000000000000000000000");
    NbnsMessage m = decoded(bytes);
    NbnsRdata.NodeStatus s = (NbnsRdata.NodeStatus) m.answers().get(0).data();
    assertThat(s.names())
        .extracting(n -> n.name().toString())
        .containsExactly(
            "VMWINXP<00>",
            "VMWINXP<20>",
            "WORKGROUP<00>",
            "WORKGROUP<1e>",
            "WORKGROUP<1d>",
            "<01><02>__MSBROWSE__<02><01>");
    assertThat(s.names().get(2).group()).isTrue();
    assertThat(s.unitId()).isEqualTo("00:0c:29:0d:06:56");
    assertThat(s.statistics()).hasSize(46);
  }

  @Test
  void unknownOpcodeTypesAndClassesPassThroughWithTheirNumbers() {
    byte[] bytes =
        cat(
            header(1, 0x1800, 1, 1, 0, 0), // opcode 3: unassigned
            name("X", 0), // question
            hex("00ff 0003"), // type 255, class 3
            name("Y", 0), // answer
            hex("1234 00fe"), // type 0x1234, class 254
            hex("ffffffff"), // TTL 2^32-1: read unsigned
            hex("0003 010203")); // RDLENGTH 3 and its data
    NbnsMessage m = decoded(bytes);
    assertThat(m.header().opcode().code()).isEqualTo(3);
    assertThat(m.header().opcode().known()).isFalse();
    assertThat(m.header().opcode().label()).isEqualTo("opcode 3");
    assertThat(m.firstQuestion().type()).isEqualTo(255);
    assertThat(m.firstQuestion().questionClass()).isEqualTo(3);
    NbnsResourceRecord rr = m.answers().get(0);
    assertThat(rr.type()).isEqualTo(0x1234);
    assertThat(rr.rrClass()).isEqualTo(254);
    assertThat(rr.ttl()).isEqualTo(0xffff_ffffL);
    assertThat(rr.data()).isEqualTo(new NbnsRdata.Opaque(3));
    assertThat(NbnsTypes.typeName(0x1234)).isEqualTo("type 4660");
  }

  @Test
  void readsEveryFlagBitAndHighBitFieldsUnsigned() {
    byte[] bytes = cat(header(0xffff, 0xffff, 0, 0, 0, 0));
    NbnsHeader h = decoded(bytes).header();
    assertThat(h.id()).isEqualTo(0xffff);
    assertThat(h.response()).isTrue();
    assertThat(h.opcode().code()).isEqualTo(15);
    assertThat(h.opcode()).isEqualTo(NbnsOpcode.MULTI_HOMED_REGISTRATION);
    assertThat(h.authoritative()).isTrue();
    assertThat(h.truncation()).isTrue();
    assertThat(h.recursionDesired()).isTrue();
    assertThat(h.recursionAvailable()).isTrue();
    assertThat(h.reservedBits()).isEqualTo(3);
    assertThat(h.broadcast()).isTrue();
    assertThat(h.rcode()).isEqualTo(15);
    NbnsHeader none = decoded(header(0, 0, 0, 0, 0, 0)).header();
    assertThat(none.response() || none.authoritative() || none.truncation()).isFalse();
    assertThat(none.recursionDesired() || none.recursionAvailable() || none.broadcast()).isFalse();
  }

  @Test
  void followsAChainOfPointers() {
    byte[] bytes =
        cat(
            header(7, 0x8500, 1, 2, 0, 0),
            name("FILESRV", 0x20), // question name at offset 12
            hex("0020 0001"),
            hex("c00c 0020 0001 00000000 0006 0000 01020304"), // answer 1 at 50: pointer to 12
            hex("c032"), // answer 2: pointer to 50, which is itself a pointer to 12
            hex("0020 0001 00000000 0006 0000 05060708"));
    NbnsMessage m = decoded(bytes);
    assertThat(m.answers()).extracting(r -> r.name().toString()).containsOnly("FILESRV<20>");
  }

  @Test
  void pointerToItselfIsALoop() {
    byte[] bytes = cat(header(1, 0, 1, 0, 0, 0), hex("c00c"), hex("0020 0001"));
    NbnsDecodeResult.Malformed r = malformed(bytes);
    assertThat(r.reason()).isEqualTo(NbnsMalformed.POINTER_LOOP);
    assertThat(r.reason().truncated()).isFalse();
    assertThat(r.offset()).isEqualTo(12);
    assertThat(r.partial().header().id()).isEqualTo(1);
  }

  @Test
  void pointersThatPointAtEachOtherAreALoop() {
    byte[] bytes =
        cat(
            header(1, 0, 1, 0, 0, 0),
            label("AB"), // offset 12: a label, then
            hex("c011"), // offset 15: pointer to 17
            hex("c00c"), // offset 17: pointer back to 12
            hex("0020 0001"));
    assertThat(malformed(bytes).reason()).isEqualTo(NbnsMalformed.POINTER_LOOP);
  }

  @Test
  void pointerPastTheEndIsOutOfRange() {
    byte[] bytes = cat(header(1, 0, 1, 0, 0, 0), hex("c0ff"), hex("0020 0001"));
    NbnsDecodeResult.Malformed r = malformed(bytes);
    assertThat(r.reason()).isEqualTo(NbnsMalformed.POINTER_OUT_OF_RANGE);
    assertThat(r.offset()).isEqualTo(12);
    assertThat(r.detail()).contains("255");
  }

  @Test
  void labelLengthsWithReservedTopBitsAreBad() {
    for (int lengthByte : new int[] {0x40, 0x7f, 0x80, 0xbf}) {
      byte[] bytes = cat(header(1, 0, 1, 0, 0, 0), b(lengthByte, 0x41, 0x41, 0), hex("0020 0001"));
      NbnsDecodeResult.Malformed r = malformed(bytes);
      assertThat(r.reason()).isEqualTo(NbnsMalformed.BAD_LABEL_LENGTH);
      assertThat(r.offset()).isEqualTo(12);
    }
  }

  @Test
  void headerShorterThan12BytesIsTruncated() {
    for (int n = 0; n < 12; n++) {
      NbnsDecodeResult.Malformed r = malformed(new byte[n]);
      assertThat(r.reason()).isEqualTo(NbnsMalformed.TRUNCATED_HEADER);
      assertThat(r.offset()).isEqualTo(n);
      assertThat(r.partial()).isNull();
      assertThat(r.header()).isNull();
    }
  }

  @Test
  void countsThatPromiseMoreThanTheDataHoldAreCountBeyondData() {
    // The fuzzed frame 3 of malformed_ndpi_fuzz-2006-06-26-2594.pcap has ANCOUNT 26880.
    byte[] bytes =
        cat(header(0x84e7, 0x0110, 1, 26880, 0, 0), name("ECI_DOMAIN", 0x1c), hex("0020 0001"));
    NbnsDecodeResult.Malformed r = malformed(bytes);
    assertThat(r.reason()).isEqualTo(NbnsMalformed.COUNT_BEYOND_DATA);
    assertThat(r.partial().questions()).hasSize(1);
    assertThat(r.partial().header().answerCount()).isEqualTo(26880);
    // Data that ends exactly where a second question should start.
    byte[] twoCounted = cat(header(1, 0, 2, 0, 0, 0), name("A", 0), hex("0020 0001"));
    NbnsDecodeResult.Malformed end = malformed(twoCounted);
    assertThat(end.reason()).isEqualTo(NbnsMalformed.COUNT_BEYOND_DATA);
    assertThat(end.offset()).isEqualTo(twoCounted.length);
    assertThat(end.partial().questions()).hasSize(1);
  }

  @Test
  void rdataThatDoesNotFitItsTypeIsBadRdataLength() {
    byte[] nb =
        cat(header(1, 0x8500, 0, 1, 0, 0), name("A", 0), hex("0020 0001 00000000 0005 6000c0a8cf"));
    assertThat(malformed(nb).reason()).isEqualTo(NbnsMalformed.BAD_RDATA_LENGTH);
    byte[] nbstat =
        cat(header(1, 0x8400, 0, 1, 0, 0), name("A", 0), hex("0021 0001 00000000 0002 05 00"));
    NbnsDecodeResult.Malformed r = malformed(nbstat);
    assertThat(r.reason()).isEqualTo(NbnsMalformed.BAD_RDATA_LENGTH);
    assertThat(r.detail()).contains("5 node names");
  }

  @Test
  void rdataLongerThanTheDataIsATruncatedRecord() {
    byte[] bytes =
        cat(header(1, 0x8500, 0, 1, 0, 0), name("A", 0), hex("0020 0001 00000000 0006 6000"));
    NbnsDecodeResult.Malformed r = malformed(bytes);
    assertThat(r.reason()).isEqualTo(NbnsMalformed.TRUNCATED_RECORD);
    assertThat(r.reason().truncated()).isTrue();
  }

  @Test
  void everyPrefixOfAValidMessageIsTruncatedNeverAnException() {
    VALID.forEach(
        (what, bytes) -> {
          for (int k = 0; k < bytes.length; k++) {
            NbnsDecodeResult r = NbnsDecoder.decode(bytes, 0, k);
            assertThat(r).as(what + " cut to " + k).isInstanceOf(NbnsDecodeResult.Malformed.class);
            NbnsDecodeResult.Malformed m = (NbnsDecodeResult.Malformed) r;
            assertThat(m.reason().truncated() || m.reason() == NbnsMalformed.COUNT_BEYOND_DATA)
                .as(what + " cut to " + k + ": " + m)
                .isTrue();
            assertThat(m.offset()).as(what + " cut to " + k).isBetween(0, k);
          }
          assertThat(NbnsDecoder.decode(bytes, 0, bytes.length))
              .isInstanceOf(NbnsDecodeResult.Decoded.class);
        });
  }

  @Test
  void ignoresBytesAfterTheLastRecordAndHonoursTheOffset() {
    byte[] padded = cat(b(0xee, 0xee, 0xee), UNICAST_QUERY, b(0, 0, 0, 0));
    NbnsDecodeResult r = NbnsDecoder.decode(padded, 3, padded.length - 3);
    assertThat(r).isInstanceOf(NbnsDecodeResult.Decoded.class);
    assertThat(((NbnsDecodeResult.Decoded) r).length()).isEqualTo(UNICAST_QUERY.length);
    assertThat(r.header().id()).isEqualTo(0x8d9a);
  }

  @Test
  void decodesFromHeapAndDirectByteBuffersWithoutMovingThem() {
    ByteBuffer heap = ByteBuffer.wrap(cat(b(9, 9), BROADCAST_QUERY));
    heap.position(2);
    ByteBuffer direct = ByteBuffer.allocateDirect(BROADCAST_QUERY.length);
    direct.put(BROADCAST_QUERY).flip();
    for (ByteBuffer buf : List.of(heap, direct)) {
      int before = buf.position();
      NbnsDecodeResult r = NbnsDecoder.decode(buf);
      assertThat(r.header().id()).isEqualTo(0x82c7);
      assertThat(buf.position()).isEqualTo(before);
    }
  }

  @Test
  void splitsTcpStreamIntoLengthPrefixedMessagesAndLeavesACutFrame() {
    byte[] stream =
        cat(
            u16(UNICAST_QUERY.length),
            UNICAST_QUERY,
            u16(0), // an empty frame: a truncated header
            u16(POSITIVE_RESPONSE.length),
            POSITIVE_RESPONSE,
            u16(50),
            b(1, 2, 3)); // the start of a frame still to come
    NbnsDecoder.TcpMessages t = NbnsDecoder.decodeTcp(stream, 0, stream.length);
    assertThat(t.messages()).hasSize(3);
    assertThat(t.messages().get(0).header().id()).isEqualTo(0x8d9a);
    assertThat(((NbnsDecodeResult.Malformed) t.messages().get(1)).reason())
        .isEqualTo(NbnsMalformed.TRUNCATED_HEADER);
    assertThat(t.messages().get(2)).isInstanceOf(NbnsDecodeResult.Decoded.class);
    assertThat(t.consumed()).isEqualTo(stream.length - 5);
  }

  @Test
  void readsTtlWithTheHighBitSetAsUnsigned() {
    byte[] bytes =
        cat(
            header(1, 0x8500, 0, 1, 0, 0),
            name("A", 0),
            hex("0020 0001"),
            u32(0x8000_0000L), // TTL with the high bit set
            hex("0000"));
    assertThat(decoded(bytes).answers().get(0).ttl()).isEqualTo(0x8000_0000L);
  }
}
