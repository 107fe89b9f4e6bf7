package org.stormwatch.core.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.ReadStats;

/**
 * Reads the classic libpcap format: a 24-byte file header (magic, version, snaplen, link type) and
 * records of a 16-byte header (seconds, micro- or nanoseconds, captured and original length) plus
 * the captured bytes. Both byte orders and both timestamp resolutions, told apart by the magic.
 *
 * <p>A record header whose captured length is impossible (beyond {@link #MAX_RECORD} or the
 * snapshot length) is corrupt: it is counted, and the reader looks for the next offset where two
 * consecutive plausible headers stand (Wireshark's own heuristic for damaged files), within {@link
 * #MAX_RESYNC_BYTES}. A record cut short by the end of the file is counted as truncated and ends
 * the file. Reference: draft-ietf-opsawg-pcap.
 */
final class PcapReader implements CaptureReader {
  static final int FILE_HEADER_LENGTH = 24;
  static final int RECORD_HEADER_LENGTH = 16;

  /** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD: no real link layer captures more in one record. */
  static final int MAX_RECORD = 262_144;

  static final int MAX_RESYNC_BYTES = 16 << 20;

  private final String name;
  private final ByteInput in;
  private final boolean nanos;
  private final int linkType;
  private final long snapLength;

  /** The largest captured length a plausible record header may give. */
  private final long capturedLimit;

  private long lastSeconds = -1;

  private PcapReader(String name, ByteInput in, boolean nanos, int linkType, long snapLength) {
    this.name = name;
    this.in = in;
    this.nanos = nanos;
    this.linkType = linkType;
    this.snapLength = snapLength;
    this.capturedLimit =
        Math.max(MAX_RECORD, snapLength == 0 ? MAX_RECORD : Math.min(snapLength, 1L << 26));
  }

  /** Reads the file header; {@code in} must stand at the magic number. */
  static PcapReader open(String name, ByteInput in) throws IOException, InputException {
    if (!in.ensure(FILE_HEADER_LENGTH)) {
      throw new InputException(
          name + ": truncated pcap file header (" + in.available() + " of 24 bytes)");
    }
    in.order(ByteOrder.BIG_ENDIAN);
    long magic = in.u32(0);
    boolean nanos;
    if (magic == 0xa1b2c3d4L || magic == 0xa1b23c4dL) {
      in.order(ByteOrder.BIG_ENDIAN);
    } else if (magic == 0xd4c3b2a1L || magic == 0x4d3cb2a1L) {
      in.order(ByteOrder.LITTLE_ENDIAN);
    } else {
      throw new InputException(
          name + ": not a pcap file (magic 0x" + Long.toHexString(magic) + ")");
    }
    nanos = magic == 0xa1b23c4dL || magic == 0x4d3cb2a1L;
    int major = in.u16(4);
    if (major != 2) {
      throw new InputException(
          name + ": unsupported pcap version " + major + "." + in.u16(6) + " at offset 4");
    }
    long snap = in.u32(16);
    // The link type is the low 16 bits; the upper ones carry the FCS length, its "present" bit
    // (0x04000000) and reserved bits (draft-ietf-opsawg-pcap 4.1, libpcap's LT_LINKTYPE).
    int link = (int) (in.u32(20) & 0xffffL);
    in.skip(FILE_HEADER_LENGTH);
    return new PcapReader(name, in, nanos, link, snap);
  }

  @Override
  public String format() {
    return "pcap";
  }

  @Override
  public long read(PacketSink sink, ReadStats stats) throws IOException {
    long packets = 0;
    while (true) {
      packets += readBuffered(sink);
      // One record by the general path: it refills the buffer, and tells truncated and corrupt
      // records.
      long recordOffset = in.offset();
      if (!in.ensure(RECORD_HEADER_LENGTH)) {
        if (in.available() > 0) {
          stats.malformed(
              where(recordOffset), "truncated record", "record header cut short at end of file");
          stats.warn(name + ": the last record is truncated at offset " + recordOffset);
        }
        return packets;
      }
      if (!plausibleHeader(0)) {
        stats.malformed(
            where(recordOffset),
            "corrupt record header",
            "captured length " + in.u32(8) + ", original length " + in.u32(12));
        if (!resync(stats, recordOffset)) {
          return packets;
        }
        continue;
      }
      int captured = (int) in.u32(8);
      if (!in.ensure(RECORD_HEADER_LENGTH + captured)) {
        stats.malformed(
            where(recordOffset),
            "truncated record",
            (in.available() - RECORD_HEADER_LENGTH) + " of " + captured + " bytes at end of file");
        stats.warn(name + ": the last record is truncated at offset " + recordOffset);
        return packets;
      }
      long seconds = in.u32(0);
      long fraction = in.u32(4);
      long time = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
      lastSeconds = seconds;
      int original = (int) Math.min(Integer.MAX_VALUE, in.u32(12));
      sink.packet(
          linkType,
          time,
          in.array(),
          in.position() + RECORD_HEADER_LENGTH,
          captured,
          original,
          recordOffset);
      packets++;
      in.skip(RECORD_HEADER_LENGTH + captured);
    }
  }

