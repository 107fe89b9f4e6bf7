package org.stormwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server that the test starts. */
class PostgresHistoryTest extends HistoryContract {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  StoreLocation freshLocation() throws Exception {
    return StoreLocation.postgres(server.freshDatabase());
  }

  @Test
  void newerSchema_isRefusedWithAClearMessage() throws Exception {
    StoreLocation location = freshLocation();
    History.open(location).close();
    try (Connection c = DriverManager.getConnection(location.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_version VALUES (99, 'from the future', 0)");
    }
    assertThatThrownBy(() -> History.open(location))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 99, newer than this Stormwatch knows");
  }

  @Test
  void twoStoresOnOneDatabase_migrateOnceAndShareHistory() throws Exception {
    StoreLocation location = freshLocation();
    try (History a = History.open(location);
        History b = History.open(location)) {
      HistoryContract.store(a, "s", "k", java.util.List.of());
      assertThat(b.submissions()).isEqualTo(1);
      assertThat(b.schemaVersion()).isEqualTo(Migrations.latest());
    }
  }

  @Test
  void unreachableServer_isAOneLineError() {
    StoreLocation nowhere = StoreLocation.postgres("jdbc:postgresql://127.0.0.1:1/none?user=x");
    assertThatThrownBy(() -> History.open(nowhere))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("jdbc:postgresql://127.0.0.1:1/none: cannot open the database: ")
        .hasMessageNotContaining("\n");
  }
}
