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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.store.History;

/**
 * {@code stormwatch serve}: one process holding the store, the collector API, the read API, the
 * metrics, the dashboard and the detection task. Javalin (Jetty) serves it all; each request runs
 * on its own thread from Jetty's pool, so a slow or large submission never holds up another
 * sensor's.
 */
public final class StormwatchServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StormwatchServer.class);

  private final History history;
  private final Javalin app;
  private final DetectionTask detection;
  private final AlertDelivery delivery;
  private final Path spoolDir;
  private final List<String> routes;

  private StormwatchServer(
      History history,
      Javalin app,
      DetectionTask detection,
      AlertDelivery delivery,
      Path spoolDir,
      List<String> routes) {
    this.delivery = delivery;
    this.history = history;
    this.routes = List.copyOf(routes);
    this.app = app;
    this.detection = detection;
    this.spoolDir = spoolDir;
  }

  /** Opens the store and starts serving; the returned server runs until closed. */
  public static StormwatchServer start(ServerConfig config) throws IOException {
    History history = History.open(config.store());
    try {
      return start(config, history);
    } catch (RuntimeException | IOException e) {
      history.close();
      throw e;
    }
  }

  private static StormwatchServer start(ServerConfig config, History history) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Metrics metrics = new Metrics();
    Path spoolDir = Files.createTempDirectory("stormwatch-spool-");
    AlertSinks sinks =
        new AlertSinks(config.webhook(), config.alertsJsonl(), config.alertsSyslog());
    AlertDelivery delivery = new AlertDelivery(history, sinks, metrics, config.alertRetry());
    DetectionTask detection =
        new DetectionTask(
            history,
            sinks.names(),
            delivery::wake,
            metrics,
            config.lateness(),
            config.detectEvery());
    Collector collector =
        new Collector(
            new SensorKeys(config.sensors()),
            new RateLimiter(config.ratePerSecond(), System::nanoTime),
            config.maxBody(),
            TargetMask.of(config.maskTargets()),
            history,
            metrics,
            spoolDir,
            detection::stored);
    ReadApi read = new ReadApi(history, detection::newest);
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
              r.get(
                  "/api/ports/{port}",
                  ctx -> write(ctx, read.port(ctx.pathParam("port"), params(ctx))));
              r.get("/api/topports", ctx -> write(ctx, read.topPorts(params(ctx))));
              r.get("/api/alerts", ctx -> write(ctx, read.alerts(params(ctx))));
              r.get("/api/sources/{ip}", ctx -> write(ctx, read.source(ctx.pathParam("ip"))));
              r.get("/api/sensors", ctx -> write(ctx, read.sensors()));
              r.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(metrics.text()));
              r.get("/health", ctx -> write(ctx, read.health()));
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
    detection.start();
    delivery.start();
    LOG.info("stormwatch serve: listening on http://{}:{}/", config.host(), app.port());
    return new StormwatchServer(history, app, detection, delivery, spoolDir, routes);
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

  /** Runs detection now, then a round of alert delivery, for tests and after a bulk load. */
  public void detectNow() {
    detection.runOnce();
    delivery.runOnce();
  }

  /** Runs a round of alert delivery now (tests). */
  void deliverNow() {
    delivery.runOnce();
  }

  @Override
  public void close() {
    app.stop();
    detection.close();
    delivery.close();
    history.close();
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
