package org.stormwatch.core.input;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Ends a decompressed stream cleanly where its compressed data is cut short or damaged, remembering
 * why, so that the records before the damage are still read and the damage is reported once.
 */
final class EndTolerantInputStream extends FilterInputStream {
  private String problem;

  EndTolerantInputStream(InputStream in) {
    super(in);
  }

  /** What ended the stream early, or {@code null}. */
  String problem() {
    return problem;
  }

  @Override
  public int read() throws IOException {
    if (problem != null) {
      return -1;
    }
    try {
      return super.read();
    } catch (EOFException e) {
      problem = "the compressed data ends early";
      return -1;
    } catch (ZipException e) {
      problem = "the compressed data is corrupt (" + e.getMessage() + ")";
      return -1;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (problem != null) {
      return -1;
    }
    try {
      return super.read(b, off, len);
    } catch (EOFException e) {
      problem = "the compressed data ends early";
      return -1;
    } catch (ZipException e) {
      problem = "the compressed data is corrupt (" + e.getMessage() + ")";
      return -1;
    }
  }
}
