package org.stormwatch.core.capture;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng): a sequence of sections, each opened by a Section Header
 * Block that fixes the byte order, holding Interface Description Blocks (link type, snapshot
 * length, timestamp resolution {@code if_tsresol} and offset {@code if_tsoffset}) and packet blocks
 * that name their interface: Enhanced (type 6), Simple (3, no timestamp: it takes the last
 * timestamp seen) and the obsolete Packet Block (2). Every other block is skipped and counted.
 *
 * <p>Each block is framed by its total length, repeated at its end; a block whose two lengths
 * disagree or are impossible is corrupt: it is counted and the reader searches, 4 bytes at a time,
 * for the next block of a known type whose lengths agree. A block cut short by the end of the file
 * is counted as truncated and ends the file.
 */
final class PcapngReader implements CaptureReader {
  static final long SHB_TYPE = 0x0A0D0D0AL;
  static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
  static final long IDB_TYPE = 1;
  static final long OBSOLETE_PACKET_TYPE = 2;
  static final long SPB_TYPE = 3;
  static final long EPB_TYPE = 6;

  /** Blocks beyond this length are taken as corrupt: no packet block is that large. */
  static final int MAX_BLOCK = 64 << 20;

  private static final int MAX_RESYNC_BYTES = 16 << 20;

  private final String name;
  private final ByteInput in;
  private final List<Interface> interfaces = new ArrayList<>();
  private long lastTime;
  private boolean inSection;

  private record Interface(int linkType, long snapLength, int resolution, long offsetSeconds) {}

  private PcapngReader(String name, ByteInput in) {
    this.name = name;
    this.in = in;
  }

  /** {@code in} must stand at the first Section Header Block. */
  static PcapngReader open(String name, ByteInput in) throws IOException, InputException {
    if (!in.ensure(12)) {
      throw new InputException(
          name + ": truncated pcapng section header (" + in.available() + " bytes)");
    }
    in.order(ByteOrder.BIG_ENDIAN);
    long magic = in.u32(8);
    if (magic != BYTE_ORDER_MAGIC && Long.reverseBytes(magic << 32) != BYTE_ORDER_MAGIC) {
      throw new InputException(
          name
              + ": corrupt pcapng section header (byte-order magic 0x"
              + Long.toHexString(magic)
              + " at offset 8)");
    }
    return new PcapngReader(name, in);
  }

  @Override
  public String format() {
    return "pcapng";
  }

  @Override
  public long read(PacketSink sink, ReadStats stats) throws IOException {
    long packets = 0;
    while (true) {
      long blockOffset = in.offset();
      if (!in.ensure(12)) {
        if (in.available() > 0) {
          truncated(stats, blockOffset, "block header cut short at end of file");
        }
        return packets;
      }
      if (in.u32(0) == SHB_TYPE) { // the type reads the same in both byte orders
        if (!setSectionByteOrder()) {
          corrupt(stats, blockOffset, "section header with a bad byte-order magic");
          if (!resync(stats, blockOffset)) {
            return packets;
          }
          continue;
        }
      }
      long type = in.u32(0);
      long length = in.u32(4);
      if (length < 12 || (length & 3) != 0 || length > MAX_BLOCK) {
        corrupt(stats, blockOffset, "block length " + length);
        if (!resync(stats, blockOffset)) {
          return packets;
        }
        continue;
      }
      int len = (int) length;
      if (!in.ensure(len)) {
        truncated(stats, blockOffset, in.available() + " of " + len + " bytes at end of file");
        return packets;
      }
      if (in.u32(len - 4) != length) {
        corrupt(
            stats,
            blockOffset,
            "leading length " + length + " differs from trailing length " + in.u32(len - 4));
        if (!resync(stats, blockOffset)) {
          return packets;
        }
        continue;
      }
      if (type == SHB_TYPE) {
        readSectionHeader(stats, blockOffset, len);
      } else if (!inSection) {
        corrupt(stats, blockOffset, "block of type " + type + " before any section header");
      } else if (type == IDB_TYPE) {
        readInterface(stats, blockOffset, len);
      } else if (type == EPB_TYPE || type == OBSOLETE_PACKET_TYPE) {
        packets += readPacket(sink, stats, blockOffset, len, type == EPB_TYPE);
      } else if (type == SPB_TYPE) {
        packets += readSimplePacket(sink, stats, blockOffset, len);
      } else {
        stats.skipped("pcapng blocks of other types", 1);
      }
      in.skip(len);
    }
  }

  private boolean setSectionByteOrder() {
    in.order(ByteOrder.BIG_ENDIAN);
    if (in.u32(8) == BYTE_ORDER_MAGIC) {
      return true;
    }
    in.order(ByteOrder.LITTLE_ENDIAN);
    return in.u32(8) == BYTE_ORDER_MAGIC;
  }

  private void readSectionHeader(ReadStats stats, long blockOffset, int len) {
    interfaces.clear();
    inSection = true;
    if (len < 28) {
      corrupt(stats, blockOffset, "section header of " + len + " bytes");
      return;
    }
    int major = in.u16(12);
    if (major != 1) {
      stats.warn(
          name
              + ": section at offset "
              + blockOffset
              + " has version "
              + major
              + "."
              + in.u16(14)
              + "; read as 1.0");
    }
  }

