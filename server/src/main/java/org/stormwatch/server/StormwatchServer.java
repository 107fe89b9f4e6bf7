package org.stormwatch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.aggregate.BucketSize;
import org.stormwatch.core.aggregate.PortActivity;
import org.stormwatch.store.History;
import org.stormwatch.store.PortQuery;

/**
 * {@code stormwatch serve}: one process holding the store, the collector API, the read API, the
 * metrics, the dashboard and the detection task. Javalin (Jetty) serves it all; each request runs
 * on its own thread from Jetty's pool, so a slow or large submission never holds up another
 * sensor's. With {@code --kafka} the collector publishes submissions to Kafka instead, detection is
 * the Flink job's, and the read API serves the store only when one is given.
 */
public final class StormwatchServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StormwatchServer.class);

  private final History history;
  private final SubmissionSink sink;
  private final Javalin app;
  private final DetectionTask detection;
  private final Path spoolDir;
  private final List<String> routes;

  private StormwatchServer(
      History history,
      SubmissionSink sink,
      Javalin app,
      DetectionTask detection,
      Path spoolDir,
      List<String> routes) {
    this.history = history;
    this.sink = sink;
    this.routes = List.copyOf(routes);
    this.app = app;
    this.detection = detection;
    this.spoolDir = spoolDir;
  }

  /**
   * Opens the store (and connects to Kafka with {@code --kafka}) and starts serving; the returned
   * server runs until closed.
   *
   * @throws IOException also when Kafka cannot be reached, with a one-line message
   */
  public static StormwatchServer start(ServerConfig config) throws IOException {
    History history = config.store() == null ? null : History.open(config.store());
    SubmissionSink kafka = null;
    try {
      if (config.kafka() != null) {
        try {
          kafka = new KafkaSink(config.kafka(), KafkaPublisher.start(config.kafka()));
        } catch (SubmissionSink.Unavailable e) {
          throw new IOException(e.getMessage(), e);
        }
      }
      return start(config, history, kafka);
    } catch (RuntimeException | IOException e) {
      if (kafka != null) {
        kafka.close();
      }
      if (history != null) {
        history.close();
      }
      throw e;
    }
  }

  private static StormwatchServer start(ServerConfig config, History history, SubmissionSink kafka)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Metrics metrics = new Metrics();
    Path spoolDir = Files.createTempDirectory("stormwatch-spool-");
    AlertSinks sinks =
        new AlertSinks(json, config.webhook(), config.alertsJsonl(), config.alertsSyslog());
    // With Kafka the Flink job detects; this process only serves what the store holds, if any.
    DetectionTask detection =
        kafka == null
            ? new DetectionTask(history, sinks, metrics, config.lateness(), config.detectEvery())
            : null;
    SubmissionSink sink = kafka != null ? kafka : new StoreSink(history, metrics);
    Collector collector =
        new Collector(
            new SensorKeys(config.sensors()),
            new RateLimiter(config.ratePerSecond(), System::nanoTime),
            config.maxBody(),
            TargetMask.of(config.maskTargets()),
            sink,
            metrics,
            spoolDir,
            detection != null ? detection::stored : newest -> {});
    ReadApi read =
        history == null
            ? null
            : new ReadApi(history, detection != null ? detection::newest : newestOf(history));
    byte[] openapi = resource("/openapi.json");
    List<String> routes = new ArrayList<>();
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jsonMapper(new JavalinJackson(json, false));
              cfg.staticFiles.enableWebjars();
              cfg.staticFiles.add("/stormwatch-dashboard", Location.CLASSPATH);
              cfg.routes.before(ctx -> ctx.attribute("t0", System.nanoTime()));
              cfg.routes.after(
                  ctx -> {
                    Long t0 = ctx.attribute("t0");
                    String route = ctx.attribute(Routes.ROUTE);
                    if (t0 != null) {
                      metrics.request(
                          route == null ? "static" : route,
                          ctx.method().name(),
                          ctx.statusCode(),
                          System.nanoTime() - t0);
                    }
                  });
              Routes r = new Routes(cfg, routes);
              r.post(
                  "/api/submissions",
                  ctx ->
                      write(
                          ctx,
                          collector.submit(
                              new Collector.Request(
                                  ctx.header("Authorization"),
                                  ctx.header("X-ISC-Authorization"),
                                  ctx.contentType(),
                                  ctx.contentLength(),
                                  ctx.header("Idempotency-Key"),
                                  ctx.bodyInputStream()))));
              if (read != null) {
                r.get(
                    "/api/ports/{port}",
                    ctx -> write(ctx, read.port(ctx.pathParam("port"), params(ctx))));
                r.get("/api/topports", ctx -> write(ctx, read.topPorts(params(ctx))));
                r.get("/api/alerts", ctx -> write(ctx, read.alerts(params(ctx))));
                r.get("/api/sources/{ip}", ctx -> write(ctx, read.source(ctx.pathParam("ip"))));
                r.get("/api/sensors", ctx -> write(ctx, read.sensors()));
              } else {
                Answer none =
                    Answer.error(
                        503,
                        "history is kept by the Flink job: this server publishes submissions to"
                            + " Kafka (serve --kafka without --db)");
                for (String path :
                    List.of(
                        "/api/ports/{port}",
                        "/api/topports",
                        "/api/alerts",
                        "/api/sources/{ip}",
                        "/api/sensors")) {
                  r.get(path, ctx -> write(ctx, none));
                }
              }
              r.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.text()));
              r.get("/health", ctx -> write(ctx, health(read, sink)));
              r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
              // The dashboard's pages are static files; the root only points at the first.
              cfg.routes.get("/", ctx -> ctx.redirect("/index.html"));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    write(ctx, Answer.error(500, "internal error: " + e));
                  });
            });
    app.start(config.host(), config.port());
    if (detection != null) {
      detection.start();
    }
    LOG.info("stormwatch serve: listening on http://{}:{}/", config.host(), app.port());
    return new StormwatchServer(history, sink, app, detection, spoolDir, routes);
  }

  /**
   * {@code /health}: the store's state when there is one, and where submissions go; with Kafka its
   * state, and 503 while its last transaction failed.
   */
  private static Answer health(ReadApi read, SubmissionSink sink) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (read != null) {
      Answer store = read.health();
      if (store.status() != 200) {
        return store;
      }
      ((Map<?, ?>) store.body()).forEach((k, v) -> out.put((String) k, v));
    } else {
      out.put("status", "ok");
      out.put("history", "kept by the Flink job");
    }
    Map<String, Object> s = new LinkedHashMap<>(sink.health());
    boolean ok = Boolean.TRUE.equals(s.remove("ok"));
    out.put("submissions_to", s.remove("submissions_to"));
    if (!s.isEmpty()) {
      out.put("kafka", s);
    }
    if (!ok) {
      out.put("status", "failing");
      return new Answer(503, out, Map.of("Retry-After", "5"));
    }
    return Answer.ok(out);
  }

  /**
   * The newest probe in a store this process does not write to, looked up at most once a minute.
   */
  private static Supplier<Instant> newestOf(History history) {
    return new Supplier<>() {
      private Instant value;
      private long at = Long.MIN_VALUE;

      @Override
      public synchronized Instant get() {
        long now = System.nanoTime();
        if (at == Long.MIN_VALUE || now - at > 60_000_000_000L) {
          Instant newest = null;
          for (PortActivity a : history.portActivity(PortQuery.all(BucketSize.HOUR))) {
            newest = newest == null || a.start().isAfter(newest) ? a.start() : newest;
          }
          value = newest;
          at = now;
        }
        return value;
      }
    };
  }

  private static Function<String, String> params(Context ctx) {
    return ctx::queryParam;
  }

  private static void write(Context ctx, Answer a) {
    a.headers().forEach(ctx::header);
    ctx.status(a.status()).json(a.body());
  }

  private static byte[] resource(String name) {
    try (InputStream in = StormwatchServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port listened on (the one chosen when 0 was asked). */
  public int port() {
    return app.port();
  }

  /** The API's routes, {@code METHOD /path}, as registered (the dashboard's files aside). */
  public List<String> routes() {
    return routes;
  }

  /** Runs detection now, for tests and for the end of a bulk load. */
  public void detectNow() {
    if (detection != null) {
      detection.runOnce();
    }
  }

  @Override
  public void close() {
    app.stop();
    if (detection != null) {
      detection.close();
    }
    sink.close();
    if (history != null) {
      history.close();
    }
    try (var files = Files.list(spoolDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(spoolDir);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", spoolDir, e.getMessage());
    }
  }
}
