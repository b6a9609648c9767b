package io.klag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One cluster's part of a {@link LagSnapshot}: its groups, its partitions' end offsets, and how the
 * collection went (status, last success, last error, cumulative error counts). Immutable.
 *
 * <pre>{@code
 * ClusterLag prod = snapshot.cluster("prod").orElseThrow();
 * if (prod.status() == ClusterStatus.STALE) {
 *   log.warn("lag data is from {}: {}", prod.lastSuccess().orElseThrow(), prod.lastError());
 * }
 * prod.groups().get("orders-billing").sumLag();
 * }</pre>
 */
public final class ClusterLag {

  private final String name;
  private final ClusterStatus status;
  private final Instant lastAttempt;
  private final Optional<Instant> lastSuccess;
  private final Duration cycleDuration;
  private final Optional<CollectionError> lastError;
  private final Map<String, GroupLag> groups;
  private final List<PartitionOffsets> partitions;
  private final Map<ErrorKind, Long> errorCounts;
  private final long cycles;
  private final int partitionLagCount;

  private ClusterLag(Builder b) {
    this.name = b.name;
    this.status = b.status;
    this.lastAttempt = b.lastAttempt;
    this.lastSuccess = Optional.ofNullable(b.lastSuccess);
    this.cycleDuration = b.cycleDuration;
    this.lastError = Optional.ofNullable(b.lastError);
    this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(b.groups)));
    List<PartitionOffsets> sorted = new ArrayList<>(b.partitions);
    sorted.sort(Comparator.comparing(PartitionOffsets::topicPartition, GroupLag.PARTITION_ORDER));
    this.partitions = Collections.unmodifiableList(sorted);
    EnumMap<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
    counts.putAll(b.errorCounts);
    this.errorCounts = Collections.unmodifiableMap(counts);
    this.cycles = b.cycles;
    int n = 0;
    for (GroupLag g : groups.values()) {
      n += g.partitions().size();
    }
    this.partitionLagCount = n;
  }

  /** Starts a cluster value named {@code name}, status {@link ClusterStatus#DOWN} until set. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding all of this value's contents, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name)
        .status(status)
        .lastAttempt(lastAttempt)
        .cycleDuration(cycleDuration)
        .groups(groups.values())
        .partitions(partitions)
        .errorCounts(errorCounts)
        .cycles(cycles);
    b.lastSuccess = lastSuccess.orElse(null);
    b.lastError = lastError.orElse(null);
    return b;
  }

  /** The cluster name given to the collector. */
  public String name() {
    return name;
  }

  /** Whether the data is from the last cycle, from an earlier one, or absent. */
  public ClusterStatus status() {
    return status;
  }

  /** When the last cycle (successful or not) started. */
  public Instant lastAttempt() {
    return lastAttempt;
  }

  /** When the cycle that produced this data started; empty if never collected successfully. */
  public Optional<Instant> lastSuccess() {
    return lastSuccess;
  }

  /** How long the last cycle took. */
  public Duration cycleDuration() {
    return cycleDuration;
  }

  /** The most recent failure, kept until a cycle succeeds fully. */
  public Optional<CollectionError> lastError() {
    return lastError;
  }

  /** The selected groups, by group id, sorted by group id. */
  public Map<String, GroupLag> groups() {
    return groups;
  }

  /** End (and start) offsets of every partition any selected group committed on, sorted. */
  public List<PartitionOffsets> partitions() {
    return partitions;
  }

  /** Failures since the collector started, by kind (kinds that never failed are absent). */
  public Map<ErrorKind, Long> errorCounts() {
    return errorCounts;
  }

  /** Collection cycles attempted since the collector started. */
  public long cycles() {
    return cycles;
  }

  /** The number of (group, partition) lag entries over all groups. */
  public int partitionLagCount() {
    return partitionLagCount;
  }

  /** The group, if it was selected and has committed offsets. */
  public Optional<GroupLag> group(String groupId) {
    return Optional.ofNullable(groups.get(groupId));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterLag c
        && name.equals(c.name)
        && status == c.status
        && lastAttempt.equals(c.lastAttempt)
        && lastSuccess.equals(c.lastSuccess)
        && cycleDuration.equals(c.cycleDuration)
        && lastError.equals(c.lastError)
        && groups.equals(c.groups)
        && partitions.equals(c.partitions)
        && errorCounts.equals(c.errorCounts)
        && cycles == c.cycles;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, status, lastAttempt, lastSuccess, groups, partitions, errorCounts, cycles);
  }

  @Override
  public String toString() {
    return "ClusterLag[name=" + name + ", status=" + status + ", lastSuccess=" + lastSuccess
        + ", lastError=" + lastError + ", groups=" + groups.size()
        + ", partitionLags=" + partitionLagCount + ", cycles=" + cycles + "]";
  }

  /** Builds a {@link ClusterLag}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private ClusterStatus status = ClusterStatus.DOWN;
    private Instant lastAttempt = Instant.EPOCH;
    private @Nullable Instant lastSuccess;
    private Duration cycleDuration = Duration.ZERO;
    private @Nullable CollectionError lastError;
    private final Map<String, GroupLag> groups = new LinkedHashMap<>();
    private final List<PartitionOffsets> partitions = new ArrayList<>();
    private final Map<ErrorKind, Long> errorCounts = new EnumMap<>(ErrorKind.class);
    private long cycles;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder status(ClusterStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    public Builder lastAttempt(Instant lastAttempt) {
      this.lastAttempt = Objects.requireNonNull(lastAttempt, "lastAttempt");
      return this;
    }

    public Builder lastSuccess(@Nullable Instant lastSuccess) {
      this.lastSuccess = lastSuccess;
      return this;
    }

    public Builder cycleDuration(Duration cycleDuration) {
      this.cycleDuration = Objects.requireNonNull(cycleDuration, "cycleDuration");
      return this;
    }

    public Builder lastError(@Nullable CollectionError lastError) {
      this.lastError = lastError;
      return this;
    }

    /** Adds a group, replacing one with the same id. */
    public Builder group(GroupLag group) {
      groups.put(group.groupId(), group);
      return this;
    }

    public Builder groups(Collection<GroupLag> groups) {
      groups.forEach(this::group);
      return this;
    }

    /** Removes all groups and partition offsets (used when data outlives the staleness limit). */
    public Builder clearData() {
      groups.clear();
      partitions.clear();
      return this;
    }

    public Builder partition(PartitionOffsets partition) {
      partitions.add(Objects.requireNonNull(partition, "partition"));
      return this;
    }

    public Builder partitions(Collection<PartitionOffsets> partitions) {
      partitions.forEach(this::partition);
      return this;
    }

    public Builder errorCounts(Map<ErrorKind, Long> errorCounts) {
      this.errorCounts.clear();
      this.errorCounts.putAll(errorCounts);
      return this;
    }

    /** Adds one to the count of {@code kind}. */
    public Builder countError(ErrorKind kind) {
      errorCounts.merge(kind, 1L, Long::sum);
      return this;
    }

    public Builder cycles(long cycles) {
      this.cycles = cycles;
      return this;
    }

    public ClusterLag build() {
      return new ClusterLag(this);
    }
  }
}
