package io.klag.export;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The full Prometheus name of every {@link LagSeries} for one choice of prefixes, validated.
 *
 * <pre>{@code
 * SeriesNames names = SeriesNames.of("lag", "kafka_partition", "klag");
 * names.name(LagSeries.GROUP_LAG); // "lag_group_lag"
 * }</pre>
 */
public final class SeriesNames {

  /** The default prefix of group series. */
  public static final String DEFAULT_GROUP_PREFIX = "kafka_consumergroup";
  /** The default prefix of partition offset series. */
  public static final String DEFAULT_PARTITION_PREFIX = "kafka_partition";
  /** The default prefix of klag's self-metrics. */
  public static final String DEFAULT_SELF_PREFIX = "klag";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> OWN_LABELS = new HashSet<>(LagSeries.MEMBER_LABELS);

  static {
    for (LagSeries.Scope scope : LagSeries.Scope.values()) {
      OWN_LABELS.addAll(scope.labels());
    }
  }

  private final Map<LagSeries, String> names = new EnumMap<>(LagSeries.class);

  private SeriesNames(String groupPrefix, String partitionPrefix, String selfPrefix) {
    for (LagSeries s : LagSeries.values()) {
      String base = switch (s.prefix()) {
        case GROUP -> groupPrefix;
        case PARTITION -> partitionPrefix;
        case SELF -> selfPrefix;
      };
      names.put(s, base + s.suffix());
    }
  }

  /** The names dashboards expect: {@code kafka_consumergroup_group_lag}, ... */
  public static SeriesNames defaults() {
    return of(DEFAULT_GROUP_PREFIX, DEFAULT_PARTITION_PREFIX, DEFAULT_SELF_PREFIX);
  }

  /**
   * Names with the given prefixes.
   *
   * @throws IllegalArgumentException naming the setting ({@code prefix}, {@code partitionPrefix},
   *     {@code selfPrefix}) whose value is not a Prometheus metric name
   */
  public static SeriesNames of(String groupPrefix, String partitionPrefix, String selfPrefix) {
    requireMetricName("prefix", groupPrefix);
    requireMetricName("partitionPrefix", partitionPrefix);
    requireMetricName("selfPrefix", selfPrefix);
    return new SeriesNames(groupPrefix, partitionPrefix, selfPrefix);
  }

  /** The full name of {@code series}, counters with their {@code _total}. */
  public String name(LagSeries series) {
    return names.get(series);
  }

  /**
   * Checks a constant label (tag) name a user adds to every series.
   *
   * @throws IllegalArgumentException naming {@code setting} if the name is not a valid Prometheus
   *     label name or is one of the labels klag sets itself
   */
  public static void requireConstantLabelName(String setting, @Nullable String name) {
    if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
      throw new IllegalArgumentException(setting + ": invalid label name '" + name + "'");
    }
    if (OWN_LABELS.contains(name)) {
      throw new IllegalArgumentException(setting + ": '" + name + "' is a label klag sets itself");
    }
  }

  private static void requireMetricName(String setting, @Nullable String value) {
    if (value == null || !METRIC_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          setting + ": must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), was '" + value + "'");
    }
  }
}
