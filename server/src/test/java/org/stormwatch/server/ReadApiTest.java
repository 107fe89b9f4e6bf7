package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiTest {
  private static final Instant DAY1 = Instant.parse("2024-03-04T00:00:00Z");
  private static final Instant DAY2 = Instant.parse("2024-03-05T00:00:00Z");

  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    s = new TestServer(dir, 2, c -> c);
    Random r = new Random(11);
    assertThat(
            s.submit(0, "application/json", Bodies.dshieldJson(r, 50, 137, DAY1), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            s.submit(1, "application/json", Bodies.dshieldJson(r, 30, 137, DAY2), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            s.submit(1, "application/json", Bodies.dshieldJson(r, 10, 53, DAY2), null).statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void portSeries_hasOneRowPerDay() throws Exception {
    JsonNode j = s.get("/api/ports/137?protocol=udp&bucket=1d");
    assertThat(j.get("port").asInt()).isEqualTo(137);
    assertThat(j.get("protocol").asText()).isEqualTo("udp");
    JsonNode series = j.get("series");
    assertThat(series).hasSize(2);
    assertThat(series.get(0).get("start").asText()).isEqualTo("2024-03-04T00:00:00Z");
    assertThat(series.get(0).get("records").asLong()).isEqualTo(50);
    assertThat(series.get(1).get("records").asLong()).isEqualTo(30);
    for (JsonNode row : series) {
      assertThat(row.get("sources").asLong()).isBetween(1L, row.get("records").asLong());
      assertThat(row.get("targets").asLong()).isBetween(1L, row.get("records").asLong());
    }
    JsonNode from = s.get("/api/ports/137?protocol=udp&from=2024-03-05");
    assertThat(from.get("series")).hasSize(1);
    JsonNode hours = s.get("/api/ports/137?protocol=udp&bucket=1h");
    long sum = 0;
    for (JsonNode row : hours.get("series")) {
      sum += row.get("records").asLong();
    }
    assertThat(sum).isEqualTo(80);
  }

  @Test
  void badParameters_get400WithTheParameterNamed() throws Exception {
    for (String[] c :
        new String[][] {
          {"/api/ports/70000", "port"},
          {"/api/ports/x", "port"},
          {"/api/ports/137?protocol=sctp", "protocol"},
          {"/api/ports/137?bucket=1w", "bucket"},
          {"/api/ports/137?from=yesterday", "from"},
          {"/api/topports?limit=0", "limit"},
          {"/api/sources/not-an-ip", "not an IP address"}
        }) {
      HttpResponse<String> r = s.send(s.request(c[0]));
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(TestServer.json(r).get("error").asText()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void topPorts_ofTheNewestDay() throws Exception {
    JsonNode j = s.get("/api/topports");
    assertThat(j.get("from").asText()).isEqualTo("2024-03-05T00:00:00Z");
    JsonNode ports = j.get("ports");
    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).get("port").asInt()).isEqualTo(137);
    assertThat(ports.get(0).get("records").asLong()).isEqualTo(30);
    assertThat(ports.get(1).get("port").asInt()).isEqualTo(53);
    assertThat(s.get("/api/topports?day=2024-03-04").get("ports")).hasSize(1);
  }

  @Test
  void sensorsSourcesAlertsHealth_haveTheirShapes() throws Exception {
    JsonNode sensors = s.get("/api/sensors").get("sensors");
    assertThat(sensors).hasSize(2);
    assertThat(sensors.get(1).get("name").asText()).isEqualTo("sensor-1");
    assertThat(sensors.get(1).get("submissions").asLong()).isEqualTo(2);
    assertThat(sensors.get(1).get("probes").asLong()).isEqualTo(40);
    assertThat(s.get("/api/alerts").get("alerts").isArray()).isTrue();
    assertThat(s.get("/health").get("status").asText()).isEqualTo("ok");
    JsonNode none = s.get("/api/sources/10.9.9.9");
    assertThat(none.get("days")).isEmpty();
  }

  @Test
  void aSource_hasItsDays() throws Exception {
    String body =
        "{\"type\":\"firewall\",\"logs\":[{\"time\":1709424000,\"sip\":\"198.51.100.77\","
            + "\"dip\":\"192.0.2.1\",\"proto\":\"17\",\"sport\":5000,\"dport\":161}]}";
    assertThat(
            s.submit(
                    0,
                    "application/json",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    null)
                .statusCode())
        .isEqualTo(200);
    JsonNode days = s.get("/api/sources/198.51.100.77").get("days");
    assertThat(days).hasSize(1);
    assertThat(days.get(0).get("records").asLong()).isEqualTo(1);
    assertThat(days.get(0).get("sensors").get(0).asText()).isEqualTo("sensor-0");
  }

  @Test
  void metrics_areInPrometheusTextFormat() throws Exception {
    s.get("/api/ports/137?protocol=udp");
    HttpResponse<String> r = s.send(s.request("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("# TYPE stormwatch_submissions_total counter")
        .contains("stormwatch_submissions_total{outcome=\"stored\"}")
        .contains("stormwatch_probes_total ")
        .contains("# TYPE stormwatch_request_seconds histogram")
        .contains(
            "stormwatch_request_seconds_bucket{method=\"GET\",route=\"/api/ports/{port}\",status=\"200\",le=\"+Inf\"}");
    for (String line : r.body().split("\n")) {
      assertThat(line).matches("(# (HELP|TYPE) .*|[a-z_]+(\\{.*\\})? [0-9.eE+-]+)");
    }
  }

  @Test
  void openApi_describesEveryRoute() throws Exception {
    JsonNode api = s.get("/openapi.json");
    assertThat(api.get("openapi").asText()).startsWith("3.");
    List<String> described = new ArrayList<>();
    api.get("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m ->
                            described.add(
                                m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
    assertThat(s.server.routes()).isNotEmpty();
    assertThat(described).containsExactlyInAnyOrderElementsOf(s.server.routes());
  }

  @Test
  void dashboardAndUplot_areServedLocally() throws Exception {
    for (String page :
        List.of(
            "/index.html",
            "/port.html",
            "/alerts.html",
            "/sensors.html",
            "/app.js",
            "/style.css",
            "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")) {
      assertThat(s.send(s.request(page)).statusCode()).as(page).isEqualTo(200);
    }
  }
}
