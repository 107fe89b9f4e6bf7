package org.stormwatch.core.aggregate;

import java.time.Instant;
import org.stormwatch.core.model.Protocol;

/**
 * One row of the ISC port report: in the bucket starting at {@code start}, {@code records} probes
 * reached {@code port}/{@code protocol}, from {@code sources} distinct addresses, at {@code
 * targets} distinct addresses.
 */
public record PortActivity(
    Instant start, int port, Protocol protocol, long records, long sources, long targets) {
  public PortActivity {
    if (records < 0 || sources < 0 || targets < 0) {
      throw new IllegalArgumentException("negative count");
    }
    if (sources > records || targets > records) {
      throw new IllegalArgumentException("more distinct addresses than records");
    }
  }
}
