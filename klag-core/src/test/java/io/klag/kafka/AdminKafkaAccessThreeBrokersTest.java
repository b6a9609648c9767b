package io.klag.kafka;

import static io.klag.kafka.KafkaTestSupport.commit;
import static io.klag.kafka.KafkaTestSupport.consumer;
import static io.klag.kafka.KafkaTestSupport.produce;
import static io.klag.kafka.KafkaTestSupport.subscribeAndAwaitAssignment;
import static io.klag.kafka.KafkaTestSupport.tp;
import static io.klag.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.Filter;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Admin-backed access on a 3-broker cluster: request budget, and a broker stopped mid-test. */
class AdminKafkaAccessThreeBrokersTest {

  static final int BROKERS = 3;
  static EmbeddedKafkaCluster kafka;
  static Map<String, Object> props;
  static Admin admin;

  @BeforeAll
  static void cluster() {
    kafka = EmbeddedKafkaCluster.start(BROKERS);
    props = kafka.clientProperties();
    admin = Admin.create(props);
  }

  @AfterAll
  static void stop() {
    admin.close();
    kafka.close();
  }

  @Test
  void requestCountPerCycleDoesNotGrowWithGroups() {
    String topic = unique("budget3");
    kafka.createTopic(topic, 6);
    produce(props, topic, 5, 5, 5, 5, 5, 5);
    String prefix = unique("budget3-g");
    try (KafkaConsumer<String, String> member = consumer(props, prefix + "-0", "classic")) {
      subscribeAndAwaitAssignment(member, topic, 6);
      member.commitSync(Map.of(tp(topic, 0), new OffsetAndMetadata(1)));
      double one = AdminKafkaAccessTestSupport.steadyStateRequests(props, Filter.include(prefix + "-0"));
      for (int i = 1; i < 200; i++) {
        commit(admin, prefix + "-" + i, Map.of(tp(topic, i % 6), (long) (i % 5)));
      }
      double many = AdminKafkaAccessTestSupport.steadyStateRequests(props, Filter.include(prefix + "-.*"));
      System.out.printf("klag request budget, %d brokers: 1 group %.0f requests/cycle, 200 groups %.0f requests/cycle%n",
          BROKERS, one, many);
      assertThat(many).isLessThanOrEqualTo(4 + 4 * BROKERS);
      assertThat(many - one).isLessThanOrEqualTo(3 * (BROKERS - 1)); // more coordinators, not more groups

      // live groups of both protocols on several coordinators need two describe calls when they are
      // described; in steady state the collector reuses descriptions (membersMaxAge), so none are sent
      List<KafkaConsumer<String, String>> members = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 6; i++) {
          KafkaConsumer<String, String> c = consumer(props, prefix + "-live-" + i, i % 2 == 0 ? "classic" : "consumer");
          members.add(c);
          subscribeAndAwaitAssignment(c, topic, 6);
          c.commitSync(Map.of(tp(topic, i), new OffsetAndMetadata(2)));
        }
        double mixed = AdminKafkaAccessTestSupport.steadyStateRequests(props, Filter.include(prefix + "-.*"));
        System.out.printf("klag request budget, %d brokers: 206 groups, 7 of them live of both protocols: "
            + "%.0f requests/cycle%n", BROKERS, mixed);
        assertThat(mixed).isLessThanOrEqualTo(4 + 4 * BROKERS);
      } finally {
        members.forEach(KafkaConsumer::close);
      }
    }
  }

  @Test
  void aStoppedBrokerMakesTheDataStaleNotEmptyAndItIsFreshAgainAfterTheRestart() throws Exception {
    int victim = 2;
    String topic = unique("failover");
    String group = unique("failover-group");
    // both partitions only on the victim, so losing it makes their offsets unreadable
    admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(victim), 1, List.of(victim))))).all().get();
    awaitLeaders(topic);
    produce(props, topic, 10, 10);
    commit(admin, group, Map.of(tp(topic, 0), 3L, tp(topic, 1), 10L));

    AdminKafkaAccess access =
        (AdminKafkaAccess) KafkaClusters.accessBuilder(props).requestTimeout(Duration.ofSeconds(3)).build();
    try (LagCollector collector = LagCollector.builder()
        .cluster("three", access,
            KafkaClusters.samplerBuilder(props).timeBudget(Duration.ofSeconds(1)).build())
        .groups(Filter.include(group))
        .build()) {
      ClusterLag before = collector.collect().cluster("three").orElseThrow();
      assertThat(before.status()).isEqualTo(ClusterStatus.UP);
      assertThat(before.groups().get(group).sumLag()).isEqualTo(7);
      Instant firstSuccess = before.lastSuccess().orElseThrow();

      kafka.stopBroker(victim);
      ClusterLag stale = collectUntil(collector, c -> c.status() != ClusterStatus.UP, Duration.ofSeconds(30));
      assertThat(stale.status()).isEqualTo(ClusterStatus.STALE);
      assertThat(stale.groups().get(group).sumLag()).isEqualTo(7); // the last good data, not empty
      assertThat(stale.lastSuccess()).hasValue(firstSuccess);
      assertThat(stale.lastError()).hasValueSatisfying(e -> assertThat(e.message()).isNotBlank());
      System.out.printf("klag with broker %d stopped: %s, error: %s%n", victim, stale.status(), stale.lastError().orElseThrow());

      // the next failing cycles leave the leaderless partitions out instead of letting the Admin
      // retry them without backoff (thousands of Metadata requests) until the deadline
      double requestsBefore = access.requestTotal();
      ClusterLag again = collector.collect().cluster("three").orElseThrow();
      double failingCycle = access.requestTotal() - requestsBefore;
      System.out.printf("klag with broker %d stopped: a further failing cycle sent %.0f requests: %s%n",
          victim, failingCycle, again.lastError().orElseThrow().message());
      assertThat(again.status()).isEqualTo(ClusterStatus.STALE);
      assertThat(again.lastError().orElseThrow().message()).contains("has no leader");
      assertThat(failingCycle).isLessThanOrEqualTo(4 + 4 * BROKERS);

      kafka.restartBroker(victim);
      produce(props, topic, 5, 0);
      ClusterLag fresh = collectUntil(collector, c -> c.status() == ClusterStatus.UP, Duration.ofSeconds(60));
      assertThat(fresh.lastError()).isEmpty();
      assertThat(fresh.lastSuccess().orElseThrow()).isAfter(firstSuccess);
      assertThat(fresh.groups().get(group).sumLag()).isEqualTo(12);
    }
  }

  private static ClusterLag collectUntil(LagCollector collector, Predicate<ClusterLag> condition, Duration timeout) {
    LagSnapshot s = collector.await(snapshot -> condition.test(snapshot.cluster("three").orElseThrow()), timeout);
    return s.cluster("three").orElseThrow();
  }

  private static void awaitLeaders(String topic) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        var d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // the broker asked may not have seen the new topic's metadata yet
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leaders for " + topic);
  }
}
