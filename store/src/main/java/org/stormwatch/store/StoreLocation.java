package org.stormwatch.store;

import java.nio.file.Path;

/**
 * Where history lives: a data directory holding an embedded DuckDB file (created on first use), or
 * a PostgreSQL database given by its JDBC URL ({@code jdbc:postgresql://host:port/db?user=...}).
 * Exactly one of the two is set.
 */
public record StoreLocation(Path directory, String jdbcUrl) {
  /** The data directory used when none is given. */
  public static final Path DEFAULT_DIRECTORY = Path.of("stormwatch-data");

  /** The name of the DuckDB file inside a data directory. */
  public static final String DATABASE_FILE = "history.duckdb";

  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  public StoreLocation {
    if ((directory == null) == (jdbcUrl == null)) {
      throw new IllegalArgumentException("give either a data directory or a JDBC URL");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      throw new IllegalArgumentException(
          "unsupported database URL '" + redact(jdbcUrl) + "' (expected jdbc:postgresql://...)");
    }
  }

  /** A data directory (DuckDB inside). */
  public static StoreLocation directory(Path directory) {
    return new StoreLocation(directory, null);
  }

  /** A PostgreSQL database. */
  public static StoreLocation postgres(String jdbcUrl) {
    return new StoreLocation(null, jdbcUrl);
  }

  /** {@code ./stormwatch-data}. */
  public static StoreLocation defaults() {
    return directory(DEFAULT_DIRECTORY);
  }

  public boolean isPostgres() {
    return jdbcUrl != null;
  }

  /** The DuckDB file of a data directory. */
  Path databaseFile() {
    return directory.resolve(DATABASE_FILE);
  }

  /** For messages: the directory, or the URL without its parameters (they may hold a password). */
  @Override
  public String toString() {
    return directory != null ? directory.toString() : redact(jdbcUrl);
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
