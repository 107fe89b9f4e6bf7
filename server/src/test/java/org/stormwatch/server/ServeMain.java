package org.stormwatch.server;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A server in a child process, for the crash test: {@code ServeMain DATA_DIR SENSORS}, prints
 * {@code PORT n} once listening, then serves until killed.
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config = TestServer.config(Path.of(args[0]), Integer.parseInt(args[1]));
    StormwatchServer server = StormwatchServer.start(config);
    System.out.println("PORT " + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
