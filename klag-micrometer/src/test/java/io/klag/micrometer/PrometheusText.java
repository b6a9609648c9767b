package io.klag.micrometer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) for tests: it rejects any
 * sample line it cannot read completely, so badly escaped output fails the test.
 */
public final class PrometheusText {

  /** One sample line: name, labels (sorted by name), value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    @Override
    public String toString() {
      return name + labels + " " + value;
    }
  }

  private PrometheusText() {}

  /** Every sample of {@code text}. */
  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(parseLine(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + " is not a valid sample: " + abbreviate(line), e);
      }
    }
    return samples;
  }

  /** The samples of {@code text} as a set, failing on a duplicate series. */
  public static Set<Sample> samples(String text) {
    Set<Sample> set = new LinkedHashSet<>();
    Set<String> series = new LinkedHashSet<>();
    for (Sample s : parse(text)) {
      if (!series.add(s.name() + s.labels())) {
        throw new IllegalArgumentException("duplicate series " + s);
      }
      set.add(s);
    }
    return set;
  }

  /** The samples of {@code text} whose name starts with {@code prefix}. */
  public static Set<Sample> samples(String text, String prefix) {
    Set<Sample> set = new LinkedHashSet<>();
    for (Sample s : samples(text)) {
      if (s.name().startsWith(prefix)) {
        set.add(s);
      }
    }
    return set;
  }

  /** A sample for expectations: {@code labels} alternate name and value. */
  public static Sample sample(String name, double value, String... labels) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return new Sample(name, Collections.unmodifiableMap(m), value);
  }

  private static Sample parseLine(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name '" + name + "'");
    }
    Map<String, String> labels = new TreeMap<>();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          throw new IllegalArgumentException("bad label name '" + key + "'");
        }
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value must be quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char e = line.charAt(++j);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(key, value.toString()) != null) {
          throw new IllegalArgumentException("duplicate label " + key);
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (line.charAt(i) != ' ') {
      throw new IllegalArgumentException("expected a space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("trailing text after value and timestamp");
    }
    return new Sample(name, Collections.unmodifiableMap(labels), parseValue(rest[0]));
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  private static String abbreviate(String line) {
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