  /**
   * The fast path: hands over, in one loop, every record that lies wholly in the buffer and has a
   * plausible header, reading the header fields straight from the array. It stops at the first
   * record that needs the general path in {@link #read} (cut by the end of the buffer, or
   * implausible), which then sees exactly what it would have seen without this loop. Under the
   * quick compiler the general path's calls per field were about a fifth of a report's time.
   *
   * @return the number of packets handed over
   */
  private long readBuffered(PacketSink sink) {
    byte[] a = in.array();
    int start = in.position();
    int limit = in.limit();
    long offsetOfStart = in.offset();
    boolean swap = in.littleEndian();
    long packets = 0;
    int p = start;
    while (limit - p >= RECORD_HEADER_LENGTH) {
      // Each field read big-endian and byte-swapped for little-endian files, written out here:
      // a helper method would be too long for the quick compiler to inline.
      int w = a[p + 8] << 24 | (a[p + 9] & 0xff) << 16 | (a[p + 10] & 0xff) << 8 | a[p + 11] & 0xff;
      long captured = (swap ? Integer.reverseBytes(w) : w) & 0xffff_ffffL;
      w = a[p + 12] << 24 | (a[p + 13] & 0xff) << 16 | (a[p + 14] & 0xff) << 8 | a[p + 15] & 0xff;
      long original = (swap ? Integer.reverseBytes(w) : w) & 0xffff_ffffL;
      if (!plausible(captured, original) || limit - p - RECORD_HEADER_LENGTH < captured) {
        break;
      }
      w = a[p] << 24 | (a[p + 1] & 0xff) << 16 | (a[p + 2] & 0xff) << 8 | a[p + 3] & 0xff;
      long seconds = (swap ? Integer.reverseBytes(w) : w) & 0xffff_ffffL;
      w = a[p + 4] << 24 | (a[p + 5] & 0xff) << 16 | (a[p + 6] & 0xff) << 8 | a[p + 7] & 0xff;
      long fraction = (swap ? Integer.reverseBytes(w) : w) & 0xffff_ffffL;
      lastSeconds = seconds;
      sink.packet(
          linkType,
          seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L),
          a,
          p + RECORD_HEADER_LENGTH,
          (int) captured,
          (int) original,
          offsetOfStart + (p - start));
      packets++;
      p += RECORD_HEADER_LENGTH + (int) captured;
    }
    in.skip(p - start);
    return packets;
  }

  /** Whether a record header at {@code position() + at} could be real. */
  private boolean plausibleHeader(int at) {
    return plausible(in.u32(at + 8), in.u32(at + 12));
  }

  private boolean plausible(long captured, long original) {
    if (captured > capturedLimit || original > (1L << 26)) {
      return false;
    }
    return original == 0 || original >= captured;
  }

  /**
   * Skips forward byte by byte to the next offset where a plausible header is followed by another
   * plausible header (or by the end of the file) and whose time is close to the last good one.
   */
  private boolean resync(ReadStats stats, long corruptOffset) throws IOException {
    for (int skipped = 1; skipped <= MAX_RESYNC_BYTES; skipped++) {
      in.skip(1);
      if (!in.ensure(RECORD_HEADER_LENGTH)) {
        stats.warn(
            name + ": corrupt record at offset " + corruptOffset + "; no further record found");
        return false;
      }
      if (!plausibleHeader(0) || !closeInTime(in.u32(0))) {
        continue;
      }
      int captured = (int) in.u32(8);
      int next = RECORD_HEADER_LENGTH + captured;
      if (!in.ensure(next + RECORD_HEADER_LENGTH)) {
        if (in.available() == next) {
          return resynced(stats, corruptOffset, skipped);
        }
        continue;
      }
      if (plausibleHeader(next) && closeInTime(in.u32(next))) {
        return resynced(stats, corruptOffset, skipped);
      }
    }
    stats.warn(
        name
            + ": corrupt record at offset "
            + corruptOffset
            + "; gave up after "
            + MAX_RESYNC_BYTES
            + " bytes");
    return false;
  }

  private boolean closeInTime(long seconds) {
    return lastSeconds < 0 || Math.abs(seconds - lastSeconds) <= 7L * 24 * 3600;
  }

  private static boolean resynced(ReadStats stats, long corruptOffset, int skipped) {
    stats.skipped("bytes skipped after corrupt records", skipped);
    return true;
  }

  private String where(long offset) {
    return name + ": offset " + offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
