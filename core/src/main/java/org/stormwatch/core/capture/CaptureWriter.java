package org.stormwatch.core.capture;

import java.io.Closeable;
import java.io.IOException;

/** Writes packets to a capture file, for tests and for making benchmark inputs. */
public interface CaptureWriter extends Closeable {
  /** Writes one packet captured whole. */
  default void write(long timeNanos, byte[] data) throws IOException {
    write(timeNanos, data, 0, data.length, data.length);
  }

  void write(long timeNanos, byte[] data, int offset, int length, int originalLength)
      throws IOException;
}
