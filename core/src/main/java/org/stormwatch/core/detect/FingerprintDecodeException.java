package org.stormwatch.core.detect;

import org.stormwatch.core.codec.DecodeException;

/** Bytes that are not the form of {@link FingerprintSourcesCodec} (see {@link DecodeException}). */
public final class FingerprintDecodeException extends DecodeException {
  private static final long serialVersionUID = 1L;

  FingerprintDecodeException(boolean truncated, int offset, String message) {
    super(truncated, offset, message);
  }
}
