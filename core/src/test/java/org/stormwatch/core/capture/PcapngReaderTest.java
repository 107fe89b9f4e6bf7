package org.stormwatch.core.capture;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.stormwatch.core.input.InputException;

class PcapngReaderTest {
  private static final long SECOND = 1_000_000_000L;
  private static final byte[] FRAME = Bytes.hexBytes("0102030405");

  /** Section Header Block, version 1.0, section length unknown, no options. */
  static byte[] shb(ByteOrder order) {
    byte[] body =
        Bytes.of(order)
            .u32(0x1A2B3C4DL) // byte-order magic
            .u16(1) // major version
            .u16(0) // minor version
            .u64(-1L) // section length: unknown
            .toArray();
    return Bytes.block(order, 0x0A0D0D0AL, body);
  }

  /** Interface Description Block with the given options (already encoded, end of options added). */
  static byte[] idb(ByteOrder order, int linkType, long snapLength, byte[] options) {
    Bytes body =
        Bytes.of(order)
            .u16(linkType) // link type
            .u16(0) // reserved
            .u32(snapLength) // snapshot length
            .bytes(options);
    if (options.length > 0) {
      body.u16(0).u16(0); // opt_endofopt
    }
    return Bytes.block(order, 1, body.toArray());
  }

  static byte[] idb(ByteOrder order, int linkType) {
    return idb(order, linkType, 0, new byte[0]);
  }

  /** The if_tsresol option (code 9, one byte, padded). */
  static byte[] tsresol(ByteOrder order, int resolution) {
    return Bytes.of(order).u16(9).u16(1).u8(resolution).zeros(3).toArray();
  }

  /** The if_tsoffset option (code 14, a signed 64-bit count of seconds). */
  static byte[] tsoffset(ByteOrder order, long seconds) {
    return Bytes.of(order).u16(14).u16(8).u64(seconds).toArray();
  }

  /** Enhanced Packet Block. */
  static byte[] epb(ByteOrder order, long interfaceId, long units, byte[] data, long original) {
    byte[] body =
        Bytes.of(order)
            .u32(interfaceId) // interface id
            .u32(units >>> 32) // timestamp, upper 32 bits
            .u32(units) // timestamp, lower 32 bits
            .u32(data.length) // captured length
            .u32(original) // original length
            .bytes(data) // data, padded by block()
            .toArray();
    return Bytes.block(order, 6, body);
  }

  static byte[] epb(ByteOrder order, long interfaceId, long units) {
    return epb(order, interfaceId, units, FRAME, FRAME.length);
  }

