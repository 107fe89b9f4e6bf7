package org.stormwatch.core.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.input.InputException;

class PcapReaderTest {
  private static final long SECOND = 1_000_000_000L;

  /** A 24-byte pcap file header; the magic is written in the given order. */
  private static Bytes fileHeader(ByteOrder order, long magic, long linkWord) {
    return Bytes.of(order)
        .u32(magic) // magic number
        .u16(2) // major version
        .u16(4) // minor version
        .u32(0) // reserved (thiszone)
        .u32(0) // reserved (sigfigs)
        .u32(65_535) // snapshot length
        .u32(linkWord); // link type and FCS information
  }

  /** A record header plus its captured bytes. */
  private static Bytes record(Bytes b, long seconds, long fraction, byte[] data) {
    return b.u32(seconds) // timestamp, seconds
        .u32(fraction) // timestamp, micro- or nanoseconds
        .u32(data.length) // captured length
        .u32(data.length) // original length
        .bytes(data);
  }

  static Stream<Arguments> magics() {
    return Stream.of(
        Arguments.of(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, false, "a1b2c3d4"),
        Arguments.of(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, false, "d4c3b2a1"),
        Arguments.of(ByteOrder.BIG_ENDIAN, 0xa1b23c4dL, true, "a1b23c4d"),
        Arguments.of(ByteOrder.LITTLE_ENDIAN, 0xa1b23c4dL, true, "4d3cb2a1"));
  }

