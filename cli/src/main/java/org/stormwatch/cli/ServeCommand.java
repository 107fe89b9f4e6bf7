package org.stormwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stormwatch.server.KafkaTarget;
import org.stormwatch.server.ServerConfig;
import org.stormwatch.server.StormwatchServer;
import org.stormwatch.store.StoreException;
import org.stormwatch.store.StoreLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stormwatch serve}: the collector API, the read API and the dashboard. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Stormwatch as a service: sensors POST their logs or captures to /api/submissions,",
      "history goes to the store, detection runs as day buckets close, and the read API",
      "(/api/ports/{port}, /api/topports, /api/alerts, /api/sources/{ip}, /api/sensors), the",
      "metrics (/metrics), /health, /openapi.json and the dashboard (/) are served."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:stopped",
      "2:bad usage, or the store, Kafka or the port could not be opened"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:8080",
      paramLabel = "HOST:PORT",
      description = "Where to listen (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory of the embedded store (default: ./stormwatch-data).")
  Path data;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "A shared PostgreSQL store instead: jdbc:postgresql://HOST/DB?user=...")
  String db;

  @Option(
      names = "--sensor",
      paramLabel = "NAME=KEY",
      description = "A sensor and its key (repeatable).")
  List<String> sensors = new ArrayList<>();

  @Option(
      names = "--sensors",
      paramLabel = "FILE",
      description = "A file of sensors, one NAME=KEY a line (# comments).")
  Path sensorsFile;

  @Option(
      names = "--max-body",
      defaultValue = "16MiB",
      paramLabel = "SIZE",
      description = "Largest submission body (default: ${DEFAULT-VALUE}); larger gets 413.")
  String maxBody;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Submissions per second per sensor, 0 for no limit (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--mask-targets",
      split = ",",
      paramLabel = "CIDR",
      description = "Networks whose target addresses lose their host bits before storing.")
  List<String> maskTargets = new ArrayList<>();

  @Option(
      names = "--alerts-jsonl",
      paramLabel = "FILE",
      description = "Append new alerts to this JSON Lines file.")
  Path alertsJsonl;

  @Option(
      names = "--alerts-syslog",
      paramLabel = "HOST:PORT",
      description = "Send new alerts to this syslog server (UDP, RFC 5424).")
  String alertsSyslog;

  @Option(
      names = "--webhook",
      paramLabel = "URL",
      description = "POST each new alert as JSON to this URL.")
  URI webhook;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description = {
        "Publish accepted submissions to this Kafka cluster (HOST:PORT,...) instead of storing",
        "them: exactly once per submission key, answered after Kafka acknowledged (503 if not);",
        "history and detection are then the Flink job's (read API from --db/--data if given)."
      })
  String kafka;

  @Option(
      names = "--kafka-topic",
      defaultValue = "probes",
      paramLabel = "TOPIC",
      description =
          "Topic of encoded probes (default: ${DEFAULT-VALUE}; receipts: TOPIC.receipts).")
  String kafkaTopic;

  @Option(
      names = "--kafka-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "How long a submission waits for Kafka before 503 (default: ${DEFAULT-VALUE}).")
  double kafkaTimeout;

  @Option(
      names = "--kafka-id",
      paramLabel = "ID",
      description =
          "Transactional id, one per serve process on a cluster (default: stormwatch-serve-TOPIC).")
  String kafkaId;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException | IOException e) {
      err.println("stormwatch serve: " + e.getMessage());
      return Main.EXIT_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    StormwatchServer server;
    try {
      server = StormwatchServer.start(config);
    } catch (StoreException | IOException e) {
      err.println("stormwatch serve: " + e.getMessage());
      return Main.EXIT_INPUT;
    } catch (RuntimeException e) {
      // Jetty reports a port in use as a runtime exception.
      err.println("stormwatch serve: cannot listen on " + listen + ": " + e.getMessage());
      return Main.EXIT_INPUT;
    }
    err.println(
        "stormwatch serve: listening on http://" + config.host() + ":" + server.port() + "/");
    err.flush();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private ServerConfig config() throws IOException {
    if (data != null && db != null) {
      throw new IllegalArgumentException("give --data or --db, not both");
    }
    StoreLocation store =
        db != null
            ? StoreLocation.postgres(db)
            : data != null
                ? StoreLocation.directory(data)
                : kafka != null ? null : StoreLocation.defaults();
    Map<String, String> keys = new LinkedHashMap<>();
    if (sensorsFile != null) {
      try {
        keys.putAll(ServerConfig.readSensorsFile(sensorsFile));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException(sensorsFile + ": no such file", e);
      } catch (IOException e) {
        throw new IllegalArgumentException(sensorsFile + ": cannot read: " + e.getMessage(), e);
      }
    }
    for (String s : sensors) {
      Map.Entry<String, String> e = ServerConfig.parseSensor(s);
      keys.put(e.getKey(), e.getValue());
    }
    InetSocketAddress where = ServerConfig.parseHostPort(listen, "--listen");
    InetSocketAddress syslog =
        alertsSyslog == null ? null : ServerConfig.parseHostPort(alertsSyslog, "--alerts-syslog");
    ServerConfig config =
        ServerConfig.of(
            where.getHostString(),
            where.getPort(),
            store == null ? StoreLocation.defaults() : store,
            keys);
    if (kafka != null) {
      if (!(kafkaTimeout >= 0.1 && kafkaTimeout <= 3600)) {
        throw new IllegalArgumentException("--kafka-timeout: want 0.1 to 3600 seconds");
      }
      KafkaTarget target =
          KafkaTarget.of(kafka, kafkaTopic)
              .withTimeout(Duration.ofMillis(Math.round(kafkaTimeout * 1000)));
      if (kafkaId != null) {
        target = target.withTransactionalId(kafkaId);
      }
      config = config.withKafka(target).withStore(store);
    }
    return config
        .withMaxBody(ServerConfig.parseSize(maxBody))
        .withRate(rate)
        .withMaskTargets(maskTargets)
        .withAlerts(alertsJsonl, syslog, webhook);
  }
}
