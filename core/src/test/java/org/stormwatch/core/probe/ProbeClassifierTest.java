package org.stormwatch.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.stormwatch.core.capture.PacketBuilder;
import org.stormwatch.core.decode.DecodeOutcome;
import org.stormwatch.core.decode.DecodedPacket;
import org.stormwatch.core.decode.LinkTypes;
import org.stormwatch.core.decode.PacketDecoder;
import org.stormwatch.core.model.IpAddresses;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

class ProbeClassifierTest {
  private static final long S = 1_000_000_000L;
  private static final long[] A = IpAddresses.parse("203.0.113.7");
  private static final long[] B = IpAddresses.parse("198.51.100.200");
  private static final long[] A6 = IpAddresses.parse("2001:db8::7");
  private static final long[] B6 = IpAddresses.parse("fe80::8000:1");

  private final ProbeClassifier classifier = new ProbeClassifier("sensor-1");
  private final DecodedPacket decoded = new DecodedPacket();

  private Probe packet(
      long[] src, int srcPort, long[] dst, int dstPort, Protocol protocol, int flags, long time) {
    byte[] frame =
        PacketBuilder.ethernet(
            src[0], src[1], srcPort, dst[0], dst[1], dstPort, protocol, flags, 255, new byte[3]);
    DecodeOutcome outcome =
        PacketDecoder.decode(LinkTypes.ETHERNET, frame, 0, frame.length, decoded);
    return classifier.classify(outcome, decoded, frame, time);
  }

  private Probe udp(long[] src, int srcPort, long[] dst, int dstPort, long time) {
    return packet(src, srcPort, dst, dstPort, Protocol.UDP, 0, time);
  }

  @ParameterizedTest(name = "flags 0x{0}")
  @ValueSource(strings = {"02", "c2", "42", "0a", "03", "06"})
  void synWithoutAck_isAProbe(String flags) {
    int f = Integer.parseInt(flags, 16);
    Probe p = packet(A, 61_000, B, 32_768, Protocol.TCP, f, 7 * S);
    assertThat(p).isNotNull();
    assertThat(p.protocol()).isEqualTo(Protocol.TCP);
    assertThat(p.tcpFlags()).isEqualTo(f);
    assertThat(p.srcPort()).isEqualTo(61_000);
    assertThat(p.dstPort()).isEqualTo(32_768);
    assertThat(p.sourceText()).isEqualTo("203.0.113.7");
    assertThat(p.destinationText()).isEqualTo("198.51.100.200");
    assertThat(p.ttl()).isEqualTo(255);
    assertThat(p.ipLength()).isEqualTo(20 + 20 + 3);
    assertThat(p.timeNanos()).isEqualTo(7 * S);
    assertThat(p.sensor()).isEqualTo("sensor-1");
  }

  @ParameterizedTest(name = "flags 0x{0}")
  @ValueSource(strings = {"12", "10", "04", "14", "01", "11", "00", "ff", "18"})
  void synAckAckRstAndOthers_areNoProbes(String flags) {
    assertThat(packet(A, 1, B, 2, Protocol.TCP, Integer.parseInt(flags, 16), 0)).isNull();
    assertThat(classifier.reason()).isEqualTo(ProbeClassifier.TCP_NOT_SYN);
  }

  @Test
  void udpDatagram_isAProbeUntilAnswered() {
    Probe first = udp(A, 40_000, B, 161, 0);
    assertThat(first).isNotNull();
    assertThat(first.protocol()).isEqualTo(Protocol.UDP);
    assertThat(first.tcpFlags()).isEqualTo(Probe.UNKNOWN);
    assertThat(udp(B, 161, A, 40_000, 5 * S)).isNull();
    assertThat(classifier.reason()).isEqualTo(ProbeClassifier.UDP_REPLY);
  }

