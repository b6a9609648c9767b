package io.klag.examples.exporter;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.LagSink;
import io.klag.LagSnapshot;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready once every configured cluster has had one successful collection; a {@link LagSink} fed
 * by the collectors. Thread-safe.
 */
final class Readiness implements LagSink {

  private final List<String> clusters;
  private final Set<String> collected = ConcurrentHashMap.newKeySet();

  Readiness(List<String> clusters) {
    this.clusters = List.copyOf(clusters);
  }

  @Override
  public void accept(LagSnapshot snapshot) {
    for (ClusterLag c : snapshot.clusters().values()) {
      if (c.status() == ClusterStatus.UP) {
        collected.add(c.name());
      }
    }
  }

  /** The clusters that were never collected successfully, in configuration order. */
  List<String> notReady() {
    return clusters.stream().filter(c -> !collected.contains(c)).toList();
  }
}