  @ParameterizedTest
  @EnumSource(
      names = {"LITTLE_ENDIAN", "BIG_ENDIAN"},
      value = Order.class)
  void readsAnEnhancedPacketBlock_inEitherByteOrder(Order o) throws Exception {
    ByteOrder order = o.order;
    byte[] capture =
        Bytes.of(order)
            // Section Header Block
            .u32(0x0A0D0D0AL) // block type
            .u32(28) // block total length
            .u32(0x1A2B3C4DL) // byte-order magic
            .u16(1) // major version
            .u16(0) // minor version
            .u64(-1L) // section length
            .u32(28) // block total length
            // Interface Description Block
            .u32(1) // block type
            .u32(20) // block total length
            .u16(1) // link type: Ethernet
            .u16(0) // reserved
            .u32(262_144) // snapshot length
            .u32(20) // block total length
            // Enhanced Packet Block
            .u32(6) // block type
            .u32(40) // block total length
            .u32(0) // interface id
            .u32(0x0005_8a3c) // timestamp high: microseconds since 1970
            .u32(0x8000_0001L) // timestamp low, high bit set
            .u32(5) // captured length
            .u32(1514) // original length
            .hex("0102030405 000000") // data and padding
            .u32(40) // block total length
            .toArray();
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.format).isEqualTo("pcapng");
    assertThat(run.packets).hasSize(1);
    CaptureRun.Packet p = run.packets.get(0);
    long micros = (0x0005_8a3cL << 32) | 0x8000_0001L;
    assertThat(p.timeNanos()).isEqualTo(micros * 1000);
    assertThat(p.linkType()).isEqualTo(1);
    assertThat(p.data()).containsExactly(FRAME);
    assertThat(p.originalLength()).isEqualTo(1514);
    assertThat(p.recordOffset()).isEqualTo(48);
    assertThat(run.stats.malformed().total()).isZero();
    assertThat(run.stats.warnings()).isEmpty();
  }

  enum Order {
    LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN),
    BIG_ENDIAN(ByteOrder.BIG_ENDIAN);

    final ByteOrder order;

    Order(ByteOrder order) {
      this.order = order;
    }
  }

  @Test
  void eachInterfaceHasItsOwnLinkTypeResolutionAndOffset() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] capture =
        Bytes.concat(
            shb(o),
            idb(o, 1), // 0: Ethernet, microseconds (default)
            idb(o, 113, 0, tsresol(o, 9)), // 1: Linux SLL, nanoseconds
            idb(o, 228, 0, tsresol(o, 0x80 | 20)), // 2: raw IPv4, 2^-20 s
            idb(o, 276, 0, Bytes.concat(tsresol(o, 3), tsoffset(o, 1_000_000))), // 3: ms, +1e6 s
            idb(o, 229, 0, tsoffset(o, -3600)), // 4: raw IPv6, µs, one hour back
            epb(o, 0, 1_500_000),
            epb(o, 1, 1_500_000),
            epb(o, 2, (5L << 20) | (1L << 19)),
            epb(o, 3, 2_500),
            epb(o, 4, 7_200_000_000L));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets)
        .extracting(CaptureRun.Packet::linkType)
        .containsExactly(1, 113, 228, 276, 229);
    assertThat(run.times())
        .containsExactly(
            1_500_000_000L, // 1.5 s
            1_500_000L, // 1.5 ms
            5 * SECOND + SECOND / 2, // 5.5 s
            1_000_002 * SECOND + SECOND / 2, // 2.5 s + 1e6 s
            3600 * SECOND); // 7200 s - 3600 s
    assertThat(run.stats.malformed().total()).isZero();
  }

  @Test
  void severalSections_inBothByteOrders_resetTheInterfaces() throws Exception {
    byte[] capture =
        Bytes.concat(
            shb(LITTLE_ENDIAN),
            idb(LITTLE_ENDIAN, 1),
            idb(LITTLE_ENDIAN, 113),
            epb(LITTLE_ENDIAN, 1, 1_000_000),
            shb(BIG_ENDIAN),
            idb(BIG_ENDIAN, 101, 0, tsresol(BIG_ENDIAN, 9)),
            epb(BIG_ENDIAN, 0, 2_000_000_000L),
            epb(BIG_ENDIAN, 1, 3_000_000_000L), // interface 1 belonged to the first section
            shb(LITTLE_ENDIAN),
            idb(LITTLE_ENDIAN, 0),
            epb(LITTLE_ENDIAN, 0, 4_000_000));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).extracting(CaptureRun.Packet::linkType).containsExactly(113, 101, 0);
    assertThat(run.times()).containsExactly(1 * SECOND, 2 * SECOND, 4 * SECOND);
    assertThat(run.stats.malformed().asMap()).containsExactly(Map.entry("corrupt block", 1L));
    assertThat(run.stats.examples()).singleElement().asString().contains("interface 1 of 1");
  }

  @Test
  void simplePacketBlock_takesInterfaceZeroAndTheLastTimestamp() throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] spb =
        Bytes.block(
            o,
            3,
            Bytes.of(o)
                .u32(9) // original length: 9 bytes on the wire
                .hex("aabbccdd eeff0011 22") // data
                .toArray());
    byte[] spbSnapped =
        Bytes.block(
            o,
            3,
            Bytes.of(o)
                .u32(0xffff_ffffL) // original length with the high bit: 4 GiB
                .hex("99887766 55443322") // 8 bytes present
                .toArray());
    byte[] capture =
        Bytes.concat(
            shb(o),
            idb(o, 1, 6, new byte[0]), // snapshot length 6
            idb(o, 101),
            epb(o, 1, 42_000_000),
            spb,
            spbSnapped);
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).hasSize(3);
    CaptureRun.Packet simple = run.packets.get(1);
    assertThat(simple.linkType()).isEqualTo(1);
    assertThat(simple.timeNanos()).isEqualTo(42 * SECOND);
    assertThat(simple.data()).containsExactly(Bytes.hexBytes("aabbccddeeff"));
    assertThat(simple.originalLength()).isEqualTo(9);
    CaptureRun.Packet snapped = run.packets.get(2);
    assertThat(snapped.data()).containsExactly(Bytes.hexBytes("998877665544"));
    assertThat(snapped.originalLength()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void simplePacketBlockBeforeAnyInterface_isCorrupt() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] spb = Bytes.block(o, 3, Bytes.of(o).u32(1).u8(0x45).toArray());
    byte[] capture = Bytes.concat(shb(o), spb, idb(o, 1), epb(o, 0, 1));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).hasSize(1);
    assertThat(run.stats.malformed().get("corrupt block")).isEqualTo(1);
  }

  @Test
  void obsoletePacketBlock_isRead() throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] packetBlock =
        Bytes.block(
            o,
            2,
            Bytes.of(o)
                .u16(1) // interface id (16 bits)
                .u16(0xffff) // drops count
                .u32(0) // timestamp high
                .u32(0xfedc_ba98L) // timestamp low, high bit set
                .u32(3) // captured length
                .u32(64) // original length
                .hex("0a0b0c") // data
                .toArray());
    byte[] capture = Bytes.concat(shb(o), idb(o, 1), idb(o, 229, 0, tsresol(o, 9)), packetBlock);
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.linkType()).isEqualTo(229);
              assertThat(p.timeNanos()).isEqualTo(0xfedc_ba98L);
              assertThat(p.data()).containsExactly(10, 11, 12);
              assertThat(p.originalLength()).isEqualTo(64);
            });
  }

  @Test
  void unknownBlocks_areSkippedAndCounted() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] capture =
        Bytes.concat(
            shb(o),
            Bytes.block(o, 5, Bytes.le().u32(0).zeros(8).toArray()), // interface statistics
            idb(o, 1),
            Bytes.block(o, 4, Bytes.le().u16(1).u16(4).hex("c0a80001").toArray()), // name res.
            epb(o, 0, 1),
            Bytes.block(o, 0x8000_0BADL, Bytes.hexBytes("0102")), // custom, high bit
            Bytes.block(o, 0x4000_0001L, new byte[0]), // local use, empty body
            epb(o, 0, 2));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(1000L, 2000L);
    assertThat(run.stats.skipped().get("pcapng blocks of other types")).isEqualTo(4);
    assertThat(run.stats.malformed().total()).isZero();
  }

  @Test
  void truncatedLastBlock_isCountedAndEndsFile() throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] last = epb(o, 0, 3);
    byte[] capture =
        Bytes.concat(
            shb(o),
            idb(o, 1),
            epb(o, 0, 1),
            epb(o, 0, 2),
            java.util.Arrays.copyOf(last, last.length - 5));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(1000L, 2000L);
    assertThat(run.stats.malformed().asMap()).containsExactly(Map.entry("truncated block", 1L));
    assertThat(run.stats.warnings()).singleElement().asString().contains("truncated");
  }

  @Test
  void truncatedBlockHeader_isCountedAndEndsFile() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] capture = Bytes.concat(shb(o), idb(o, 1), epb(o, 0, 1), Bytes.le().u32(6).toArray());
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).hasSize(1);
    assertThat(run.stats.malformed().get("truncated block")).isEqualTo(1);
  }

  @Test
  void blockWhoseLengthsDisagree_isCountedAndTheReaderResyncs() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] broken = epb(o, 0, 2);
    broken[broken.length - 4] ^= 0x04; // trailing length 44 instead of 40
    byte[] head = Bytes.concat(shb(o), idb(o, 1), epb(o, 0, 1));
    byte[] capture = Bytes.concat(head, broken, epb(o, 0, 3), epb(o, 0, 4));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(1000L, 3000L, 4000L);
    assertThat(run.packets.get(1).recordOffset()).isEqualTo(head.length + broken.length);
    assertThat(run.stats.malformed().asMap()).containsExactly(Map.entry("corrupt block", 1L));
    assertThat(run.stats.skipped().get("bytes skipped after corrupt blocks"))
        .isEqualTo(broken.length);
  }

  @ParameterizedTest
  @CsvSource({"8", "42", "0x80000000", "0xfffffffc"})
  void impossibleBlockLength_isCorrupt(String length) throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] bad = Bytes.be().u32(6).u32(Long.decode(length)).zeros(12).toArray();
    byte[] capture = Bytes.concat(shb(o), idb(o, 1), bad, epb(o, 0, 7));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(7000L);
    assertThat(run.stats.malformed().asMap()).containsExactly(Map.entry("corrupt block", 1L));
  }

  @Test
  void capturedLengthPastTheBlock_isCorrupt() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] epb = epb(o, 0, 1);
    epb[20] = 9; // captured length 9 in a block holding 8 data bytes
    byte[] capture = Bytes.concat(shb(o), idb(o, 1), epb, epb(o, 0, 2));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(2000L);
    assertThat(run.stats.malformed().get("corrupt block")).isEqualTo(1);
    assertThat(run.stats.examples()).singleElement().asString().contains("captured length 9");
  }

  @Test
  void capturedLengthWithTheHighBit_isCorrupt() throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] epb = epb(o, 0, 1);
    epb[20] = (byte) 0x80; // captured length 0x80000005
    byte[] capture = Bytes.concat(shb(o), idb(o, 1), epb, epb(o, 0, 2));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.times()).containsExactly(2000L);
    assertThat(run.stats.malformed().get("corrupt block")).isEqualTo(1);
  }

  @Test
  void packetOnAnUndescribedInterface_isCorrupt() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] capture = Bytes.concat(shb(o), epb(o, 0, 1), idb(o, 1), epb(o, 0xffff_ffffL, 2));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).isEmpty();
    assertThat(run.stats.malformed().get("corrupt block")).isEqualTo(2);
  }

  @Test
  void interfaceOptionRunningPastItsBlock_isCountedButTheInterfaceKept() throws Exception {
    ByteOrder o = LITTLE_ENDIAN;
    byte[] badOption = Bytes.le().u16(2).u16(200).zeros(4).toArray(); // if_name of 200 bytes
    byte[] capture = Bytes.concat(shb(o), idb(o, 113, 0, badOption), epb(o, 0, 1));
    CaptureRun run = CaptureRun.read(capture);

    assertThat(run.packets).extracting(CaptureRun.Packet::linkType).containsExactly(113);
    assertThat(run.stats.malformed().get("corrupt block")).isEqualTo(1);
  }

  @Test
  void sectionOfAnotherMajorVersion_isReadWithAWarning() throws Exception {
    ByteOrder o = BIG_ENDIAN;
    byte[] shb = shb(o);
    shb[13] = 2; // major version 2
    CaptureRun run = CaptureRun.read(Bytes.concat(shb, idb(o, 1), epb(o, 0, 1)));

    assertThat(run.packets).hasSize(1);
    assertThat(run.stats.warnings()).singleElement().asString().contains("version 2.0");
  }

  @Test
  void badByteOrderMagic_isAnInputException() {
    byte[] shb = shb(LITTLE_ENDIAN);
    shb[8] = 0x4e;
    assertThatThrownBy(() -> CaptureRun.read(shb))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("byte-order magic")
        .hasMessageContaining("offset 8");
  }

  @ParameterizedTest(name = "resolution {0}: {1} units + {2} s = {3} ns")
  @CsvSource({
    "6, 1000001, 0, 1000001000",
    "9, 1000000001, 0, 1000000001",
    "0, 3, 0, 3000000000",
    "3, 1500, 0, 1500000000",
    "12, 1500000, 0, 1500",
    "25, 50000000000000000, 0, 5",
    "26, 500000000000000000, 0, 5",
    "27, 5000000000000000000, 0, 5",
    "128, 7, 0, 7000000000", // 2^0: seconds
    "148, 1572864, 0, 1500000000", // 2^-20: 1.5 * 2^20
    "158, 3221225472, 0, 3000000000", // 2^-30: 3 * 2^30
    "160, 12884901888, 0, 3000000000", // 2^-32
    "6, 0, -3600, -3600000000000",
    "6, 0, 4102444800, 4102444800000000000", // offset to 2100-01-01
  })
  void timestampUnitsAndOffset_convertToNanoseconds(
      int resolution, long units, long offsetSeconds, long nanos) {
    assertThat(PcapngReader.toNanos(units, resolution, offsetSeconds)).isEqualTo(nanos);
  }

  @Test
  void timestampWithTheHighBitOfTheUpperWord_isAnUnsignedCount() {
    // 2^63 + 2^62 picoseconds = 13835058055282163712 ps = 13835058055282163 ns.
    assertThat(PcapngReader.toNanos(0xC000_0000_0000_0000L, 12, 0))
        .isEqualTo(13_835_058_055_282_163L);
  }
}
