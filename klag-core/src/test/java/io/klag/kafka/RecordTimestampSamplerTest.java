package io.klag.kafka;

import static io.klag.kafka.KafkaTestSupport.commit;
import static io.klag.kafka.KafkaTestSupport.produceAt;
import static io.klag.kafka.KafkaTestSupport.tp;
import static io.klag.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.klag.Filter;
import io.klag.GroupLag;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.TimeLag;
import io.klag.TimeLagMethod;
import io.klag.spi.OffsetPosition;
import io.klag.spi.TimeLagEstimator;
import io.klag.spi.TimeLagQuery;
import io.klag.testkit.EmbeddedKafkaCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The record-timestamp sampler on a real broker of its own (a fast log cleaner, for the compacted
 * topic), and its pure parts.
 */
class RecordTimestampSamplerTest {

  static EmbeddedKafkaCluster kafka;
  static Map<String, Object> props;
  static Admin admin;
  /** Ten minutes ago: record timestamps are base + something, "now" is chosen by each test. */
  static final long BASE = System.currentTimeMillis() - 600_000;

  @BeforeAll
  static void cluster() {
    kafka = EmbeddedKafkaCluster.builder().brokers(1).brokerProperty("log.cleaner.backoff.ms", "100").build().start();
    props = kafka.clientProperties();
    admin = Admin.create(props);
  }

  @AfterAll
  static void stop() {
    admin.close();
    kafka.close();
  }

  static TimeLagQuery query(Instant now, Map<TopicPartition, Long> ends, OffsetPosition... positions) {
    return new TimeLagQuery(now, Set.of(positions), ends);
  }

  static OffsetPosition at(String topic, int partition, long offset) {
    return new OffsetPosition(tp(topic, partition), offset);
  }

  static long[] timestamps(long first, int count) {
    long[] ts = new long[count];
    for (int i = 0; i < count; i++) {
      ts[i] = first + i * 1000L;
    }
    return ts;
  }

  static Duration lag(Map<OffsetPosition, TimeLag> lags, OffsetPosition p) {
    TimeLag t = lags.get(p);
    assertThat(t).as("time lag of %s", p).isNotNull();
    assertThat(t.method()).isEqualTo(TimeLagMethod.RECORD_TIMESTAMP);
    return t.lag();
  }

  @Test
  void knownRecordTimestampsGiveTheExactTimeLagForEveryGroupInOneCycle() {
    String topic = unique("ts");
    kafka.createTopic(topic, 2);
    produceAt(props, topic, 0, timestamps(BASE, 10));
    produceAt(props, topic, 1, timestamps(BASE + 100_000, 5));
    Instant now = Instant.ofEpochMilli(BASE + 700_000);
    try (TimeLagEstimator sampler = KafkaClusters.recordTimestampSampler(props)) {
      Map<OffsetPosition, TimeLag> lags = sampler.estimate(query(now, Map.of(tp(topic, 0), 10L, tp(topic, 1), 5L),
          at(topic, 0, 3), at(topic, 0, 7), at(topic, 1, 0)));
      assertThat(lag(lags, at(topic, 0, 3))).isEqualTo(Duration.ofSeconds(697));
      assertThat(lag(lags, at(topic, 0, 7))).isEqualTo(Duration.ofSeconds(693));
      assertThat(lag(lags, at(topic, 1, 0))).isEqualTo(Duration.ofSeconds(600));
      // a record from the future (clock skew) gives 0, never a negative lag
      Map<OffsetPosition, TimeLag> early = sampler.estimate(
          query(Instant.ofEpochMilli(BASE), Map.of(tp(topic, 0), 10L), at(topic, 0, 9)));
      assertThat(lag(early, at(topic, 0, 9))).isZero();
    }
  }

