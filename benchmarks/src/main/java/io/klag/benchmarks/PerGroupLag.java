package io.klag.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The approach of most lag exporters: list the groups, then for each group read its committed
 * offsets and then the end offsets of its partitions, one group after another or {@code
 * parallelism} groups at a time.
 *
 * <pre>{@code
 * try (PerGroupLag peers = new PerGroupLag(admin, 8)) {
 *   Map<String, Map<TopicPartition, Long>> lag = peers.collect();
 * }
 * }</pre>
 */
final class PerGroupLag implements AutoCloseable {

  private final Admin admin;
  private final ExecutorService pool;

  /** {@code parallelism} 1 means sequential, on the caller's thread. */
  PerGroupLag(Admin admin, int parallelism) {
    this.admin = admin;
    this.pool = parallelism > 1 ? Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "per-group");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** Lag by group and partition, for every consumer group with committed offsets. */
  Map<String, Map<TopicPartition, Long>> collect() throws ExecutionException, InterruptedException {
    Collection<GroupListing> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get();
    Map<String, Map<TopicPartition, Long>> out = new ConcurrentHashMap<>();
    if (pool == null) {
      for (GroupListing g : groups) {
        put(out, g.groupId(), lagOf(g.groupId()));
      }
      return out;
    }
    List<Future<?>> pending = new ArrayList<>(groups.size());
    for (GroupListing g : groups) {
      pending.add(pool.submit(() -> {
        put(out, g.groupId(), lagOf(g.groupId()));
        return null;
      }));
    }
    for (Future<?> f : pending) {
      f.get();
    }
    return out;
  }

  private static void put(Map<String, Map<TopicPartition, Long>> out, String group, Map<TopicPartition, Long> lag) {
    if (!lag.isEmpty()) {
      out.put(group, lag);
    }
  }

  private Map<TopicPartition, Long> lagOf(String group) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    committed.forEach((tp, om) -> {
      if (om != null) {
        request.put(tp, OffsetSpec.latest());
      }
    });
    if (request.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
    Map<TopicPartition, Long> lag = new HashMap<>();
    request.keySet().forEach(tp ->
        lag.put(tp, Math.max(0L, ends.get(tp).offset() - committed.get(tp).offset())));
    return lag;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
