package org.stormwatch.core.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A forward-only window over a byte channel: the capture readers ask for {@code n} bytes at the
 * current position, read them in place from the backing array, then skip them. One heap buffer is
 * reused, so memory stays bounded by the largest record, whatever the size of the input.
 */
final class ByteInput implements Closeable {
  private static final int INITIAL_CAPACITY = 1 << 20;

  private final ReadableByteChannel channel;
  private ByteBuffer buf;
  private long offsetOfPosition;
  private boolean eof;

  ByteInput(ReadableByteChannel channel) {
    this.channel = channel;
    this.buf = ByteBuffer.allocate(INITIAL_CAPACITY);
    this.buf.limit(0);
  }

  /**
   * Makes at least {@code n} bytes available at {@link #position()}, growing the buffer if needed.
   *
   * @return false when the input ends first; {@link #available()} then tells how many are left
   */
  boolean ensure(int n) throws IOException {
    if (buf.remaining() >= n) {
      return true;
    }
    if (n > buf.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
      bigger.put(buf);
      bigger.flip();
      bigger.order(buf.order());
      buf = bigger;
    }
    while (buf.remaining() < n && !eof) {
      buf.compact();
      int read = channel.read(buf);
      if (read < 0) {
        eof = true;
      }
      buf.flip();
    }
    return buf.remaining() >= n;
  }

  int available() {
    return buf.remaining();
  }

  byte[] array() {
    return buf.array();
  }

  /** Index in {@link #array()} of the current position. */
  int position() {
    return buf.position();
  }

  /** Offset in the input of the current position. */
  long offset() {
    return offsetOfPosition;
  }

  void skip(int n) {
    buf.position(buf.position() + n);
    offsetOfPosition += n;
  }

  void order(ByteOrder order) {
    buf.order(order);
  }

  ByteOrder order() {
    return buf.order();
  }

  /** Unsigned 16 bits at {@code position() + at} in the current byte order. */
  int u16(int at) {
    return buf.getShort(buf.position() + at) & 0xffff;
  }

  /** Unsigned 32 bits at {@code position() + at} in the current byte order. */
  long u32(int at) {
    return buf.getInt(buf.position() + at) & 0xffff_ffffL;
  }

  int u8(int at) {
    return buf.get(buf.position() + at) & 0xff;
  }

  /** Whether the input ends at the current position. */
  boolean atEnd() throws IOException {
    return !ensure(1);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
