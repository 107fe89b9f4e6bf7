package org.stormwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * Connections to one database, and the rule that makes writes safe: every write transaction holds
 * one lock, so writers run one at a time. DuckDB allows one writing process per file (it locks the
 * file) and aborts concurrent conflicting transactions; PostgreSQL may be shared by several
 * processes, so there a transaction-scoped advisory lock serializes writers across processes too.
 * Read-modify-write of a counter row inside such a transaction therefore never loses an update.
 * Readers borrow other connections and see the last committed state.
 */
final class Database implements AutoCloseable {
  /** The two kinds of database, for the few statements that differ. */
  enum Dialect {
    DUCKDB,
    POSTGRES
  }

  /** Work inside a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final int MAX_CONNECTIONS = 8;

  /**
   * How much write-ahead log DuckDB gathers before it checkpoints on commit. Its default, 16 MB, is
   * reached every few small commits here, and each checkpoint rewrites the touched row groups and
   * the primary-key indexes whole, so a 1,000-probe commit took up to 1 s instead of 0.15 s ({@code
   * bench/.../CommitTiming}). Commits are durable in the log either way; the cost is a longer log
   * replay when a killed process's data directory is opened again.
   */
  static final String CHECKPOINT_THRESHOLD = "256MB";

  // Any constant: the advisory lock that PostgreSQL writers of one Stormwatch database share.
  private static final long WRITER_LOCK_ID = 0x5354_4f52_4d57_4154L;

  private final StoreLocation location;
  private final Dialect dialect;
  private final Connection primary;
  private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_CONNECTIONS);
  private final List<Connection> all = new ArrayList<>();
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Map<Connection, StatementCache> caches = new IdentityHashMap<>();
  private int created;
  private boolean closed;

  // The primary connection does no work: the pool's connections are made from it (DuckDB's
  // duplicates share its database) and may be dropped, it may not.
  private Database(StoreLocation location, Dialect dialect, Connection primary) {
    this.location = location;
    this.dialect = dialect;
    this.primary = primary;
    all.add(primary);
  }

  static Database open(StoreLocation location) {
    try {
      if (location.isPostgres()) {
        Connection c = DriverManager.getConnection(location.jdbcUrl());
        return new Database(location, Dialect.POSTGRES, c);
      }
      Files.createDirectories(location.directory());
      Connection c = DriverManager.getConnection("jdbc:duckdb:" + location.databaseFile());
      try (Statement s = c.createStatement()) {
        s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
      }
      return new Database(location, Dialect.DUCKDB, c);
    } catch (IOException e) {
      throw new StoreException(
          location + ": cannot create the data directory: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new StoreException(location + ": cannot open the database: " + firstLine(e), e);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  StoreLocation location() {
    return location;
  }

  /** The prepared-statement cache of a connection the caller has borrowed. */
  synchronized StatementCache statements(Connection c) {
    return caches.computeIfAbsent(c, StatementCache::new);
  }

  /** Runs read-only work on a borrowed connection in auto-commit mode. */
  <T> T read(Work<T> work) {
    Connection c = borrow();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(location + ": " + firstLine(e), e);
    } finally {
      release(c);
    }
  }

  /**
   * Runs work in one transaction, holding the writer lock: all of it is committed, or none of it
   * (an exception rolls it back and is rethrown).
   *
   * <p>A connection whose transaction failed is closed, not reused: seen with DuckDB under
   * concurrent submissions, a failed transaction (an appender that could not be created) left its
   * connection with a transaction open from before, so that the next commits on it saw stale data
   * ("Duplicate key id" on the submission's new id) or an aborted transaction. A fresh connection
   * starts clean.
   */
  <T> T write(Work<T> work) {
    writeLock.lock();
    Connection c = null;
    boolean clean = false;
    try {
      c = borrow();
      c.setAutoCommit(false);
      if (dialect == Dialect.POSTGRES) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + WRITER_LOCK_ID + ")");
        }
      }
      T result = work.run(c);
      c.commit();
      c.setAutoCommit(true);
      clean = true;
      return result;
    } catch (SQLException e) {
      throw new StoreException(location + ": " + firstLine(e), e);
    } finally {
      if (c != null) {
        if (clean) {
          release(c);
        } else {
          rollbackQuietly(c);
          discard(c);
        }
      }
      writeLock.unlock();
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The transaction is gone either way; the original failure is what the caller hears of.
    }
  }

  private Connection borrow() {
    while (true) {
      Connection c = idle.poll();
      if (c != null) {
        return c;
      }
      synchronized (this) {
        if (closed) {
          throw new StoreException(location + ": the store is closed");
        }
        if (created < MAX_CONNECTIONS) {
          try {
            Connection fresh =
                dialect == Dialect.DUCKDB
                    ? primary.unwrap(DuckDBConnection.class).duplicate()
                    : DriverManager.getConnection(location.jdbcUrl());
            all.add(fresh);
            created++;
            return fresh;
          } catch (SQLException e) {
            throw new StoreException(location + ": cannot connect: " + firstLine(e), e);
          }
        }
      }
      try {
        // Bounded, so that a waiter sees a slot freed by a dropped connection too.
        c = idle.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(location + ": interrupted while waiting for a connection", e);
      }
      if (c != null) {
        return c;
      }
    }
  }

  /** Closes a connection that is not to be reused, so that a fresh one can take its place. */
  private void discard(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Dropped either way.
    }
    synchronized (this) {
      all.remove(c);
      caches.remove(c);
      created--;
    }
  }

  private void release(Connection c) {
    boolean usable;
    try {
      usable = !c.isClosed();
    } catch (SQLException e) {
      usable = false;
    }
    if (usable) {
      idle.offer(c);
      return;
    }
    // A connection the server dropped: forget it, so that a fresh one can take its place.
    synchronized (this) {
      all.remove(c);
      caches.remove(c);
      created--;
    }
  }

  /** The first line of a driver message (DuckDB's run over several lines). */
  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }

  @Override
  public void close() {
    // Lock order as in write(): the writer lock, then this object's monitor.
    writeLock.lock();
    try {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        for (Connection c : all) {
          try {
            c.close();
          } catch (SQLException e) {
            // Closing: nothing left to do with a failure.
          }
        }
      }
    } finally {
      writeLock.unlock();
    }
  }
}
