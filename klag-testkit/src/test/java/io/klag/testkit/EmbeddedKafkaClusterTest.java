package io.klag.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void singleBrokerProducesConsumesAndCommitsWithAClassicGroup() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("classic-topic", 3);

    produce(kafka.clientProperties(), "classic-topic", 30);
    List<ConsumerRecord<String, String>> records =
        consumeAndCommit(kafka.clientProperties(), "classic-topic", "classic-group", "classic", 30);

    assertThat(records).hasSize(30);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      assertThat(committedTotal(admin, "classic-group")).isEqualTo(30);
      assertThat(groupType(admin, "classic-group")).isEqualTo(GroupType.CLASSIC);
    }
  }

  @Test
  void consumerProtocolGroupsWork() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("kip848-topic", 2);

    produce(kafka.clientProperties(), "kip848-topic", 20);
    consumeAndCommit(kafka.clientProperties(), "kip848-topic", "kip848-group", "consumer", 20);

    try (Admin admin = Admin.create(kafka.clientProperties())) {
      assertThat(committedTotal(admin, "kip848-group")).isEqualTo(20);
      assertThat(groupType(admin, "kip848-group")).isEqualTo(GroupType.CONSUMER);
    }
  }

  @Test
  void createTopicAppliesTopicConfigAndRefusesDuplicates() throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.createTopic("compacted-topic", 1, Map.of("cleanup.policy", "compact"));

    try (Admin admin = Admin.create(kafka.clientProperties())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "compacted-topic");
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
    assertThatThrownBy(() -> kafka.createTopic("compacted-topic", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("compacted-topic");
  }

  @Test
  void sharedClusterIsOnePerJvmAndIgnoresCloseAndBrokerStops() {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.shared();
    kafka.close();

    assertThat(EmbeddedKafkaCluster.shared()).isSameAs(kafka);
    assertThat(kafka.brokerCount()).isEqualTo(1);
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(kafka.clientProperties()).containsOnlyKeys("bootstrap.servers");
    kafka.createTopic("after-close-topic", 1); // still serves
    assertThatThrownBy(() -> kafka.stopBroker(0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void threeBrokersKeepServingWhileOneIsDownAndItRejoins() throws Exception {
    long started = System.nanoTime();
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3);
        Admin admin = Admin.create(kafka.clientProperties())) {
      System.out.printf("3-broker cluster started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(kafka.brokerCount()).isEqualTo(3);
      assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
      assertThat(admin.describeCluster().nodes().get()).hasSize(3);

      kafka.createTopic("replicated", 3);
      assertThat(describe(admin, "replicated").partitions())
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(3))
          .allSatisfy(p -> assertThat(p.isr()).hasSize(3));
      produce(kafka.clientProperties(), "replicated", 60);
      consumeAndCommit(kafka.clientProperties(), "replicated", "failover-group", "classic", 60);

      kafka.stopBroker(1);
      awaitTrue(() -> isrSizes(admin, "replicated").equals(Set.of(2)), "ISR shrinks to 2");
      produce(kafka.clientProperties(), "replicated", 60);
      consumeAndCommit(kafka.clientProperties(), "replicated", "failover-group", "classic", 60);
      assertThat(committedTotal(admin, "failover-group")).isEqualTo(120);

      kafka.restartBroker(1);
      awaitTrue(() -> isrSizes(admin, "replicated").equals(Set.of(3)), "ISR grows back to 3");
      // the restarted broker alone serves clients and kept the group's offsets
      Map<String, Object> onlyRestarted = kafka.clientProperties();
      onlyRestarted.put("bootstrap.servers", kafka.bootstrapServers().split(",")[1]);
      produce(onlyRestarted, "replicated", 30);
      consumeAndCommit(onlyRestarted, "replicated", "failover-group", "classic", 30);
      assertThat(committedTotal(admin, "failover-group")).isEqualTo(150);
    }
  }

  @Test
  void aSingleBrokerRestartsWithItsDataAndCloseDeletesTheDirectoryAndFreesThePorts()
      throws Exception {
    EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(1).build();
    assertThatThrownBy(kafka::bootstrapServers).hasMessageContaining("not started");
    long started = System.nanoTime();
    kafka.start();
    System.out.printf("1-broker cluster started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    assertThat(kafka.start()).isSameAs(kafka);
    Path dir = kafka.dataDirectory();
    List<Integer> ports = kafka.ports();
    String bootstrap = kafka.bootstrapServers();
    assertThat(dir).isDirectory();
    assertThat(ports).hasSize(2).doesNotHaveDuplicates();

    kafka.createTopic("survives-restart", 2);
    produce(kafka.clientProperties(), "survives-restart", 10);
    consumeAndCommit(kafka.clientProperties(), "survives-restart", "restart-group", "classic", 4);
    kafka.stopBroker(0);
    kafka.stopBroker(0); // already stopped: no-op
    kafka.restartBroker(0);
    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    assertThat(kafka.ports()).isEqualTo(ports);
    consumeAndCommit(kafka.clientProperties(), "survives-restart", "restart-group", "classic", 6);
    assertThatThrownBy(() -> kafka.stopBroker(1)).isInstanceOf(IndexOutOfBoundsException.class);

    kafka.close();
    kafka.close();

    assertThat(Files.exists(dir)).isFalse();
    for (int port : ports) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
    assertThatThrownBy(kafka::start).hasMessageContaining("closed");
  }

  @Test
  void aFatalBrokerFaultDoesNotEndTheJvm() {
    EmbeddedKafkaCluster.shared(); // intercepts Exit while a cluster runs

    assertThatThrownBy(() -> Exit.halt(1, "simulated fatal fault"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("simulated fatal fault");
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokers(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("brokers must be 1 or 3, was 2");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerProperty("listeners", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'listeners'");
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerProperty("num.io.threads", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num.io.threads");
  }

  private static void produce(Map<String, Object> clientProps, String topic, int count)
      throws Exception {
    Map<String, Object> props = new java.util.HashMap<>(clientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
      }
    }
  }

  /** Consumes {@code count} records after the group's committed position and commits them. */
  private static List<ConsumerRecord<String, String>> consumeAndCommit(
      Map<String, Object> clientProps, String topic, String group, String protocol, int count) {
    Map<String, Object> props = new java.util.HashMap<>(clientProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1); // commit exactly `count` records
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.commitSync();
    }
    assertThat(records).as("records consumed by " + group).hasSize(count);
    return records;
  }

  private static long committedTotal(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }

  private static GroupType groupType(Admin admin, String group) throws Exception {
    ConsumerGroupDescription description =
        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    return description.type();
  }

  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
  }

  private static Set<Integer> isrSizes(Admin admin, String topic) {
    try {
      return describe(admin, topic).partitions().stream()
          .map(TopicPartitionInfo::isr)
          .map(List::size)
          .collect(Collectors.toSet());
    } catch (Exception e) {
      return Set.of();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
