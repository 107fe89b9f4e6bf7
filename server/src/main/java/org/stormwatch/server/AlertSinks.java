package org.stormwatch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stormwatch.core.detect.Alert;

/**
 * Where new alerts go, each once: a webhook (HTTP POST of the alert's JSON), a JSON Lines file
 * (appended and forced to disk), and/or syslog over UDP as RFC 5424 messages (facility local0,
 * severity warning, MSGID {@code alert}, no structured data; the message is the summary, a tab,
 * then the alert's JSON). A failing sink is logged and does not stop the others.
 */
final class AlertSinks {
  private static final Logger LOG = LoggerFactory.getLogger(AlertSinks.class);
  private static final int LOCAL0_WARNING = 16 * 8 + 4;

  private final ObjectMapper json;
  private final URI webhook;
  private final Path jsonl;
  private final InetSocketAddress syslog;
  private final HttpClient http;

  AlertSinks(ObjectMapper json, URI webhook, Path jsonl, InetSocketAddress syslog) {
    this.json = json;
    this.webhook = webhook;
    this.jsonl = jsonl;
    this.syslog = syslog;
    this.http =
        webhook == null
            ? null
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Sends each alert to every configured sink; returns the problems met, one line each. */
  List<String> send(List<Alert> alerts) {
    List<String> problems = new ArrayList<>();
    for (Alert a : alerts) {
      String line;
      try {
        line = json.writeValueAsString(AlertJson.of(a));
      } catch (IOException e) {
        problems.add("cannot write alert as JSON: " + e.getMessage());
        continue;
      }
      if (jsonl != null) {
        try {
          Files.writeString(
              jsonl,
              line + "\n",
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.SYNC);
        } catch (IOException e) {
          problems.add(jsonl + ": cannot append alert: " + e.getMessage());
        }
      }
      if (syslog != null) {
        try {
          syslog(a, line);
        } catch (IOException e) {
          problems.add("syslog " + syslog + ": " + e.getMessage());
        }
      }
      if (webhook != null) {
        try {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(webhook)
                      .timeout(Duration.ofSeconds(10))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(line))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() / 100 != 2) {
            problems.add("webhook " + webhook + ": HTTP " + r.statusCode());
          }
        } catch (IOException e) {
          problems.add("webhook " + webhook + ": " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          problems.add("webhook " + webhook + ": interrupted");
        }
      }
    }
    problems.forEach(p -> LOG.warn("alert not delivered: {}", p));
    return problems;
  }

  /** RFC 5424: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}. */
  private void syslog(Alert a, String line) throws IOException {
    String msg =
        "<"
            + LOCAL0_WARNING
            + ">1 "
            + Instant.now()
            + " "
            + hostName()
            + " stormwatch "
            + ProcessHandle.current().pid()
            + " alert - "
            + a.summary()
            + "\t"
            + line;
    byte[] b = msg.getBytes(StandardCharsets.UTF_8);
    InetSocketAddress to =
        syslog.isUnresolved()
            ? new InetSocketAddress(syslog.getHostString(), syslog.getPort())
            : syslog;
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(b, b.length, to));
    }
  }

  private static String hostName() {
    try {
      String h = java.net.InetAddress.getLocalHost().getHostName();
      return h.isEmpty() ? "-" : h.replace(' ', '_');
    } catch (IOException e) {
      return "-";
    }
  }
}