  @Test
  void udpReplyWithin120s_isNoProbe_after120sItIsAgain() {
    assertThat(udp(A, 40_000, B, 53, 0)).isNotNull();
    assertThat(udp(B, 53, A, 40_000, 120 * S)).isNull();

    ProbeClassifier other = new ProbeClassifier("");
    byte[] q =
        PacketBuilder.ethernet(
            A[0], A[1], 40_000, B[0], B[1], 53, Protocol.UDP, 0, 64, new byte[0]);
    byte[] r =
        PacketBuilder.ethernet(
            B[0], B[1], 53, A[0], A[1], 40_000, Protocol.UDP, 0, 64, new byte[0]);
    assertThat(other.classify(PacketDecoder.decode(1, q, 0, q.length, decoded), decoded, q, 0))
        .isNotNull();
    assertThat(
            other.classify(
                PacketDecoder.decode(1, r, 0, r.length, decoded), decoded, r, 120 * S + 1))
        .isNotNull();
  }

  @Test
  void everyDatagramRefreshesItsPair() {
    assertThat(udp(A, 40_000, B, 53, 0)).isNotNull();
    assertThat(udp(A, 40_000, B, 53, 100 * S)).isNotNull(); // a repeat, still no reply
    assertThat(udp(B, 53, A, 40_000, 200 * S)).isNull(); // 100 s after the repeat
    assertThat(udp(B, 53, A, 40_000, 220 * S)).isNull(); // 120 s after the repeat
    assertThat(classifier.reason()).isEqualTo(ProbeClassifier.UDP_REPLY);
    // The replies refreshed B->A, not A->B: 1 ns later A->B is out of the window.
    assertThat(udp(B, 53, A, 40_000, 220 * S + 1)).isNotNull();
  }

  @Test
  void otherPortsOrAddresses_areNoReply() {
    assertThat(udp(A, 40_000, B, 53, 0)).isNotNull();
    assertThat(udp(B, 53, A, 40_001, S)).isNotNull();
    assertThat(udp(B, 54, A, 40_000, S)).isNotNull();
    assertThat(udp(A6, 53, A, 40_000, S)).isNotNull();
  }

  @Test
  void timesGoingBackwards_stillAnswer_untilNewerTrafficExpiresThePair() {
    assertThat(udp(A6, 40_000, B6, 53, 1000 * S)).isNotNull();
    assertThat(udp(B6, 53, A6, 40_000, 900 * S)).isNull(); // earlier in time, later in the file
    assertThat(udp(A, 1, B, 2, 2000 * S)).isNotNull(); // the capture moves on 1000 s
    assertThat(udp(B6, 53, A6, 40_000, 1050 * S)).isNotNull(); // A6->B6 is now forgotten
  }

  @ParameterizedTest(name = "IPv{0} type {1} code {2}: probe {3}")
  @CsvSource({
    "4, 8, 0, true",
    "4, 8, 3, true",
    "4, 0, 0, false",
    "4, 3, 3, false",
    "6, 128, 0, true",
    "6, 129, 0, false",
    "6, 135, 0, false",
  })
  void icmpEchoRequest_isAProbeRecordedAsType8(int version, int type, int code, boolean probe) {
    long[] src = version == 4 ? A : A6;
    long[] dst = version == 4 ? B : B6;
    // PacketBuilder writes type 8 as 128 over IPv6; pass the wire type through otherwise.
    int builderType = version == 6 && type == 128 ? 8 : type;
    Probe p = packet(src, code, dst, builderType, Protocol.ICMP, 0, S);
    if (!probe) {
      assertThat(p).isNull();
      assertThat(classifier.reason()).isEqualTo(ProbeClassifier.ICMP_NOT_ECHO);
      return;
    }
    assertThat(p.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(p.dstPort()).isEqualTo(8);
    assertThat(p.srcPort()).isEqualTo(code);
    assertThat(p.tcpFlags()).isEqualTo(Probe.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(
      value = DecodeOutcome.class,
      names = {"TCP", "UDP", "ICMP"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyOtherOutcome_isNoProbeWithItsLabelAsReason(DecodeOutcome outcome) {
    assertThat(classifier.classify(outcome, new DecodedPacket(), new byte[0], 0)).isNull();
    assertThat(classifier.reason()).isEqualTo(outcome.label());
  }
}
