package io.klag.kafka;

import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.Member;
import io.klag.spi.CommittedOffsets;
import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.GroupMember;
import io.klag.spi.KafkaAccess;
import io.klag.spi.OffsetsResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KafkaAccess} over one long-lived kafka-clients {@link Admin}; every method is one batched
 * Admin call (see DESIGN.md, "Request budget"), never a loop of per-group or per-partition calls.
 */
final class AdminKafkaAccess implements KafkaAccess {

  private static final Logger log = LoggerFactory.getLogger(AdminKafkaAccess.class);

  private final Admin admin;
  private final boolean ownsAdmin;
  private final ClientProperties props;
  private final AdminCalls calls;
  private final IsolationLevel isolation;
  private final AtomicBoolean closed = new AtomicBoolean();

  AdminKafkaAccess(Admin admin, boolean ownsAdmin, ClientProperties props, AdminCalls calls, boolean readCommitted) {
    this.admin = admin;
    this.ownsAdmin = ownsAdmin;
    this.props = props;
    this.calls = calls;
    this.isolation = readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
  }

  @Override
  public List<GroupListing> listGroups() {
    Collection<org.apache.kafka.clients.admin.GroupListing> listed = calls.call("listGroups",
        ms -> admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(ms)).all());
    List<GroupListing> out = new ArrayList<>(listed.size());
    for (org.apache.kafka.clients.admin.GroupListing g : listed) {
      out.add(new GroupListing(g.groupId(), type(g.type().orElse(null), g.protocol()),
          state(g.groupState().orElse(null))));
    }
    return out;
  }

  @Override
  public Map<String, GroupDescription> describeGroups(Collection<String> groupIds) {
    if (groupIds.isEmpty()) {
      return Map.of();
    }
    AdminCalls.Batch<String, ConsumerGroupDescription> b = calls.batch("describeConsumerGroups", groupIds,
        (ids, ms) -> admin.describeConsumerGroups(ids, new DescribeConsumerGroupsOptions().timeoutMs(ms))
            .describedGroups());
    if (!b.failures().isEmpty()) {
      log.debug("klag: could not describe {} group(s), e.g. {}", b.failures().size(),
          b.failures().values().iterator().next().getMessage());
    }
    Map<String, GroupDescription> out = new HashMap<>();
    b.values().forEach((id, d) -> out.put(id, describe(d)));
    return out;
  }

  static GroupDescription describe(ConsumerGroupDescription d) {
    List<GroupMember> members = new ArrayList<>(d.members().size());
    for (MemberDescription m : d.members()) {
      Set<TopicPartition> assignment = m.assignment() == null ? Set.of() : m.assignment().topicPartitions();
      members.add(new GroupMember(new Member(m.consumerId(), m.clientId(), m.host()), assignment));
    }
    GroupType type = d.isSimpleConsumerGroup() ? GroupType.SIMPLE : type(d.type(), "consumer");
    return new GroupDescription(d.groupId(), type, state(d.groupState()), members);
  }

  @Override
  public CommittedOffsets committedOffsets(Collection<String> groupIds) {
    if (groupIds.isEmpty()) {
      return new CommittedOffsets(Map.of(), Map.of());
    }
    ListConsumerGroupOffsetsSpec all = new ListConsumerGroupOffsetsSpec(); // all partitions
    AdminCalls.Batch<String, Map<TopicPartition, OffsetAndMetadata>> b = calls.batch(
        "listConsumerGroupOffsets", groupIds, (ids, ms) -> {
          Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
          ids.forEach(id -> specs.put(id, all));
          ListConsumerGroupOffsetsResult r = admin.listConsumerGroupOffsets(
              specs, new ListConsumerGroupOffsetsOptions().timeoutMs(ms));
          Map<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> futures = new HashMap<>();
          ids.forEach(id -> futures.put(id, r.partitionsToOffsetAndMetadata(id)));
          return futures;
        });
    Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
    b.values().forEach((group, committed) -> {
      Map<TopicPartition, Long> m = new HashMap<>();
      committed.forEach((tp, om) -> {
        if (om != null && om.offset() >= 0) { // null: no commit on this partition
          m.put(tp, om.offset());
        }
      });
      offsets.put(group, m);
    });
    return new CommittedOffsets(offsets, b.failures());
  }

  @Override
  public OffsetsResult endOffsets(Collection<TopicPartition> partitions) {
    return offsets("listOffsets(latest)", partitions, OffsetSpec.latest());
  }

  @Override
  public OffsetsResult startOffsets(Collection<TopicPartition> partitions) {
    return offsets("listOffsets(earliest)", partitions, OffsetSpec.earliest());
  }

  private OffsetsResult offsets(String operation, Collection<TopicPartition> partitions, OffsetSpec spec) {
    if (partitions.isEmpty()) {
      return new OffsetsResult(Map.of(), Map.of());
    }
    AdminCalls.Batch<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> b = calls.batch(
        operation, partitions, (tps, ms) -> {
          Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
          tps.forEach(tp -> specs.put(tp, spec));
          ListOffsetsResult r = admin.listOffsets(specs, new ListOffsetsOptions(isolation).timeoutMs(ms));
          Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
          tps.forEach(tp -> futures.put(tp, r.partitionResult(tp)));
          return futures;
        });
    Map<TopicPartition, Long> out = new HashMap<>();
    b.values().forEach((tp, info) -> out.put(tp, info.offset()));
    return new OffsetsResult(out, b.failures());
  }

  /** klag's type for a listed group: a classic group with an empty protocol type is a simple group. */
  static GroupType type(org.apache.kafka.common.GroupType type, String protocolType) {
    if (type == org.apache.kafka.common.GroupType.CONSUMER) {
      return GroupType.CONSUMER;
    }
    if (type == null || type == org.apache.kafka.common.GroupType.CLASSIC) {
      if (protocolType == null || protocolType.isEmpty()) {
        return GroupType.SIMPLE;
      }
      if ("consumer".equals(protocolType)) {
        return GroupType.CLASSIC;
      }
    }
    return GroupType.UNKNOWN;
  }

  static GroupState state(org.apache.kafka.common.GroupState state) {
    if (state == null) {
      return GroupState.UNKNOWN;
    }
    return switch (state) {
      case STABLE -> GroupState.STABLE;
      case PREPARING_REBALANCE -> GroupState.PREPARING_REBALANCE;
      case COMPLETING_REBALANCE -> GroupState.COMPLETING_REBALANCE;
      case ASSIGNING -> GroupState.ASSIGNING;
      case RECONCILING -> GroupState.RECONCILING;
      case EMPTY -> GroupState.EMPTY;
      case DEAD -> GroupState.DEAD;
      case NOT_READY -> GroupState.NOT_READY;
      default -> GroupState.UNKNOWN;
    };
  }

  /** The Admin's {@code request-total} in {@code admin-client-metrics}: wire requests sent so far. */
  double requestTotal() {
    for (Map.Entry<MetricName, ? extends Metric> e : admin.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("request-total") && n.group().equals("admin-client-metrics")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new IllegalStateException("admin-client-metrics request-total not found");
  }

  Admin admin() {
    return admin;
  }

  Duration requestTimeout() {
    return calls.timeout();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsAdmin) {
      try {
        admin.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        throw KafkaErrors.toAccessException("closing the Admin client", e, props);
      }
    }
  }

  @Override
  public String toString() {
    return "KafkaAccess{" + props + ", isolation=" + isolation + ", requestTimeout=" + calls.timeout()
        + (ownsAdmin ? "" : ", host-owned Admin") + "}";
  }
}
