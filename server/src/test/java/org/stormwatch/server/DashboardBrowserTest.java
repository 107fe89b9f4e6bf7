package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.stormwatch.core.testing.ExternalTool;

/**
 * The dashboard in headless Debian Chromium, over a server fed the simulated September 2002 (preset
 * port137-2002, scaled down) one capture per day: the top ports page, the 137/udp page with its
 * chart and alert, the alerts and sensors pages. Saves screenshots to server/target/screenshots/.
 */
class DashboardBrowserTest {
  private static final double SCALE = 0.05;

  @Test
  void dashboard_showsThePort137SurgeAndItsChart(@TempDir Path dir) throws Exception {
    Path chromium = ExternalTool.require("chromium", "chromium");
    Path chromedriver = ExternalTool.require("chromedriver", "chromium-driver");
    try (TestServer s = new TestServer(dir, 1, c -> c)) {
      SimulatedFeed.port137(s, SCALE);
      s.server.detectNow();
      assertThat(s.get("/api/alerts?port=137&protocol=udp").get("alerts")).isNotEmpty();

      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-quic",
          "--no-first-run",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1280,1000",
          "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-"));
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
      ChromeDriver driver = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);

        driver.get(s.base + "/index.html");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ports table")));
        assertThat(driver.findElement(By.id("ports")).getText()).contains("/udp");
        shot(driver, shots.resolve("top-ports.png"));

        driver.get(s.base + "/port.html?port=137&protocol=udp");
        WebElement canvas =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart canvas")));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(100);
        WebElement alert =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#alerts .alert[data-port='137/udp']")));
        assertThat(alert.getText()).startsWith("137/udp:").contains("sources");
        assertThat(driver.findElements(By.cssSelector("#alerts .alert li"))).isNotEmpty();
        shot(driver, shots.resolve("port-137-udp.png"));

        driver.get(s.base + "/alerts.html");
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#alerts .alert[data-port='137/udp']")));
        shot(driver, shots.resolve("alerts.png"));

        driver.get(s.base + "/sensors.html");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sensors table")));
        assertThat(driver.findElement(By.id("sensors")).getText()).contains("sensor-0");
        shot(driver, shots.resolve("sensors.png"));
      } finally {
        driver.quit();
      }
    }
  }

  private static void shot(ChromeDriver driver, Path to) throws IOException {
    Path tmp = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(tmp, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
