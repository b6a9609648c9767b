package io.klag.kafka;

import static io.klag.kafka.KafkaTestSupport.commit;
import static io.klag.kafka.KafkaTestSupport.consumer;
import static io.klag.kafka.KafkaTestSupport.produce;
import static io.klag.kafka.KafkaTestSupport.subscribeAndAwaitAssignment;
import static io.klag.kafka.KafkaTestSupport.tp;
import static io.klag.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ClusterStatus;
import io.klag.Filter;
import io.klag.GroupLag;
import io.klag.GroupState;
import io.klag.GroupType;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import io.klag.spi.KafkaAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.klag.testkit.EmbeddedKafkaCluster;

/** The Admin-backed access on a real (in-process, 1-broker) cluster shared by the whole class. */
class AdminKafkaAccessTest {

  static EmbeddedKafkaCluster kafka;
  static Map<String, Object> props;
  static Admin admin;

  @BeforeAll
  static void cluster() {
    kafka = EmbeddedKafkaCluster.shared();
    props = kafka.clientProperties();
    admin = Admin.create(props);
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void exactLagPerPartitionAndAggregateThenZeroAfterCatchingUp() {
    KafkaTestSupport.assertExactLagEndToEnd(props, kafka::createTopic);
  }

  @Test
  void consumerProtocolAndClassicGroupsSideBySide() {
    String topic = unique("protocols");
    String classic = unique("classic");
    String modern = unique("kip848");
    kafka.createTopic(topic, 2);
    produce(props, topic, 10, 10);
    try (LagCollector collector = collector(Filter.include(classic + "|" + modern));
        KafkaConsumer<String, String> c1 = consumer(props, classic, "classic");
        KafkaConsumer<String, String> c2 = consumer(props, modern, "consumer")) {
      subscribeAndAwaitAssignment(c1, topic, 2);
      subscribeAndAwaitAssignment(c2, topic, 2);
      c1.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(3), tp(topic, 1), new OffsetAndMetadata(3)));
      c2.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(8), tp(topic, 1), new OffsetAndMetadata(9)));

      LagSnapshot s = collector.collect();
      GroupLag g1 = s.group("local", classic).orElseThrow();
      GroupLag g2 = s.group("local", modern).orElseThrow();
      assertThat(g1.type()).isEqualTo(GroupType.CLASSIC);
      assertThat(g2.type()).isEqualTo(GroupType.CONSUMER);
      assertThat(g1.state()).isEqualTo(GroupState.STABLE);
      assertThat(g2.state()).isEqualTo(GroupState.STABLE);
      assertThat(g1.memberCount()).hasValue(1);
      assertThat(g2.memberCount()).hasValue(1);
      assertThat(g1.sumLag()).isEqualTo(14);
      assertThat(g2.sumLag()).isEqualTo(3);
      assertThat(g2.partition(topic, 1).orElseThrow().member()).hasValueSatisfying(m ->
          assertThat(m.clientId()).isNotEmpty());
    }
  }

  @Test
  void simpleGroupWithManualAssignmentAndCommit() {
    String topic = unique("simple");
    String group = unique("simple-group");
    kafka.createTopic(topic, 2);
    produce(props, topic, 5, 7);
    try (LagCollector collector = collector(Filter.include(group));
        KafkaConsumer<String, String> c = consumer(props, group, "classic")) {
      c.assign(List.of(tp(topic, 0), tp(topic, 1)));
      c.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(1), tp(topic, 1), new OffsetAndMetadata(7)));
      GroupLag g = collector.collect().group("local", group).orElseThrow();
      assertThat(g.type()).isEqualTo(GroupType.SIMPLE);
      assertThat(g.state()).isEqualTo(GroupState.EMPTY);
      assertThat(g.memberCount()).hasValue(0);
      assertThat(g.partition(topic, 0).orElseThrow().lag()).isEqualTo(4);
      assertThat(g.partition(topic, 1).orElseThrow().lag()).isZero();
    }
  }

  @Test
  void anEmptyGroupStillReportsLagAndADeletedGroupDisappears() throws Exception {
    String topic = unique("empty");
    String group = unique("empty-group");
    kafka.createTopic(topic, 1);
    produce(props, topic, 12);
    try (LagCollector collector = collector(Filter.include(group))) {
      try (KafkaConsumer<String, String> c = consumer(props, group, "classic")) {
        subscribeAndAwaitAssignment(c, topic, 1);
        c.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(2)));
      } // closed: the group is left without members
      GroupLag g = collector.collect().group("local", group).orElseThrow();
      assertThat(g.state()).isEqualTo(GroupState.EMPTY);
      assertThat(g.type()).isEqualTo(GroupType.CLASSIC);
      assertThat(g.memberCount()).hasValue(0);
      assertThat(g.sumLag()).isEqualTo(10);

      admin.deleteConsumerGroups(List.of(group)).all().get();
      LagSnapshot s = collector.collect();
      assertThat(s.cluster("local").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
      assertThat(s.group("local", group)).isEmpty();
    }
  }

  @Test
  void readCommittedEndOffsetsStopAtTheLastStableOffset() throws Exception {
    String topic = unique("lso");
    String group = unique("lso-group");
    kafka.createTopic(topic, 1);
    produce(props, topic, 4);
    Map<String, Object> tx = new HashMap<>(props);
    tx.put("transactional.id", unique("tx"));
    try (var producer = KafkaTestSupport.producer(tx);
        KafkaAccess hw = KafkaClusters.accessBuilder(admin).build();
        KafkaAccess lso = KafkaClusters.accessBuilder(admin).readCommitted(true).build()) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, "k", "open")).get();
      }
      commit(admin, group, Map.of(tp(topic, 0), 1L));
      // an open transaction: high watermark 7, last stable offset 4
      assertThat(hw.endOffsets(Set.of(tp(topic, 0))).offsets()).containsEntry(tp(topic, 0), 7L);
      assertThat(lso.endOffsets(Set.of(tp(topic, 0))).offsets()).containsEntry(tp(topic, 0), 4L);
      assertThat(lso.startOffsets(Set.of(tp(topic, 0))).offsets()).containsEntry(tp(topic, 0), 0L);
      producer.abortTransaction();
    }
  }

  @Test
  void partitionFailuresAreReportedPerPartition() {
    String topic = unique("present");
    kafka.createTopic(topic, 1);
    produce(props, topic, 3);
    try (KafkaAccess access = KafkaClusters.accessBuilder(admin).requestTimeout(Duration.ofSeconds(3)).build()) {
      TopicPartition missing = tp(unique("missing"), 0);
      var r = access.endOffsets(List.of(tp(topic, 0), missing));
      assertThat(r.offsets()).containsExactly(Map.entry(tp(topic, 0), 3L));
      assertThat(r.failures()).containsOnlyKeys(missing);
      assertThat(r.failures().get(missing).getMessage()).contains(missing.toString());
    }
  }

  @Test
  void hostAdminIsNeverClosed() throws Exception {
    KafkaClusters.access(admin).close();
    assertThat(admin.describeCluster().clusterId().get()).isNotEmpty();
  }

  @Test
  void requestCountPerCycleDoesNotGrowWithGroups() {
    String topic = unique("budget");
    kafka.createTopic(topic, 4);
    produce(props, topic, 5, 5, 5, 5);
    String prefix = unique("budget-g");
    // one real classic group with a member, so describe and both group protocols' paths are used
    try (KafkaConsumer<String, String> member = consumer(props, prefix + "-0", "classic")) {
      subscribeAndAwaitAssignment(member, topic, 4);
      member.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(1)));
      double one = AdminKafkaAccessTestSupport.steadyStateRequests(props, Filter.include(prefix + "-0"));
      for (int i = 1; i < 200; i++) {
        commit(admin, prefix + "-" + i, Map.of(tp(topic, i % 4), (long) (i % 5)));
      }
      double many = AdminKafkaAccessTestSupport.steadyStateRequests(props, Filter.include(prefix + "-.*"));
      System.out.printf("klag request budget, 1 broker: 1 group %.0f requests/cycle, 200 groups %.0f requests/cycle%n",
          one, many);
      assertThat(many).isLessThanOrEqualTo(4 + 4 * 1);
      assertThat(many - one).isLessThanOrEqualTo(1);
    }
  }

  private static LagCollector collector(Filter groups) {
    return LagCollector.builder().kafkaCluster("local", props).groups(groups).build();
  }

  @Test
  void mapsKafkaGroupTypesAndStates() {
    assertThat(AdminKafkaAccess.type(org.apache.kafka.common.GroupType.CLASSIC, "consumer")).isEqualTo(GroupType.CLASSIC);
    assertThat(AdminKafkaAccess.type(org.apache.kafka.common.GroupType.CLASSIC, "")).isEqualTo(GroupType.SIMPLE);
    assertThat(AdminKafkaAccess.type(null, "")).isEqualTo(GroupType.SIMPLE);
    assertThat(AdminKafkaAccess.type(null, "consumer")).isEqualTo(GroupType.CLASSIC);
    assertThat(AdminKafkaAccess.type(org.apache.kafka.common.GroupType.CONSUMER, "consumer")).isEqualTo(GroupType.CONSUMER);
    assertThat(AdminKafkaAccess.type(org.apache.kafka.common.GroupType.CLASSIC, "connect")).isEqualTo(GroupType.UNKNOWN);
    assertThat(AdminKafkaAccess.type(org.apache.kafka.common.GroupType.SHARE, "share")).isEqualTo(GroupType.UNKNOWN);
    for (org.apache.kafka.common.GroupState s : org.apache.kafka.common.GroupState.values()) {
      assertThat(AdminKafkaAccess.state(s).name()).isEqualTo(s.name());
    }
    assertThat(AdminKafkaAccess.state(null)).isEqualTo(GroupState.UNKNOWN);
  }

  @Test
  void listsAndDescribesThroughTheSpi() {
    String topic = unique("spi");
    String group = unique("spi-group");
    kafka.createTopic(topic, 1);
    commit(admin, group, Map.of(tp(topic, 0), 0L));
    try (KafkaAccess access = KafkaClusters.access(admin)) {
      assertThat(access.listGroups()).contains(new GroupListing(group, GroupType.SIMPLE, GroupState.EMPTY));
      Map<String, GroupDescription> d = access.describeGroups(List.of(group, unique("never-existed")));
      assertThat(d.get(group).type()).isEqualTo(GroupType.SIMPLE);
      assertThat(d.get(group).members()).isEmpty();
      assertThat(access.committedOffsets(List.of(group)).offsets().get(group)).containsEntry(tp(topic, 0), 0L);
    }
  }
}
