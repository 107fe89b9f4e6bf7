package org.stormwatch.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import java.util.List;

/**
 * Registers routes and remembers them, so that a test can hold the OpenAPI description to them;
 * each request carries its route's pattern for the metrics.
 */
final class Routes {
  private final JavalinConfig cfg;
  private final List<String> seen;

  Routes(JavalinConfig cfg, List<String> seen) {
    this.cfg = cfg;
    this.seen = seen;
  }

  void get(String path, Handler h) {
    seen.add("GET " + path);
    cfg.routes.get(path, named(path, h));
  }

  void post(String path, Handler h) {
    seen.add("POST " + path);
    cfg.routes.post(path, named(path, h));
  }

  /** The route's pattern goes with the request, for the latency metric's label. */
  static final String ROUTE = "stormwatch.route";

  private static Handler named(String path, Handler h) {
    return ctx -> {
      ctx.attribute(ROUTE, path);
      h.handle(ctx);
    };
  }
}
