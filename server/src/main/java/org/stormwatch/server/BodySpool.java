package org.stormwatch.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request body copied to a temporary file while its SHA-256 is computed, stopping as soon as it
 * grows past the limit: an oversized body is refused after at most {@code limit + 64 KiB} bytes
 * read, never held in memory, and the file is deleted on close. Core's readers then read the file
 * as they read any input.
 */
final class BodySpool implements AutoCloseable {
  /** Thrown when the body is larger than the limit. */
  static final class TooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("body larger than " + limit + " bytes");
    }
  }

  private final Path file;
  private final long size;
  private final String sha256;

  private BodySpool(Path file, long size, String sha256) {
    this.file = file;
    this.size = size;
    this.sha256 = sha256;
  }

  static BodySpool read(InputStream in, long limit, Path dir) throws IOException, TooLarge {
    Path file = Files.createTempFile(dir, "submission-", ".body");
    boolean ok = false;
    try {
      MessageDigest sha = newDigest();
      long total = 0;
      byte[] buf = new byte[1 << 16];
      try (OutputStream out = Files.newOutputStream(file)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          if (total > limit) {
            throw new TooLarge(limit);
          }
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
      ok = true;
      return new BodySpool(file, total, HexFormat.of().formatHex(sha.digest()));
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  /** The body's SHA-256 in hex. */
  String sha256() {
    return sha256;
  }

  /** The first bytes of the body, up to {@code n}. */
  byte[] head(int n) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