  @Test
  void throughTheCollectorTheTimeLagIsWithinToleranceAndDrainedPartitionsAreCaughtUp() {
    String topic = unique("ts-collector");
    String group = unique("ts-group");
    kafka.createTopic(topic, 2);
    long first = System.currentTimeMillis() - 120_000;
    produceAt(props, topic, 0, timestamps(first, 5));
    produceAt(props, topic, 1, timestamps(first, 3));
    commit(admin, group, Map.of(tp(topic, 0), 2L, tp(topic, 1), 3L)); // partition 1 drained
    try (LagCollector collector = LagCollector.builder().kafkaCluster("local", props)
        .groups(Filter.include(group)).build()) {
      LagSnapshot s = collector.collect();
      long expected = System.currentTimeMillis() - (first + 2000);
      GroupLag g = s.group("local", group).orElseThrow();
      TimeLag t0 = g.partition(topic, 0).orElseThrow().timeLag().orElseThrow();
      assertThat(t0.method()).isEqualTo(TimeLagMethod.RECORD_TIMESTAMP);
      assertThat(t0.lag().toMillis()).isBetween(expected - 5_000, expected + 1_000);
      assertThat(g.partition(topic, 1).orElseThrow().timeLag()).hasValue(TimeLag.CAUGHT_UP);
      assertThat(g.maxTimeLag()).hasValue(t0.lag());
    }
  }

  @Test
  void aCachedSampleIsReusedUntilItsTtlAndAnOffsetBelowTheLogStartUsesTheFirstRecordAfter() throws Exception {
    String topic = unique("ttl");
    kafka.createTopic(topic, 1);
    produceAt(props, topic, 0, timestamps(BASE, 10));
    Map<TopicPartition, Long> ends = Map.of(tp(topic, 0), 10L);
    Instant now = Instant.ofEpochMilli(BASE + 60_000);
    try (TimeLagEstimator sampler = KafkaClusters.samplerBuilder(props).cacheTtl(Duration.ofMinutes(1)).build()) {
      assertThat(lag(sampler.estimate(query(now, ends, at(topic, 0, 2))), at(topic, 0, 2)))
          .isEqualTo(Duration.ofSeconds(58));
      admin.deleteRecords(Map.of(tp(topic, 0), RecordsToDelete.beforeOffset(5))).all().get();

      // within the TTL: not read again (a read would now find record 5)
      assertThat(lag(sampler.estimate(query(now.plusSeconds(30), ends, at(topic, 0, 2))), at(topic, 0, 2)))
          .isEqualTo(Duration.ofSeconds(88));
      // after the TTL: read again; offset 2 is below the log start 5, so record 5 answers
      Instant later = now.plusSeconds(61);
      assertThat(lag(sampler.estimate(query(later, ends, at(topic, 0, 2))), at(topic, 0, 2)))
          .isEqualTo(Duration.ofMillis(later.toEpochMilli() - (BASE + 5_000)));
      assertThat(((RecordTimestampSampler) sampler).cacheSize()).isEqualTo(1);
      // a position no longer asked for leaves the cache
      sampler.estimate(query(later, ends, at(topic, 0, 6)));
      assertThat(((RecordTimestampSampler) sampler).cacheSize()).isEqualTo(1);
    }
  }

  @Test
  void aCompactedTopicUsesTheNextSurvivingRecordAndDoesNotStall() throws Exception {
    String topic = unique("compacted");
    kafka.createTopic(topic, 1, Map.of(
        "cleanup.policy", "compact",
        "segment.ms", "100",
        "min.cleanable.dirty.ratio", "0.01",
        "min.compaction.lag.ms", "0"));
    try (KafkaProducer<String, String> p = KafkaTestSupport.producer(props)) {
      for (int i = 0; i < 4; i++) { // offsets 0..3: key a, a, a, b
        p.send(new ProducerRecord<>(topic, 0, BASE + i * 1000L, i < 3 ? "a" : "b", "v" + i)).get();
      }
      Thread.sleep(300);
      p.send(new ProducerRecord<>(topic, 0, BASE + 4000L, "c", "v4")).get(); // rolls the segment
    }
    awaitFirstOffset(topic, 2);
    Instant now = Instant.ofEpochMilli(BASE + 10_000);
    try (TimeLagEstimator sampler = KafkaClusters.recordTimestampSampler(props)) {
      long t0 = System.nanoTime();
      Map<OffsetPosition, TimeLag> lags = sampler.estimate(query(now, Map.of(tp(topic, 0), 5L),
          at(topic, 0, 0), at(topic, 0, 1), at(topic, 0, 3)));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(lag(lags, at(topic, 0, 0))).isEqualTo(Duration.ofSeconds(8)); // record 2
      assertThat(lag(lags, at(topic, 0, 1))).isEqualTo(Duration.ofSeconds(8));
      assertThat(lag(lags, at(topic, 0, 3))).isEqualTo(Duration.ofSeconds(7));
    }
  }

