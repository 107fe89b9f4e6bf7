package org.stormwatch.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.stormwatch.core.testing.Ci;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: initdb and pg_ctl in a
 * temporary directory, listening on a free port of 127.0.0.1, trust authentication. PostgreSQL
 * refuses to run as root, so as root (CI) the server runs as the {@code postgres} user through
 * {@code runuser}. Without PostgreSQL installed the tests are skipped, except in CI.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String USER = "stormwatch";

  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean asPostgres;
  private int databases;

  private PostgresServer(Path dir, Path bin, int port, boolean asPostgres) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Debian's newest server binaries, or null. */
  public static Path findBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(
              Comparator.comparing(
                  b ->
                      Integer.parseInt(
                          b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** Starts a server; skips the test (fails it in CI) when PostgreSQL is not installed. */
  public static PostgresServer start() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      String message = "PostgreSQL is not installed (Debian package postgresql)";
      if (Ci.isCi()) {
        fail(message + ", but CI must have it: .ci/run installs it");
      }
      assumeTrue(false, message + ": test skipped");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("stormwatch-pg");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer server = new PostgresServer(dir, bin, port, root);
    if (root) {
      run(List.of("chown", "postgres", dir.toString()));
    }
    Path data = dir.resolve("data");
    server.pg(
        "initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
    server.pg(
        "pg_ctl",
        "-D",
        data.toString(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
    return server;
  }

  /** A new, empty database on the server. */
  public String freshDatabase() throws Exception {
    String name = "t" + databases++;
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  private void pg(String tool, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (asPostgres) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    run(command);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  @Override
  public void close() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
