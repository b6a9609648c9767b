package io.klag.examples.exporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One TOML table being read: typed getters that substitute environment variables in strings,
 * remember which keys were read, and fail with the file, the dotted key and the bad value. After
 * reading, {@link #rejectUnknownKeys()} reports any key nobody asked for.
 */
final class TomlTable {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String file;
  private final String path;
  private final ObjectNode node;
  private final EnvSubstitution env;
  private final Set<String> known = new LinkedHashSet<>();

  TomlTable(String file, String path, ObjectNode node, EnvSubstitution env) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.env = env;
  }

  String path() {
    return path;
  }

  /** The dotted name of {@code key} in this table, e.g. {@code exporter.http_port}. */
  String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigException error(String key, String problem) {
    return new ConfigException(file + ": " + key(key) + ": " + problem);
  }

  ConfigException error(String key, String problem, String shownValue) {
    return error(key, problem + ", was " + shownValue);
  }

  private Optional<JsonNode> raw(String key) {
    known.add(key);
    return Optional.ofNullable(node.get(key));
  }

  /** A string value with environment variables substituted, or empty if the key is absent. */
  Optional<String> optString(String key) {
    return raw(key).map(v -> scalarText(key, v));
  }

  String string(String key, String defaultValue) {
    return optString(key).orElse(defaultValue);
  }

  boolean bool(String key, boolean defaultValue) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (v.get().isBoolean()) {
      return v.get().booleanValue();
    }
    String s = scalarText(key, v.get()).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(key, "must be true or false", show(v.get()));
    };
  }

  int integer(String key, int defaultValue, int min, int max) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    long value;
    if (v.get().isIntegralNumber() && v.get().canConvertToLong()) {
      value = v.get().longValue();
    } else {
      String s = scalarText(key, v.get()).trim();
      try {
        value = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw error(key, "must be an integer", show(v.get()));
      }
    }
    if (value < min || value > max) {
      throw error(key, "must be between " + min + " and " + max, Long.toString(value));
    }
    return (int) value;
  }

  /** A positive duration written {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"}, {@code "1d"} or ISO-8601. */
  Duration duration(String key, Duration defaultValue) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    if (!v.get().isTextual()) {
      throw error(key, "must be a duration string such as \"30s\", \"500ms\" or \"5m\"", show(v.get()));
    }
    String s = scalarText(key, v.get()).trim();
    Duration d = parseDuration(s);
    if (d == null) {
      throw error(key, "must be a duration such as \"30s\", \"500ms\" or \"5m\"", quote(s));
    }
    if (d.isZero() || d.isNegative()) {
      throw error(key, "must be a positive duration", quote(s));
    }
    return d;
  }

  private static @Nullable Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An array of strings (each with environment variables substituted); empty if absent. */
  List<String> strings(String key) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw error(key, "must be an array of strings", show(v.get()));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode e = v.get().get(i);
      if (!e.isTextual()) {
        throw error(key + "[" + i + "]", "must be a string", show(e));
      }
      out.add(env.apply(e.textValue(), file + ": " + key(key) + "[" + i + "]"));
    }
    return out;
  }

  /**
   * A table of scalar values as strings. Nested tables are flattened with dots, so both {@code
   * "security.protocol" = "SSL"} and {@code security.protocol = "SSL"} give key {@code
   * security.protocol}.
   */
  Map<String, String> stringMap(String key) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return Map.of();
    }
    if (!v.get().isObject()) {
      throw error(key, "must be a table", show(v.get()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    flatten(key, "", v.get(), out);
    return out;
  }

  private void flatten(String key, String prefix, JsonNode table, Map<String, String> out) {
    for (Map.Entry<String, JsonNode> e : table.properties()) {
      String name = prefix + e.getKey();
      if (e.getValue().isObject()) {
        flatten(key, name + ".", e.getValue(), out);
      } else {
        out.put(name, scalarText(key + "." + quoteKey(name), e.getValue()));
      }
    }
  }

  private static String quoteKey(String name) {
    return name.contains(".") ? "\"" + name + "\"" : name;
  }

  Optional<TomlTable> table(String key) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isObject()) {
      throw error(key, "must be a table ([" + key(key) + "])", show(v.get()));
    }
    return Optional.of(new TomlTable(file, key(key), (ObjectNode) v.get(), env));
  }

  /** An array of tables ({@code [[key]]}); empty if absent. */
  List<TomlTable> tables(String key) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw error(key, "must be an array of tables ([[" + key(key) + "]])", show(v.get()));
    }
    List<TomlTable> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode e = v.get().get(i);
      if (!e.isObject()) {
        throw error(key + "[" + i + "]", "must be a table", show(e));
      }
      out.add(new TomlTable(file, key(key) + "[" + i + "]", (ObjectNode) e, env));
    }
    return out;
  }

  /** Fails on the first key of this table that no getter asked for, listing the known keys. */
  void rejectUnknownKeys() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        String where = path.isEmpty() ? "at the top level" : "in [" + path + "]";
        throw new ConfigException(file + ": unknown key '" + key(k) + "' " + where
            + " (known keys: " + String.join(", ", known) + ")");
      }
    }
  }

  private String scalarText(String key, JsonNode v) {
    if (v.isContainerNode()) {
      throw error(key, "must be a single value, not " + (v.isArray() ? "an array" : "a table"), show(v));
    }
    return v.isTextual() ? env.apply(v.textValue(), file + ": " + key(key)) : v.asText();
  }

  private static String show(JsonNode v) {
    return v.isTextual() ? quote(v.textValue()) : v.toString();
  }

  static String quote(String s) {
    return "'" + s + "'";
  }
}
