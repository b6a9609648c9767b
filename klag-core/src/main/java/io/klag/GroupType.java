package io.klag;

import java.util.Locale;

/**
 * How a consumer group is coordinated.
 *
 * <pre>{@code
 * if (group.type() == GroupType.SIMPLE) { ... } // manual assignment, offsets committed only
 * }</pre>
 */
public enum GroupType {
  /** The classic rebalance protocol (JoinGroup/SyncGroup), protocol type {@code consumer}. */
  CLASSIC,
  /** The KIP-848 consumer protocol ({@code group.protocol=consumer}). */
  CONSUMER,
  /** A member-less group: partitions assigned manually, offsets committed through the group. */
  SIMPLE,
  /** Anything else the cluster reported. */
  UNKNOWN;

  /** The value used as a metric label: the lower-case name, for example {@code classic}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