  @ParameterizedTest(name = "{0} magic {3}")
  @MethodSource("magics")
  void readsBothByteOrdersAndResolutions(
      ByteOrder order, long magic, boolean nanos, String wireMagic) throws Exception {
    Bytes b = fileHeader(order, magic, 1);
    assertThat(b.toArray()).startsWith(Bytes.hexBytes(wireMagic));
    b.u32(1_600_000_000L) // seconds: 2020-09-13
        .u32(nanos ? 123_456_789 : 123_456) // fraction
        .u32(4) // captured length
        .u32(60) // original length: the frame was cut to 4 bytes
        .hex("de ad be ef"); // data
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.format).isEqualTo("pcap");
    assertThat(run.packets).hasSize(1);
    CaptureRun.Packet p = run.packets.get(0);
    assertThat(p.linkType()).isEqualTo(1);
    assertThat(p.timeNanos())
        .isEqualTo(1_600_000_000L * SECOND + (nanos ? 123_456_789L : 123_456_000L));
    assertThat(p.data()).containsExactly(Bytes.hexBytes("deadbeef"));
    assertThat(p.originalLength()).isEqualTo(60);
    assertThat(p.recordOffset()).isEqualTo(24);
    assertThat(run.returned).isEqualTo(1);
    assertThat(run.stats.malformed().total()).isZero();
    assertThat(run.stats.warnings()).isEmpty();
  }

  @Test
  void secondsWithTheHighBitSet_areAfter2038NotNegative() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 0x8000_0000L, 0, new byte[] {1}); // 2038-01-19T03:14:08Z
    record(b, 0xffff_ffffL, 999_999, new byte[] {2}); // 2106-02-07T06:28:15.999999Z
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.times())
        .containsExactly(0x8000_0000L * SECOND, 0xffff_ffffL * SECOND + 999_999_000L);
  }

  @Test
  void linkTypeWordWithFcsBits_givesTheLowSixteenBitsAsLinkType() throws Exception {
    // FCS length 4 (top nibble) and the "FCS length present" bit 0x04000000, link type 1.
    Bytes b = fileHeader(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, 0x4400_0001L);
    record(b, 1, 0, new byte[] {1});
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets).extracting(CaptureRun.Packet::linkType).containsExactly(1);
  }

  @Test
  void headerOnly_hasNoPacketsAndNothingMalformed() throws Exception {
    CaptureRun run = CaptureRun.read(fileHeader(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, 1).toArray());

    assertThat(run.packets).isEmpty();
    assertThat(run.units()).isZero();
    assertThat(run.stats.warnings()).isEmpty();
  }

  @Test
  void zeroLengthRecord_isDelivered() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 10, 0, new byte[0]);
    record(b, 11, 0, new byte[] {7});
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.times()).containsExactly(10 * SECOND, 11 * SECOND);
    assertThat(run.packets.get(0).data()).isEmpty();
  }

  @Test
  void truncatedLastRecord_isCountedAndEndsFile() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 100, 0, new byte[] {1, 2});
    record(b, 101, 0, new byte[] {3, 4});
    b.u32(102) // seconds
        .u32(0) // microseconds
        .u32(10) // captured length: 10 bytes promised
        .u32(10) // original length
        .hex("05 06 07"); // only 3 of them present
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.times()).containsExactly(100 * SECOND, 101 * SECOND);
    assertThat(run.stats.malformed().asMap()).containsExactly(Map.entry("truncated record", 1L));
    assertThat(run.stats.warnings()).singleElement().asString().contains("truncated");
    assertThat(run.units()).isEqualTo(3);
  }

  @Test
  void truncatedLastRecordHeader_isCountedAndEndsFile() throws Exception {
    Bytes b = fileHeader(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 100, 0, new byte[] {1});
    b.u32(101).hex("00 00 00"); // 7 bytes of a 16-byte record header
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets).hasSize(1);
    assertThat(run.stats.malformed().get("truncated record")).isEqualTo(1);
    assertThat(run.stats.warnings()).hasSize(1);
  }

  @Test
  void corruptRecordHeaderInTheMiddle_isCountedAndReaderResyncsToTheNextRecord() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 1_600_000_000L, 0, new byte[] {1, 1, 1, 1});
    int corruptAt = b.length();
    b.u32(1_600_000_001L) // seconds
        .u32(0) // microseconds
        .u32(0x8000_0000L) // captured length with the high bit set: corrupt
        .u32(0x8000_0000L) // original length
        .zeros(20); // bytes of no record
    int resumeAt = b.length();
    record(b, 1_600_000_002L, 0, new byte[] {2, 2, 2, 2});
    record(b, 1_600_000_003L, 0, new byte[] {3, 3, 3});
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.times())
        .containsExactly(1_600_000_000L * SECOND, 1_600_000_002L * SECOND, 1_600_000_003L * SECOND);
    assertThat(run.packets.get(1).recordOffset()).isEqualTo(resumeAt);
    assertThat(run.stats.malformed().asMap())
        .containsExactly(Map.entry("corrupt record header", 1L));
    assertThat(run.stats.skipped().get("bytes skipped after corrupt records"))
        .isEqualTo(resumeAt - corruptAt);
    assertThat(run.units()).isEqualTo(4);
  }

  @Test
  void originalLengthShorterThanCaptured_isCorrupt() throws Exception {
    Bytes b = fileHeader(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 1_600_000_000L, 0, new byte[] {1});
    b.u32(1_600_000_001L) // seconds
        .u32(0) // microseconds
        .u32(8) // captured length
        .u32(4) // original length below the captured one: impossible
        .zeros(8);
    record(b, 1_600_000_002L, 0, new byte[] {2});
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets).hasSize(2);
    assertThat(run.stats.malformed().get("corrupt record header")).isEqualTo(1);
    assertThat(run.stats.skipped().get("bytes skipped after corrupt records")).isEqualTo(24);
  }

  @Test
  void originalLengthWithTheHighBit_isCorrupt() throws Exception {
    Bytes b = fileHeader(ByteOrder.BIG_ENDIAN, 0xa1b2c3d4L, 1);
    b.u32(1).u32(0).u32(1).u32(0x8000_0001L).u8(9); // original length 2^31 + 1
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets).isEmpty();
    assertThat(run.stats.malformed().get("corrupt record header")).isEqualTo(1);
    assertThat(run.stats.warnings()).singleElement().asString().contains("no further record");
  }

  @Test
  void corruptHeaderWithNoGoodRecordAfterIt_endsTheFileWithAWarning() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4L, 1);
    record(b, 1_600_000_000L, 0, new byte[] {1});
    b.u32(1_600_000_000L).u32(0).u32(0xffff_ffffL).u32(0xffff_ffffL);
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets).hasSize(1);
    assertThat(run.units()).isEqualTo(2);
  }

  @Test
  void badMagic_isNoCapture() {
    byte[] b = Bytes.be().hex("a1b2c3d5").zeros(20).toArray();
    assertThatThrownBy(() -> CaptureRun.read(b))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not a pcap");
  }

  @Test
  void unsupportedVersion_namesTheVersionAndOffset() {
    byte[] b =
        Bytes.be()
            .u32(0xa1b2c3d4L) // magic
            .u16(3) // major version 3: unknown
            .u16(0) // minor version
            .zeros(16)
            .toArray();
    assertThatThrownBy(() -> CaptureRun.read(b))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("version 3.0")
        .hasMessageContaining("offset 4");
  }

  @Test
  void truncatedFileHeader_isAnInputException() {
    byte[] b = Bytes.le().u32(0xa1b2c3d4L).u16(2).u16(4).toArray();
    assertThatThrownBy(() -> CaptureRun.read(b))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("8 of 24");
  }

  @Test
  void recordsOnARawIpLinkType_carryThatLinkType() throws Exception {
    Bytes b = fileHeader(ByteOrder.LITTLE_ENDIAN, 0xa1b23c4dL, 101);
    record(b, 5, 999_999_999, new byte[] {0x45});
    CaptureRun run = CaptureRun.read(b.toArray());

    assertThat(run.packets.get(0).linkType()).isEqualTo(101);
    assertThat(run.packets.get(0).timeNanos()).isEqualTo(5 * SECOND + 999_999_999L);
  }
}
