package org.stormwatch.core.capture;

/**
 * Receives the packets of a capture, in file order. The bytes are only valid during the call: the
 * reader reuses its buffer.
 */
@FunctionalInterface
public interface PacketSink {
  /**
   * @param linkType the LINKTYPE_ value of the interface the packet was captured on
   * @param timeNanos capture time, nanoseconds since the epoch (UTC)
   * @param data the array holding the packet
   * @param offset where the packet starts in {@code data}
   * @param length how many bytes were captured
   * @param originalLength how long the packet was on the wire
   * @param recordOffset where the record starts in the input, for messages
   */
  void packet(
      int linkType,
      long timeNanos,
      byte[] data,
      int offset,
      int length,
      int originalLength,
      long recordOffset);
}
