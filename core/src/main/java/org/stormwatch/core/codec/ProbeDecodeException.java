package org.stormwatch.core.codec;

/** Bytes that are not a probe record (see {@link DecodeException}); offsets are in the record. */
public final class ProbeDecodeException extends DecodeException {
  private static final long serialVersionUID = 1L;

  ProbeDecodeException(boolean truncated, int offset, String message) {
    super(truncated, offset, message);
  }
}
