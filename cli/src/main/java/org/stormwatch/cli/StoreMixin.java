package org.stormwatch.cli;

import java.nio.file.Path;
import org.stormwatch.store.StoreLocation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where history lives: {@code --data DIR} (embedded DuckDB) or {@code --db JDBC_URL}. */
final class StoreMixin {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "History in this data directory (an embedded DuckDB file inside).")
  Path data;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "History in PostgreSQL instead, e.g. jdbc:postgresql://host:5432/stormwatch?user=sw&password=...")
  String db;

  /** Whether either option was given. */
  boolean given() {
    return data != null || db != null;
  }

  /** The location given, or {@code ./stormwatch-data}; a bad value is a usage error. */
  StoreLocation location() {
    if (data != null && db != null) {
      throw new ParameterException(spec.commandLine(), "give --data or --db, not both");
    }
    if (db != null) {
      try {
        return StoreLocation.postgres(db);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--db: " + e.getMessage());
      }
    }
    return data != null ? StoreLocation.directory(data) : StoreLocation.defaults();
  }
}
