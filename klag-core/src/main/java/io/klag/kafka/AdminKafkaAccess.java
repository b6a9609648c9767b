package io.klag.kafka;

import io.klag.ErrorKind;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.Member;
import io.klag.spi.CommittedOffsets;
import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.GroupMember;
import io.klag.spi.KafkaAccess;
import io.klag.spi.KafkaAccessException;
import io.klag.spi.OffsetsResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClassicGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
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
  /** The last listing, so that describing can skip member-less groups and split by protocol. */
  private volatile Map<String, GroupListing> lastListing = Map.of();
  /** Set when offsets could not be read: the next reads first leave out leaderless partitions. */
  private volatile boolean checkLeaders;

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
    Map<String, GroupListing> byId = new HashMap<>();
    for (org.apache.kafka.clients.admin.GroupListing g : listed) {
      GroupListing l = new GroupListing(g.groupId(), type(g.type().orElse(null), g.protocol()),
          state(g.groupState().orElse(null)));
      out.add(l);
      byId.put(l.groupId(), l);
    }
    lastListing = byId;
    return out;
  }

  /**
   * Describes groups in as few requests as the Admin allows: groups the listing of this cycle shows
   * without members (EMPTY, DEAD; simple groups always are) are not asked about; consumer-protocol
   * groups go in one {@code describeConsumerGroups} call and classic ones in one {@code
   * describeClassicGroups} call, so no coordinator is asked twice about a group (a mixed {@code
   * describeConsumerGroups} call retries classic groups with a second request per coordinator).
   * Failures of single groups are tolerated: those groups are absent.
   */
  @Override
  public Map<String, GroupDescription> describeGroups(Collection<String> groupIds) {
    Map<String, GroupDescription> out = new HashMap<>();
    List<String> classic = new ArrayList<>();
    List<String> others = new ArrayList<>(); // consumer protocol, or not in the listing
    Map<String, GroupListing> listed = lastListing;
    for (String id : groupIds) {
      GroupListing l = listed.get(id);
      if (l != null && (l.state() == GroupState.EMPTY || l.state() == GroupState.DEAD)) {
        out.put(id, new GroupDescription(id, l.type(), l.state(), List.of()));
      } else if (l != null && (l.type() == GroupType.CLASSIC || l.type() == GroupType.SIMPLE)) {
        classic.add(id);
      } else {
        others.add(id);
      }
    }
    KafkaAccessException classicFailure = describeInto(out, "describeClassicGroups", classic, (ids, ms) ->
        admin.describeClassicGroups(ids, new DescribeClassicGroupsOptions().timeoutMs(ms)).describedGroups(),
        AdminKafkaAccess::describe);
    KafkaAccessException othersFailure = describeInto(out, "describeConsumerGroups", others, (ids, ms) ->
        admin.describeConsumerGroups(ids, new DescribeConsumerGroupsOptions().timeoutMs(ms)).describedGroups(),
        AdminKafkaAccess::describe);
    KafkaAccessException failure = classicFailure != null ? classicFailure : othersFailure;
    if (failure != null && out.isEmpty()) {
      throw failure;
    }
    if (failure != null || out.size() < groupIds.size()) {
      log.debug("klag: {} of {} group(s) not described{}", groupIds.size() - out.size(), groupIds.size(),
          failure == null ? "" : ": " + failure.getMessage());
    }
    return out;
  }

  /** One batched describe call into {@code out}; its failure as a whole is returned, not thrown. */
  private <D> @Nullable KafkaAccessException describeInto(
      Map<String, GroupDescription> out,
      String operation,
      List<String> ids,
      BiFunction<Set<String>, Integer, Map<String, ? extends KafkaFuture<D>>> call,
      Function<D, GroupDescription> convert) {
    try {
      calls.batch(operation, ids, call).values().forEach((id, d) -> out.put(id, convert.apply(d)));
      return null;
    } catch (KafkaAccessException e) {
      return e;
    }
  }

  static GroupDescription describe(ClassicGroupDescription d) {
    GroupState state;
    try {
      state = GroupState.valueOf(d.state().name());
    } catch (IllegalArgumentException e) {
      state = GroupState.UNKNOWN;
    }
    return new GroupDescription(d.groupId(), d.isSimpleConsumerGroup() ? GroupType.SIMPLE : GroupType.CLASSIC,
        state, members(d.members()));
  }

  static GroupDescription describe(ConsumerGroupDescription d) {
    GroupType type = d.isSimpleConsumerGroup() ? GroupType.SIMPLE : type(d.type(), "consumer");
    return new GroupDescription(d.groupId(), type, state(d.groupState()), members(d.members()));
  }

  private static List<GroupMember> members(Collection<MemberDescription> described) {
    List<GroupMember> members = new ArrayList<>(described.size());
    for (MemberDescription m : described) {
      Set<TopicPartition> assignment = m.assignment() == null ? Set.of() : m.assignment().topicPartitions();
      members.add(new GroupMember(new Member(m.consumerId(), m.clientId(), m.host()), assignment));
    }
    return members;
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
    Map<TopicPartition, KafkaAccessException> failures = new HashMap<>();
    List<TopicPartition> asked = new ArrayList<>(partitions);
    if (checkLeaders) {
      failures.putAll(withoutLeader(partitions));
      asked.removeAll(failures.keySet());
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    KafkaAccessException whole = null;
    try {
      AdminCalls.Batch<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> b = calls.batch(
          operation, asked, (tps, ms) -> {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            tps.forEach(tp -> specs.put(tp, spec));
            ListOffsetsResult r = admin.listOffsets(specs, new ListOffsetsOptions(isolation).timeoutMs(ms));
            Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
            tps.forEach(tp -> futures.put(tp, r.partitionResult(tp)));
            return futures;
          });
      b.values().forEach((tp, info) -> out.put(tp, info.offset()));
      failures.putAll(b.failures());
    } catch (KafkaAccessException e) {
      whole = e;
    }
    checkLeaders = (whole != null && whole.retryable()) || failures.values().stream().anyMatch(KafkaAccessException::retryable);
    if (whole != null) {
      throw whole;
    }
    if (out.isEmpty()) {
      KafkaAccessException first = failures.values().iterator().next();
      throw new KafkaAccessException(first.kind(),
          operation + " failed for all " + failures.size() + " partitions; first: " + first.getMessage(), first);
    }
    return new OffsetsResult(out, failures);
  }

  /**
   * The partitions that have no leader now, or whose topic could not be described, with why: one
   * Metadata request. Asked only after offsets could not be read, because the Admin retries
   * {@code listOffsets} of a leaderless partition without backoff (thousands of Metadata requests
   * a second, measured with kafka-clients 4.4) until the call's deadline.
   */
  private Map<TopicPartition, KafkaAccessException> withoutLeader(Collection<TopicPartition> partitions) {
    Set<String> topics = new java.util.HashSet<>();
    partitions.forEach(tp -> topics.add(tp.topic()));
    AdminCalls.Batch<String, TopicDescription> d = calls.batch("describeTopics", topics, (ts, ms) ->
        admin.describeTopics(ts, new DescribeTopicsOptions().timeoutMs(ms)).topicNameValues());
    Map<TopicPartition, KafkaAccessException> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      KafkaAccessException topicFailure = d.failures().get(tp.topic());
      TopicDescription td = d.values().get(tp.topic());
      if (topicFailure != null) {
        out.put(tp, topicFailure);
      } else if (td != null && td.partitions().stream().noneMatch(p -> p.partition() == tp.partition()
          && p.leader() != null && !p.leader().isEmpty())) {
        out.put(tp, new KafkaAccessException(ErrorKind.UNAVAILABLE, "partition " + tp + " has no leader"));
      }
    }
    return out;
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
