package org.stormwatch.core.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes pcapng: a section header, interface descriptions (each with its link type and, when not
 * microseconds, an {@code if_tsresol} option) and Enhanced or Simple Packet Blocks. New sections
 * may be opened in another byte order, as merged files have them.
 */
public final class PcapngWriter implements CaptureWriter {
  private final OutputStream out;
  private ByteOrder order;
  private final java.util.List<Integer> resolutions = new java.util.ArrayList<>();

  /**
   * Opens a section in the given order with one interface of the given link type, in microseconds.
   */
  public PcapngWriter(OutputStream out, int linkType) throws IOException {
    this(out, ByteOrder.LITTLE_ENDIAN);
    addInterface(linkType, 6);
  }

  /** Opens a section in the given order, with no interface yet. */
  public PcapngWriter(OutputStream out, ByteOrder order) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    section(order);
  }

  /** Starts a new section: the interfaces of the previous one are forgotten. */
  public void section(ByteOrder newOrder) throws IOException {
    this.order = newOrder;
    resolutions.clear();
    ByteBuffer b = block(0x0A0D0D0A, 28);
    b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
    finish(b);
  }

  /**
   * Describes an interface.
   *
   * @param resolution the {@code if_tsresol} byte: 6 for microseconds, 9 for nanoseconds, 0x80|n
   *     for 2^-n seconds
   * @return the interface id to write packets with
   */
  public int addInterface(int linkType, int resolution) throws IOException {
    boolean option = resolution != 6;
    ByteBuffer b = block(1, 20 + (option ? 12 : 0));
    b.putShort((short) linkType).putShort((short) 0).putInt(0);
    if (option) {
      b.putShort((short) 9).putShort((short) 1).put((byte) resolution).put(new byte[3]);
      b.putShort((short) 0).putShort((short) 0);
    }
    finish(b);
    resolutions.add(resolution);
    return resolutions.size() - 1;
  }

  @Override
  public void write(long timeNanos, byte[] data, int offset, int length, int originalLength)
      throws IOException {
    write(0, timeNanos, data, offset, length, originalLength);
  }

  /** Writes an Enhanced Packet Block on the given interface. */
  public void write(
      int interfaceId, long timeNanos, byte[] data, int offset, int length, int originalLength)
      throws IOException {
    long units = toUnits(timeNanos, resolutions.get(interfaceId));
    int padded = (length + 3) & ~3;
    ByteBuffer b = block(6, 32 + padded);
    b.putInt(interfaceId)
        .putInt((int) (units >>> 32))
        .putInt((int) units)
        .putInt(length)
        .putInt(originalLength);
    b.put(data, offset, length).put(new byte[padded - length]);
    finish(b);
  }

  /** Writes a Simple Packet Block (interface 0, no timestamp). */
  public void writeSimple(byte[] data) throws IOException {
    int padded = (data.length + 3) & ~3;
    ByteBuffer b = block(3, 16 + padded);
    b.putInt(data.length).put(data).put(new byte[padded - data.length]);
    finish(b);
  }

  /** Writes a block of a type the reader does not know, which it must skip. */
  public void writeCustomBlock(int type, byte[] body) throws IOException {
    int padded = (body.length + 3) & ~3;
    ByteBuffer b = block(type, 12 + padded);
    b.put(body).put(new byte[padded - body.length]);
    finish(b);
  }

  private static long toUnits(long nanos, int resolution) {
    int exponent = resolution & 0x7f;
    if ((resolution & 0x80) != 0) {
      long seconds = Math.floorDiv(nanos, 1_000_000_000L);
      long fraction = Math.floorMod(nanos, 1_000_000_000L);
      return (seconds << exponent) + (fraction << exponent) / 1_000_000_000L;
    }
    long units = nanos;
    for (int i = exponent; i < 9; i++) {
      units /= 10;
    }
    for (int i = 9; i < exponent; i++) {
      units *= 10;
    }
    return units;
  }

  private ByteBuffer block(int type, int totalLength) {
    ByteBuffer b = ByteBuffer.allocate(totalLength).order(order);
    b.putInt(type).putInt(totalLength);
    return b;
  }

  private void finish(ByteBuffer b) throws IOException {
    b.putInt(b.capacity());
    out.write(b.array());
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
