package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.model.Probe;
import org.stormwatch.core.model.Protocol;

/** What only the embedded store shows: its file, its schema guard, damaged rows. */
class DuckDbStoreTest {
  @TempDir Path tmp;

  private void sql(Path dir, String... statements) throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(StoreLocation.DATABASE_FILE));
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  @Timeout(120)
  void failedTransactions_storeNothing_andLaterOnesSeeEveryCommit() {
    try (Database db = Database.open(StoreLocation.directory(tmp.resolve("d")))) {
      db.write(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("CREATE TABLE n (id BIGINT PRIMARY KEY)");
            }
            return null;
          });
      // More failures than the pool has connections: each failed one is dropped and replaced.
      for (int i = 1; i <= 20; i++) {
        long failing = 1000 + i;
        assertThatThrownBy(
                () ->
                    db.write(
                        c -> {
                          insert(c, failing);
                          throw new SQLException("boom " + failing);
                        }))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("boom " + failing);
        // The next transaction sees every commit before it: MAX + 1 is a free id.
        db.write(
            c -> {
              insert(c, max(c) + 1);
              return null;
            });
      }
      assertThat(db.read(DuckDbStoreTest::max)).isEqualTo(20);
    }
  }

  private static void insert(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO n VALUES (?)")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  private static long max(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM n")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void firstOpen_createsTheDirectoryAndAppliesEveryMigration() throws Exception {
    Path dir = tmp.resolve("new/data");
    try (History h = History.open(StoreLocation.directory(dir))) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest());
    }
    assertThat(dir.resolve(StoreLocation.DATABASE_FILE)).exists();
    // Reopening applies nothing twice.
    try (History h = History.open(StoreLocation.directory(dir))) {
      assertThat(h.schemaVersion()).isEqualTo(Migrations.latest());
    }
  }

  @Test
  void newerSchema_isRefusedWithAClearMessage() throws Exception {
    Path dir = tmp.resolve("data");
    History.open(StoreLocation.directory(dir)).close();
    sql(dir, "INSERT INTO schema_version VALUES (99, 'from the future', 0)");
    assertThatThrownBy(() -> History.open(StoreLocation.directory(dir)))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            dir
                + ": the database has schema version 99, newer than this Stormwatch knows ("
                + Migrations.latest()
                + "): use a newer Stormwatch");
  }

  @Test
  void corruptCounter_isAnErrorNamingTheRow() throws Exception {
    Path dir = tmp.resolve("data");
    List<Probe> probes = TestProbes.random(new Random(2), 2_000, 24, 100);
    try (History h = History.open(StoreLocation.directory(dir))) {
      HistoryContract.store(h, "s", "k", probes);
    }
    sql(
        dir,
        "UPDATE port_activity SET source_set = '\\x07\\x00'::BLOB"
            + " WHERE port = 445 AND bucket = (SELECT MIN(bucket) FROM port_activity WHERE port = 445)");
    try (History h = History.open(StoreLocation.directory(dir))) {
      assertThatThrownBy(() -> h.portActivity(PortQuery.all(BucketSize.DAY)))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "port_activity 445/tcp hour 2002-09-20T00:00:00Z sources: distinct counter: unknown kind 7");
      // Adding to the damaged cell is refused too, and leaves nothing half-stored.
      long before = h.submissions();
      assertThatThrownBy(() -> HistoryContract.store(h, "s", "k2", probes))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("distinct counter: unknown kind 7");
      assertThat(h.submissions()).isEqualTo(before);
    }
  }

  @Test
  void corruptProbeChunk_isAnErrorNamingTheChunk() throws Exception {
    Path dir = tmp.resolve("data");
    try (History h = History.open(StoreLocation.directory(dir))) {
      HistoryContract.store(h, "s", "k", TestProbes.random(new Random(4), 500, 2, 30));
    }
    sql(dir, "UPDATE probe_chunks SET data = '\\x01\\x78\\x9c\\x00'::BLOB WHERE port = 80");
    try (History h = History.open(StoreLocation.directory(dir))) {
      Instant from = TestProbes.START;
      assertThatThrownBy(() -> h.topSources(80, Protocol.TCP, from, from.plusSeconds(86_400), 3))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "probe_chunks submission 1 80/tcp day 2002-09-20T00:00:00Z chunk 0: probe chunk: ");
    }
  }

  @Test
  void secondProcessOnTheSameDirectory_getsAOneLineError() throws Exception {
    // Within one process DuckDB shares the file; the lock matters between processes, which the
    // SIGKILL test exercises. Here: an unusable directory is named in the message.
    Path file = tmp.resolve("a-file");
    java.nio.file.Files.writeString(file, "x");
    assertThatThrownBy(() -> History.open(StoreLocation.directory(file)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(file + ": cannot create the data directory");
  }
}
