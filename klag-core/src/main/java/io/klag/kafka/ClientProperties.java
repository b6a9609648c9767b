package io.klag.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;

/**
 * A validated copy of user-supplied kafka-clients properties that knows which values are secret:
 * they never appear in {@link #toString()}, and {@link #scrub(String)} removes them from any text
 * (exception messages from kafka-clients may echo configuration values).
 */
final class ClientProperties {

  static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  static final String REDACTED = "[redacted]";

  /** Key fragments that mark a value as secret (lower case). */
  private static final List<String> SECRET_KEY_PARTS =
      List.of("password", "secret", "jaas", "token", "credential", "ssl.keystore.key", "apikey", "api.key");

  /** {@code password="..."}, {@code secret='...'} and the like inside JAAS or similar text. */
  private static final Pattern INLINE_SECRET = Pattern.compile(
      "(?i)([\\w.-]*(?:password|secret|token|credential)[\\w.-]*\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}\\]]+)");

  private final Map<String, Object> values;
  private final List<String> secretValues;

  private ClientProperties(Map<String, Object> values, List<String> secretValues) {
    this.values = values;
    this.secretValues = secretValues;
  }

  /**
   * Copies and validates {@code properties}.
   *
   * @throws IllegalArgumentException naming the setting, when {@code bootstrap.servers} is missing
   *     or a key or value is null
   */
  static ClientProperties of(Map<String, ?> properties) {
    if (properties == null) {
      throw new IllegalArgumentException("clientProperties: must not be null");
    }
    Map<String, Object> copy = new HashMap<>();
    List<String> secrets = new ArrayList<>();
    for (Map.Entry<String, ?> e : properties.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("clientProperties: keys must not be null");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("clientProperties: value of '" + e.getKey() + "' must not be null");
      }
      copy.put(e.getKey(), e.getValue());
      if (isSecretKey(e.getKey())) {
        String s = e.getValue() instanceof Password p ? p.value() : String.valueOf(e.getValue());
        if (!s.isEmpty()) {
          secrets.add(s);
        }
      }
    }
    Object bootstrap = copy.get(BOOTSTRAP_SERVERS);
    if (bootstrap == null || bootstrap.toString().isBlank()) {
      throw new IllegalArgumentException(
          "clientProperties: '" + BOOTSTRAP_SERVERS + "' is required, was " + (bootstrap == null ? "missing" : "'" + bootstrap + "'"));
    }
    // longest first, so that a secret containing another is removed whole
    secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return new ClientProperties(Collections.unmodifiableMap(copy), List.copyOf(secrets));
  }

  /** No properties: for an Admin the host built and configured itself. */
  static ClientProperties hostAdmin() {
    return new ClientProperties(Map.of(), List.of());
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String part : SECRET_KEY_PARTS) {
      if (k.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** The properties, unmodifiable; to be handed to kafka-clients only. */
  Map<String, Object> values() {
    return values;
  }

  /** A modifiable copy with {@code overrides} applied, for building a client. */
  Map<String, Object> with(Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>(values);
    m.putAll(overrides);
    return m;
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  String bootstrapServers() {
    Object b = values.get(BOOTSTRAP_SERVERS);
    return b == null ? "the host's Admin client" : String.valueOf(b);
  }

  /** {@code text} with every secret value and every inline {@code password=...} replaced. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String s : secretValues) {
      out = out.replace(s, REDACTED);
    }
    return scrubInline(out);
  }

  /** Removes inline {@code key=value} secrets from text when the configured values are not known. */
  static String scrubInline(String text) {
    Matcher m = INLINE_SECRET.matcher(text);
    return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + REDACTED)) : text;
  }

  /** The properties, sorted, with secret values redacted. */
  @Override
  public String toString() {
    Map<String, Object> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecretKey(k) ? REDACTED : scrub(String.valueOf(v))));
    return shown.toString();
  }
}
