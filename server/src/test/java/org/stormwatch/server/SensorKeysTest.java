package org.stormwatch.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorKeysTest {
  private final SensorKeys keys =
      new SensorKeys(Map.of("sensor-1", "key-of-sensor-1-0123456789", "other", "another-key-000"));

  @Test
  void bearerKey_namesItsSensor() {
    assertThat(keys.authenticate("Bearer key-of-sensor-1-0123456789", null)).hasValue("sensor-1");
    assertThat(keys.authenticate("bearer another-key-000", null)).hasValue("other");
    assertThat(keys.authenticate("Bearer key-of-sensor-1-012345678", null)).isEmpty();
    assertThat(keys.authenticate("Basic a2V5", null)).isEmpty();
    assertThat(keys.authenticate(null, null)).isEmpty();
  }

  @Test
  void iscHmac_matchesAnIndependentComputation() {
    // Python: base64(hmac.new((nonce + user).encode(), msg=key.encode(), sha256).digest())
    String header =
        "ISC-HMAC-SHA256 Credentials=BTHxowvFMrV7pTO6HPd3J6pZS7/R7rQQeFYWRcY/f4w="
            + " Userid=sensor-1 Nonce=q83vEjRWeJA=";
    assertThat(SensorKeys.iscHeader("sensor-1", "key-of-sensor-1-0123456789", "q83vEjRWeJA="))
        .isEqualTo(header);
    assertThat(keys.authenticate(null, header)).hasValue("sensor-1");
    // The older lower-case form, fields in another order.
    assertThat(
            keys.authenticate(
                null,
                "credentials=BTHxowvFMrV7pTO6HPd3J6pZS7/R7rQQeFYWRcY/f4w= nonce=q83vEjRWeJA="
                    + " userid=sensor-1"))
        .hasValue("sensor-1");
  }

  @Test
  void iscHmac_withAnotherNonceOrUser_fails() {
    String creds = "Credentials=BTHxowvFMrV7pTO6HPd3J6pZS7/R7rQQeFYWRcY/f4w=";
    assertThat(keys.authenticate(null, "ISC-HMAC-SHA256 " + creds + " Userid=sensor-1 Nonce=AAAA"))
        .isEmpty();
    assertThat(
            keys.authenticate(
                null, "ISC-HMAC-SHA256 " + creds + " Userid=other Nonce=q83vEjRWeJA="))
        .isEmpty();
    assertThat(keys.authenticate(null, "ISC-HMAC-SHA256 Credentials=!!! Userid=sensor-1 Nonce=x"))
        .isEmpty();
    assertThat(keys.authenticate(null, "ISC-HMAC-SHA256 Userid=sensor-1")).isEmpty();
  }

  @Test
  void sensorsFile_isReadWithLineNumbersInErrors(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sensors");
    Files.writeString(f, "# sensors\n\nberlin = key-berlin-1234\nlisbon=key-lisbon-1234\n");
    assertThat(SensorKeys.readFile(f))
        .containsExactly(
            Map.entry("berlin", "key-berlin-1234"), Map.entry("lisbon", "key-lisbon-1234"));
    Files.writeString(f, "berlin=key-berlin-1234\nno key here\n");
    assertThatThrownBy(() -> SensorKeys.readFile(f))
        .hasMessage(f + ": line 2: want NAME=KEY, got 'no key here'");
  }

  @Test
  void badNamesAndShortKeys_areRefused() {
    assertThatThrownBy(() -> new SensorKeys(Map.of("a b", "long-enough-key")))
        .hasMessageContaining("bad sensor name 'a b'");
    assertThatThrownBy(() -> new SensorKeys(Map.of("ab", "short")))
        .hasMessageContaining("shorter than 8");
  }
}
