package org.stormwatch.core.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes the classic pcap format in either byte order, with micro- or nanosecond timestamps. */
public final class PcapWriter implements CaptureWriter {
  private final OutputStream out;
  private final boolean nanos;
  private final ByteBuffer header;

  public PcapWriter(OutputStream out, int linkType) throws IOException {
    this(out, linkType, ByteOrder.LITTLE_ENDIAN, false, 262_144);
  }

  public PcapWriter(OutputStream out, int linkType, ByteOrder order, boolean nanos, int snapLength)
      throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    this.nanos = nanos;
    this.header = ByteBuffer.allocate(24).order(order);
    header.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4);
    header.putInt(0).putInt(0).putInt(snapLength).putInt(linkType);
    this.out.write(header.array(), 0, 24);
    header.clear();
  }

  @Override
  public void write(long timeNanos, byte[] data, int offset, int length, int originalLength)
      throws IOException {
    long seconds = Math.floorDiv(timeNanos, 1_000_000_000L);
    long fraction = Math.floorMod(timeNanos, 1_000_000_000L);
    header.clear();
    header
        .putInt((int) seconds)
        .putInt((int) (nanos ? fraction : fraction / 1000))
        .putInt(length)
        .putInt(originalLength);
    out.write(header.array(), 0, 16);
    out.write(data, offset, length);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
