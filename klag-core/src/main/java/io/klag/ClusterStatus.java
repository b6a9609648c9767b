package io.klag;

import java.util.Locale;

/**
 * Whether a cluster's data in a snapshot is current.
 *
 * <pre>{@code
 * if (cluster.status() != ClusterStatus.UP) alert(cluster.lastError());
 * }</pre>
 */
public enum ClusterStatus {
  /** The last collection cycle succeeded; the data is from it. */
  UP,
  /**
   * The last cycle failed; the data is from the last successful cycle, which is younger than the
   * staleness limit.
   */
  STALE,
  /** No data: the cluster was never collected successfully, or its data outlived the staleness limit. */
  DOWN;

  /** The value used as a metric label: the lower-case name, for example {@code stale}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
