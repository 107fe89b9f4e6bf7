package org.stormwatch.core.codec;

/**
 * Bytes that are not the form a decoder reads: either cut short ({@link #truncated()}: more bytes
 * would be needed) or corrupt (a field holds a value no encoder writes). The message names the
 * field and its offset. Each of core's binary forms has its own subclass.
 */
public class DecodeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final boolean truncated;
  private final int offset;

  protected DecodeException(boolean truncated, int offset, String message) {
    super(message);
    this.truncated = truncated;
    this.offset = offset;
  }

  /** Whether the bytes ended early, as opposed to holding a bad value. */
  public boolean truncated() {
    return truncated;
  }

  /** The offset of the field that could not be read. */
  public int offset() {
    return offset;
  }
}