  private void readInterface(ReadStats stats, long blockOffset, int len) {
    if (len < 20) {
      corrupt(stats, blockOffset, "interface description of " + len + " bytes");
      interfaces.add(new Interface(-1, 0, 6, 0));
      return;
    }
    int linkType = in.u16(8);
    long snap = in.u32(12);
    int resolution = 6;
    long offsetSeconds = 0;
    int at = 16;
    int end = len - 4;
    while (at + 4 <= end) {
      int code = in.u16(at);
      int optLen = in.u16(at + 2);
      if (code == 0) {
        break;
      }
      if (at + 4 + optLen > end) {
        corrupt(
            stats,
            blockOffset,
            "interface option " + code + " of " + optLen + " bytes runs past the block");
        break;
      }
      if (code == 9 && optLen >= 1) {
        resolution = in.u8(at + 4);
      } else if (code == 14 && optLen >= 8) {
        offsetSeconds =
            in.order() == ByteOrder.BIG_ENDIAN
                ? (in.u32(at + 4) << 32) | in.u32(at + 8)
                : (in.u32(at + 8) << 32) | in.u32(at + 4);
      }
      at += 4 + ((optLen + 3) & ~3);
    }
    interfaces.add(new Interface(linkType, snap, resolution, offsetSeconds));
  }

  private int readPacket(
      PacketSink sink, ReadStats stats, long blockOffset, int len, boolean enhanced) {
    int header = 28;
    if (len < header + 4) {
      corrupt(stats, blockOffset, "packet block of " + len + " bytes");
      return 0;
    }
    long interfaceId = enhanced ? in.u32(8) : in.u16(8);
    long high = in.u32(12);
    long low = in.u32(16);
    long captured = in.u32(20);
    long original = in.u32(24);
    if (captured > len - header - 4) {
      corrupt(stats, blockOffset, "captured length " + captured + " runs past the block");
      return 0;
    }
    if (interfaceId >= interfaces.size()) {
      corrupt(
          stats, blockOffset, "packet names interface " + interfaceId + " of " + interfaces.size());
      return 0;
    }
    Interface itf = interfaces.get((int) interfaceId);
    lastTime = toNanos((high << 32) | low, itf);
    sink.packet(
        itf.linkType,
        lastTime,
        in.array(),
        in.position() + header,
        (int) captured,
        (int) Math.min(Integer.MAX_VALUE, original),
        blockOffset);
    return 1;
  }

  private int readSimplePacket(PacketSink sink, ReadStats stats, long blockOffset, int len) {
    if (len < 16 || interfaces.isEmpty()) {
      corrupt(
          stats,
          blockOffset,
          interfaces.isEmpty()
              ? "simple packet block before any interface"
              : "simple packet block of " + len + " bytes");
      return 0;
    }
    Interface itf = interfaces.get(0);
    long original = in.u32(8);
    long captured = Math.min(original, len - 16L);
    if (itf.snapLength > 0) {
      captured = Math.min(captured, itf.snapLength);
    }
    sink.packet(
        itf.linkType,
        lastTime,
        in.array(),
        in.position() + 12,
        (int) captured,
        (int) Math.min(Integer.MAX_VALUE, original),
        blockOffset);
    return 1;
  }

  /** Converts a timestamp in the interface's units to nanoseconds since the epoch. */
  static long toNanos(long units, int resolution, long offsetSeconds) {
    int exponent = resolution & 0x7f;
    long nanos;
    if ((resolution & 0x80) == 0) {
      if (exponent <= 9) {
        nanos = units * POWERS_OF_TEN[9 - exponent];
      } else {
        nanos =
            exponent - 9 >= POWERS_OF_TEN.length
                ? 0
                : Long.divideUnsigned(units, POWERS_OF_TEN[exponent - 9]);
      }
    } else if (exponent <= 30) {
      long whole = units >>> exponent;
      long fraction = units & ((1L << exponent) - 1);
      nanos = whole * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> exponent);
    } else {
      nanos =
          new BigInteger(Long.toUnsignedString(units))
              .multiply(BigInteger.valueOf(1_000_000_000L))
              .shiftRight(exponent)
              .longValue();
    }
    return nanos + offsetSeconds * 1_000_000_000L;
  }

  private static long toNanos(long units, Interface itf) {
    return toNanos(units, itf.resolution, itf.offsetSeconds);
  }

  private static final long[] POWERS_OF_TEN = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L,
    100_000_000_000L,
    1_000_000_000_000L,
    10_000_000_000_000L,
    100_000_000_000_000L,
    1_000_000_000_000_000L,
    10_000_000_000_000_000L,
    100_000_000_000_000_000L,
    1_000_000_000_000_000_000L
  };

  /** Searches, 4 bytes at a time, for a block of a known type whose two lengths agree. */
  private boolean resync(ReadStats stats, long corruptOffset) throws IOException {
    for (int skipped = 4; skipped <= MAX_RESYNC_BYTES; skipped += 4) {
      in.skip(4);
      if (!in.ensure(12)) {
        stats.warn(
            name + ": corrupt block at offset " + corruptOffset + "; no further block found");
        return false;
      }
      long type = in.u32(0);
      boolean known =
          type == SHB_TYPE
              || type == IDB_TYPE
              || type == EPB_TYPE
              || type == SPB_TYPE
              || type == OBSOLETE_PACKET_TYPE;
      long length = in.u32(4);
      if (!known
          || length < 12
          || (length & 3) != 0
          || length > MAX_BLOCK
          || !in.ensure((int) length)) {
        continue;
      }
      if (in.u32((int) length - 4) == length) {
        stats.skipped("bytes skipped after corrupt blocks", skipped);
        return true;
      }
    }
    stats.warn(
        name
            + ": corrupt block at offset "
            + corruptOffset
            + "; gave up after "
            + MAX_RESYNC_BYTES
            + " bytes");
    return false;
  }

  private void corrupt(ReadStats stats, long offset, String detail) {
    stats.malformed(name + ": offset " + offset, "corrupt block", detail);
  }

  private void truncated(ReadStats stats, long offset, String detail) {
    stats.malformed(name + ": offset " + offset, "truncated block", detail);
    stats.warn(name + ": the last block is truncated at offset " + offset);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
