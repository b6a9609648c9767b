package io.klag;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything klag knows at one moment: per cluster, per group, per partition lag. Immutable; a
 * new snapshot is published after every cycle, so readers never see a half-updated cluster.
 *
 * <pre>{@code
 * LagSnapshot s = collector.latest();
 * long lag = s.group("prod", "orders-billing").map(GroupLag::sumLag).orElse(0L);
 * }</pre>
 */
public final class LagSnapshot {

  private final long sequence;
  private final Instant publishedAt;
  private final Map<String, ClusterLag> clusters;

  /**
   * @param sequence increases with every publication of the same collector (0 before the first)
   * @param publishedAt when it was published
   * @param clusters the clusters, in the order the collector was configured
   */
  public LagSnapshot(long sequence, Instant publishedAt, Collection<ClusterLag> clusters) {
    this.sequence = sequence;
    this.publishedAt = Objects.requireNonNull(publishedAt, "publishedAt");
    Map<String, ClusterLag> m = new LinkedHashMap<>();
    for (ClusterLag c : clusters) {
      if (m.put(c.name(), c) != null) {
        throw new IllegalArgumentException("clusters: duplicate cluster name '" + c.name() + "'");
      }
    }
    this.clusters = Collections.unmodifiableMap(m);
  }

  /** A snapshot holding {@code clusters}, sequence 0, published now. */
  public static LagSnapshot of(ClusterLag... clusters) {
    return new LagSnapshot(0, Instant.now(), java.util.List.of(clusters));
  }

  /** The publication number: higher is newer. */
  public long sequence() {
    return sequence;
  }

  /** When this snapshot was published. */
  public Instant publishedAt() {
    return publishedAt;
  }

  /** Every configured cluster by name, including ones that are down. */
  public Map<String, ClusterLag> clusters() {
    return clusters;
  }

  /** One cluster. */
  public Optional<ClusterLag> cluster(String name) {
    return Optional.ofNullable(clusters.get(name));
  }

  /** One group of one cluster. */
  public Optional<GroupLag> group(String cluster, String groupId) {
    return cluster(cluster).flatMap(c -> c.group(groupId));
  }

  /** The sum of every group's lag over every cluster. */
  public long totalLag() {
    long sum = 0;
    for (ClusterLag c : clusters.values()) {
      for (GroupLag g : c.groups().values()) {
        sum += g.sumLag();
      }
    }
    return sum;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LagSnapshot s
        && sequence == s.sequence
        && publishedAt.equals(s.publishedAt)
        && clusters.equals(s.clusters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, publishedAt, clusters);
  }

  @Override
  public String toString() {
    return "LagSnapshot[sequence=" + sequence + ", publishedAt=" + publishedAt + ", clusters="
        + clusters.values() + "]";
  }
}
