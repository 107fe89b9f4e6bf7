package org.stormwatch.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stormwatch.core.input.InputException;
import org.stormwatch.core.input.InputOptions;
import org.stormwatch.core.input.Inputs;
import org.stormwatch.core.input.ReadStats;
import org.stormwatch.core.testing.ExternalTool;
import org.stormwatch.core.testing.RealData;

/**
 * Every real capture: the port report equals what tshark's dissection gives for the same probe
 * definition ({@code scripts/tshark_report.py}); the golden files committed from it make the check
 * run where tshark is missing, and the live comparison runs where it is installed.
 */
class RealCaptureReportTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/report");

  static Stream<Path> captures() {
    return RealData.captures().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void dailyReportEqualsGolden(Path capture) throws Exception {
    assertMatchesGolden(capture, BucketSize.DAY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void hourlyReportEqualsGolden(Path capture) throws Exception {
    assertMatchesGolden(capture, BucketSize.HOUR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void dailyReportEqualsTsharkLive(Path capture) throws Exception {
    ExternalTool.require("tshark", "tshark");
    Process process =
        new ProcessBuilder(
                "python3",
                Path.of("../scripts/tshark_report.py").toString(),
                "--bucket",
                "1d",
                capture.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String live = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(live.strip()).isEqualTo(golden(capture, BucketSize.DAY).strip());
  }

  private static void assertMatchesGolden(Path capture, BucketSize bucket)
      throws IOException, InputException {
    List<String> golden = Files.readAllLines(goldenFile(capture, bucket));
    long frames = Long.parseLong(golden.get(0).substring("# frames ".length()));
    PortActivityAggregator aggregator = new PortActivityAggregator(bucket);
    ReadStats stats = new ReadStats();
    Inputs.read(capture.toString(), InputOptions.defaults(), aggregator, stats);
    List<String> ours = new ArrayList<>();
    ours.add(golden.get(0));
    ours.add("start,port,protocol,records,sources,targets");
    for (PortActivity r : aggregator.rows()) {
      ours.add(
          r.start()
              + ","
              + r.port()
              + ","
              + r.protocol().label()
              + ","
              + r.records()
              + ","
              + r.sources()
              + ","
              + r.targets());
    }
    assertThat(ours).containsExactlyElementsOf(golden);
    assertThat(stats.units()).as("every frame is counted once").isEqualTo(frames);
    assertThat(stats.probes())
        .isEqualTo(aggregator.rows().stream().mapToLong(PortActivity::records).sum());
  }

  private static Path goldenFile(Path capture, BucketSize bucket) {
    return GOLDEN.resolve(capture.getFileName() + "." + bucket.label() + ".csv");
  }

  private static String golden(Path capture, BucketSize bucket) throws IOException {
    return Files.readString(goldenFile(capture, bucket));
  }
}
