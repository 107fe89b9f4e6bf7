package org.stormwatch.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may submit: sensor names and their keys, and the two ways a request proves it knows a key.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer KEY}: the key itself, for use over TLS.
 *   <li>{@code X-ISC-Authorization: ISC-HMAC-SHA256 Credentials=C Userid=SENSOR Nonce=N}, the
 *       scheme of DShield's current sensor client: {@code C = base64(HMAC-SHA256(key = N + SENSOR,
 *       message = KEY))}, N a random base64 nonce. The key never travels, but the header does not
 *       cover the body and can be replayed: use TLS all the same. The older lower-case form {@code
 *       credentials=C nonce=N userid=SENSOR} is read too.
 * </ul>
 *
 * Keys are compared in constant time.
 */
final class SensorKeys {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final Map<String, byte[]> keyBySensor;

  SensorKeys(Map<String, String> keyBySensor) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    keyBySensor.forEach(
        (name, key) -> {
          checkName(name);
          if (key.length() < 8) {
            throw new IllegalArgumentException(
                "the key of sensor '" + name + "' is shorter than 8 characters");
          }
          m.put(name, key.getBytes(StandardCharsets.UTF_8));
        });
    this.keyBySensor = Map.copyOf(m);
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bad sensor name '" + name + "': want 1 to 64 of A-Z a-z 0-9 . _ -");
    }
  }

  /** Parses {@code NAME=KEY}. */
  static Map.Entry<String, String> parseEntry(String text, String where) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(where + ": want NAME=KEY, got '" + shorten(text) + "'");
    }
    return Map.entry(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
  }

  /** Reads a sensors file: one {@code NAME=KEY} a line; blank lines and {@code #} comments. */
  static Map<String, String> readFile(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Map.Entry<String, String> e = parseEntry(line, file + ": line " + (i + 1));
      if (out.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + ": sensor '" + e.getKey() + "' named twice");
      }
    }
    return out;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  List<String> names() {
    return List.copyOf(keyBySensor.keySet());
  }

  /**
   * The sensor a request speaks for, or empty when it names no key or a wrong one.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param isc the {@code X-ISC-Authorization} header, or null
   */
  Optional<String> authenticate(String authorization, String isc) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
      String found = null;
      // Look at every key, so the time taken does not tell which sensor's key was close.
      for (Map.Entry<String, byte[]> e : keyBySensor.entrySet()) {
        if (MessageDigest.isEqual(given, e.getValue())) {
          found = e.getKey();
        }
      }
      return Optional.ofNullable(found);
    }
    if (isc != null) {
      return hmac(isc);
    }
    return Optional.empty();
  }

  private Optional<String> hmac(String header) {
    String text = header.strip();
    if (text.regionMatches(true, 0, "ISC-HMAC-SHA256 ", 0, 16)) {
      text = text.substring(16);
    }
    String credentials = null;
    String user = null;
    String nonce = null;
    for (String part : text.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = part.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
      String value = part.substring(eq + 1);
      switch (name) {
        case "credentials":
          credentials = value;
          break;
        case "userid":
          user = value;
          break;
        case "nonce":
          nonce = value;
          break;
        default:
          break;
      }
    }
    if (credentials == null || user == null || nonce == null) {
      return Optional.empty();
    }
    byte[] key = keyBySensor.get(user);
    if (key == null) {
      return Optional.empty();
    }
    byte[] expected = iscCredentials(nonce, user, key);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(credentials);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return MessageDigest.isEqual(expected, given) ? Optional.of(user) : Optional.empty();
  }

  /** DShield's credential: HMAC-SHA256 with key nonce + userid over the API key. */
  static byte[] iscCredentials(String nonce, String user, byte[] apiKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec((nonce + user).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(apiKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
    }
  }

  /** The header a DShield-style client sends, for clients and tests. */
  static String iscHeader(String sensor, String key, String nonce) {
    byte[] c = iscCredentials(nonce, sensor, key.getBytes(StandardCharsets.UTF_8));
    return "ISC-HMAC-SHA256 Credentials="
        + Base64.getEncoder().encodeToString(c)
        + " Userid="
        + sensor
        + " Nonce="
        + nonce;
  }
}
