package io.klag.micrometer;

import io.klag.export.LagSeries;
import java.util.Arrays;

/** Identifies a series independently of any registry: its table entry and its label values. */
final class SeriesKey {

  final LagSeries series;
  final String[] labelValues;
  private final int hash;

  SeriesKey(LagSeries series, String[] labelValues) {
    this.series = series;
    this.labelValues = labelValues;
    this.hash = 31 * series.hashCode() + Arrays.hashCode(labelValues);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesKey k
        && hash == k.hash
        && series == k.series
        && Arrays.equals(labelValues, k.labelValues);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return series + Arrays.toString(labelValues);
  }
}
