package io.klag;

import java.util.Locale;

/**
 * The state a group coordinator reports for a group, for classic and consumer-protocol groups.
 *
 * <pre>{@code
 * boolean stopped = group.state() == GroupState.EMPTY; // no members, but its lag still counts
 * }</pre>
 */
public enum GroupState {
  STABLE,
  PREPARING_REBALANCE,
  COMPLETING_REBALANCE,
  ASSIGNING,
  RECONCILING,
  EMPTY,
  DEAD,
  NOT_READY,
  UNKNOWN;

  /** The value used as a metric label: the lower-case name, for example {@code stable}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