  /** Waits until the cleaner removed the records before {@code offset}. */
  private static void awaitFirstOffset(String topic, long offset) throws InterruptedException {
    try (KafkaConsumer<String, String> c = KafkaTestSupport.consumer(props, unique("probe"), "classic")) {
      c.assign(List.of(tp(topic, 0)));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        c.seek(tp(topic, 0), 0);
        var records = c.poll(Duration.ofMillis(500));
        if (!records.isEmpty() && records.iterator().next().offset() == offset) {
          return;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("the log cleaner did not compact " + topic + " within 60 s");
    }
  }

  @Test
  void transactionMarkersAndAbortedRecordsNeverStallTheCycle() throws Exception {
    String topic = unique("txn");
    kafka.createTopic(topic, 1);
    Map<String, Object> tx = new HashMap<>(props);
    tx.put("transactional.id", unique("tx"));
    try (KafkaProducer<String, String> p = KafkaTestSupport.producer(tx)) {
      p.initTransactions();
      p.beginTransaction(); // record 0, commit marker 1
      p.send(new ProducerRecord<>(topic, 0, BASE, "k", "committed")).get();
      p.commitTransaction();
      p.beginTransaction(); // records 2, 3, abort marker 4
      p.send(new ProducerRecord<>(topic, 0, BASE + 2000, "k", "aborted")).get();
      p.send(new ProducerRecord<>(topic, 0, BASE + 3000, "k", "aborted")).get();
      p.abortTransaction();
      p.beginTransaction(); // record 5, commit marker 6
      p.send(new ProducerRecord<>(topic, 0, BASE + 5000, "k", "committed")).get();
      p.commitTransaction();
    }
    Map<TopicPartition, Long> ends = Map.of(tp(topic, 0), 7L);
    Instant now = Instant.ofEpochMilli(BASE + 10_000);
    Map<String, Object> committed = new HashMap<>(props);
    committed.put("isolation.level", "read_committed");
    try (TimeLagEstimator uncommitted = KafkaClusters.recordTimestampSampler(props);
        TimeLagEstimator readCommitted = KafkaClusters.samplerBuilder(committed).timeBudget(Duration.ofSeconds(3)).build()) {
      long t0 = System.nanoTime();
      Map<OffsetPosition, TimeLag> u = uncommitted.estimate(query(now, ends, at(topic, 0, 1), at(topic, 0, 4), at(topic, 0, 6)));
      Map<OffsetPosition, TimeLag> c = readCommitted.estimate(query(now, ends, at(topic, 0, 1), at(topic, 0, 6)));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(lag(u, at(topic, 0, 1))).isEqualTo(Duration.ofSeconds(8)); // aborted record 2 is visible uncommitted
      assertThat(lag(u, at(topic, 0, 4))).isEqualTo(Duration.ofSeconds(5)); // marker 4 -> record 5
      assertThat(u).doesNotContainKey(at(topic, 0, 6)); // only a marker before the end: no time lag
      assertThat(lag(c, at(topic, 0, 1))).isEqualTo(Duration.ofSeconds(5)); // aborted records skipped
      assertThat(c).doesNotContainKey(at(topic, 0, 6));
    }
  }

  @Test
  void thePartitionCapSamplesTheMostLaggingFirstAndTheBudgetBoundsAMissingTopic() {
    String topic = unique("cap");
    kafka.createTopic(topic, 3);
    for (int p = 0; p < 3; p++) {
      produceAt(props, topic, p, timestamps(BASE, 10));
    }
    Map<TopicPartition, Long> ends = Map.of(tp(topic, 0), 10L, tp(topic, 1), 10L, tp(topic, 2), 10L);
    Instant now = Instant.ofEpochMilli(BASE + 20_000);
    OffsetPosition[] positions = {at(topic, 0, 8), at(topic, 1, 1), at(topic, 2, 5)};
    try (TimeLagEstimator sampler = KafkaClusters.samplerBuilder(props).maxPartitionsPerCycle(1).build()) {
      assertThat(sampler.estimate(query(now, ends, positions))).containsOnlyKeys(at(topic, 1, 1));
      assertThat(sampler.estimate(query(now, ends, positions))).containsOnlyKeys(at(topic, 1, 1), at(topic, 2, 5));
      assertThat(sampler.estimate(query(now, ends, positions))).hasSize(3);
    }
    OffsetPosition missing = at(unique("missing"), 0, 3);
    try (TimeLagEstimator sampler = KafkaClusters.samplerBuilder(props).timeBudget(Duration.ofSeconds(1)).build()) {
      long t0 = System.nanoTime();
      Map<OffsetPosition, TimeLag> lags = sampler.estimate(new TimeLagQuery(now, Set.of(missing, positions[0]),
          Map.of(missing.partition(), 10L, tp(topic, 0), 10L)));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1_000 + 1_000));
      assertThat(lags).containsOnlyKeys(positions[0]);
    }
  }

  @Test
  void oneCycleOverManyPartitionsCostsAboutOneFetchPerLeader() {
    String topic = unique("fetches");
    int partitions = 30;
    kafka.createTopic(topic, partitions);
    Map<TopicPartition, Long> ends = new HashMap<>();
    Set<OffsetPosition> positions = new java.util.HashSet<>();
    for (int p = 0; p < partitions; p++) {
      produceAt(props, topic, p, timestamps(BASE, 3));
      ends.put(tp(topic, p), 3L);
      positions.add(at(topic, p, 1));
    }
    try (RecordTimestampSampler sampler = (RecordTimestampSampler) KafkaClusters.recordTimestampSampler(props)) {
      Map<OffsetPosition, TimeLag> lags = sampler.estimate(new TimeLagQuery(Instant.ofEpochMilli(BASE + 5_000), positions, ends));
      assertThat(lags).hasSize(partitions);
      double fetches = sampler.fetchCount();
      System.out.printf("klag sampler: %d partitions on 1 broker sampled with %.0f fetch request(s)%n", partitions, fetches);
      assertThat(fetches).isBetween(1.0, 3.0);
      // all cached: the next cycle reads nothing
      sampler.estimate(new TimeLagQuery(Instant.ofEpochMilli(BASE + 6_000), positions, ends));
      assertThat(sampler.fetchCount()).isEqualTo(fetches);
    }
  }

  @Test
  void resolveGivesEachWantedOffsetTheFirstRecordAtOrAfterIt() {
    TopicPartition tp = tp("t", 0);
    NavigableSet<Long> wanted = new TreeSet<>(List.of(3L, 4L, 9L));
    Map<OffsetPosition, Long> out = new HashMap<>();
    boolean done = RecordTimestampSampler.resolve(tp, List.of(rec(tp, 5, 500), rec(tp, 6, 600)), wanted, out);
    assertThat(done).isFalse();
    assertThat(out).containsOnly(Map.entry(new OffsetPosition(tp, 3), 500L), Map.entry(new OffsetPosition(tp, 4), 500L));
    assertThat(wanted).containsExactly(9L);
    assertThat(RecordTimestampSampler.resolve(tp, List.of(rec(tp, 11, 1100)), wanted, out)).isTrue();
    assertThat(out).containsEntry(new OffsetPosition(tp, 9), 1100L);

    // records all before the wanted offset: the consumer was reset from beyond the end; give up
    NavigableSet<Long> beyond = new TreeSet<>(List.of(50L));
    assertThat(RecordTimestampSampler.resolve(tp, List.of(rec(tp, 0, 1)), beyond, out)).isTrue();
    assertThat(out).doesNotContainKey(new OffsetPosition(tp, 50));
  }

  @Test
  void selectKeepsTheMostLaggingPartitionsUpToTheCap() {
    Map<TopicPartition, NavigableSet<Long>> s = RecordTimestampSampler.select(
        List.of(new OffsetPosition(tp("t", 0), 90), new OffsetPosition(tp("t", 1), 10),
            new OffsetPosition(tp("t", 1), 95), new OffsetPosition(tp("t", 2), 50)),
        Map.of(tp("t", 0), 100L, tp("t", 1), 100L, tp("t", 2), 100L), 2);
    assertThat(s).containsOnlyKeys(tp("t", 1), tp("t", 2));
    assertThat(s.get(tp("t", 1))).containsExactly(10L, 95L);
  }

  private static ConsumerRecord<byte[], byte[]> rec(TopicPartition tp, long offset, long ts) {
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, ts, TimestampType.CREATE_TIME, 0, 0,
        new byte[0], new byte[0], new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
  }

  @Test
  void aClosedSamplerAnswersNothing() {
    TimeLagEstimator sampler = KafkaClusters.recordTimestampSampler(props);
    sampler.close();
    sampler.close();
    assertThat(sampler.estimate(query(Instant.now(), Map.of(tp("t", 0), 5L), at("t", 0, 1)))).isEmpty();
  }
}
