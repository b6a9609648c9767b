package io.klag.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in KRaft mode, running inside the current JVM from Kafka's own
 * artifacts: no Docker, no ZooKeeper, no child process. Each broker is a combined
 * broker+controller node listening on {@code 127.0.0.1} on random free ports, with its log
 * directory under one temporary directory that {@link #close()} deletes.
 *
 * <p>A 3-broker cluster with a broker failure (in a JUnit 5 test class, start it in a static
 * {@code @BeforeAll} method and close it in {@code @AfterAll}):
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3)) {
 *   kafka.createTopic("orders", 6);                       // replication factor 3
 *   Map<String, Object> props = kafka.clientProperties(); // bootstrap.servers
 *   // ... produce and consume with kafka-clients ...
 *   kafka.stopBroker(1);                                  // the other two keep serving
 *   kafka.restartBroker(1);                               // same data, same ports
 * }
 * }</pre>
 *
 * <p>Tests that just need a broker can share one per JVM: {@code EmbeddedKafkaCluster.shared()}
 * (give every test its own topic and group names).
 *
 * <p>Broker settings tuned for tests: internal topics (offsets, transactions, share state) use
 * replication factor {@code min(3, brokers)} and min ISR {@code min(2, brokers)};
 * {@code group.initial.rebalance.delay.ms=0}; {@code auto.create.topics.enable=false};
 * {@code broker.session.timeout.ms=3000} and {@code broker.heartbeat.interval.ms=500} for fast
 * failover. Both group protocols (classic and the KIP-848 {@code consumer} protocol) work. Override
 * any setting except listeners, node ids, quorum and log directories with {@link
 * Builder#brokerProperty(String, String)}.
 *
 * <p>While a cluster runs, a fatal broker fault that would make Kafka call {@code Exit.halt} (ending
 * the JVM) throws an exception in the faulting broker thread instead and is logged at ERROR.
 *
 * <p>Instances are thread-safe. Measured on 2 busy cores: the first cluster in a JVM is ready in
 * 1.5–5.6 s (1 broker) or about 3 s (3 brokers), later ones in 0.1–0.5 s or 1.4–4.7 s; closing 3
 * brokers takes about 5.5 s. Start one cluster per test class, or use {@link #shared()}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  private static final Set<String> MANAGED_PROPERTIES =
      Set.of(
          "process.roles",
          "node.id",
          "broker.id",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "listeners",
          "advertised.listeners",
          "controller.listener.names",
          "inter.broker.listener.name",
          "listener.security.protocol.map",
          "log.dir",
          "log.dirs",
          "metadata.log.dir");
  private static final int PORT_ATTEMPTS = 5;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafkaCluster shared;

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final int brokers;
  private final Map<String, String> brokerProperties;
  private final boolean isShared;
  private final String clusterId = Uuid.randomUuid().toString();
  private State state = State.NEW;
  private Path dataDir;
  private List<KafkaNode> nodes = List.of();

  private EmbeddedKafkaCluster(int brokers, Map<String, String> overrides, boolean isShared) {
    this.brokers = brokers;
    this.isShared = isShared;
    Map<String, String> p = new HashMap<>(defaultBrokerProperties(brokers));
    p.putAll(overrides);
    this.brokerProperties = Map.copyOf(p);
  }

  /**
   * A builder for a cluster that is not started yet.
   *
   * <pre>{@code
   * EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
   *     .brokers(3)
   *     .brokerProperty("log.cleaner.backoff.ms", "100")
   *     .build()
   *     .start();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds and starts a cluster of {@code brokers} (1 or 3) brokers; blocks until all are ready. */
  public static EmbeddedKafkaCluster start(int brokers) {
    return builder().brokers(brokers).build().start();
  }

  /**
   * One 1-broker cluster per JVM, started on first use and closed by a JVM shutdown hook. {@link
   * #close()} on it does nothing, and {@link #stopBroker(int)}/{@link #restartBroker(int)} are
   * refused, because other tests use it too.
   */
  public static synchronized EmbeddedKafkaCluster shared() {
    if (shared == null) {
      EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, Map.of(), true);
      cluster.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(cluster::shutdown, "klag-testkit-shared-cluster-shutdown"));
      shared = cluster;
    }
    return shared;
  }

  /**
   * Starts all brokers in parallel and blocks until every one is ready (registered, unfenced and
   * accepting connections). Does nothing if already started.
   *
   * @throws IllegalStateException if the cluster was closed or could not start
   */
  public synchronized EmbeddedKafkaCluster start() {
    if (state == State.RUNNING) {
      return this;
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("this EmbeddedKafkaCluster is closed; build a new one");
    }
    long started = System.nanoTime();
    ExitInterceptor.acquire();
    try {
      dataDir = Files.createTempDirectory("klag-kafka-");
      for (int attempt = 1; ; attempt++) {
        nodes = createNodes(dataDir);
        try {
          onAllNodes(nodes, node -> node.start(clusterId), START_TIMEOUT);
          break;
        } catch (Exception e) {
          stopAllQuietly();
          if (attempt >= PORT_ATTEMPTS || !KafkaNode.causedByBindException(e)) {
            throw e;
          }
          LOG.info("A picked port was taken meanwhile (attempt {}), retrying with new ports", attempt);
          deleteRecursively(dataDir);
          Files.createDirectories(dataDir);
        }
      }
      state = State.RUNNING;
    } catch (Exception e) {
      stopAllQuietly();
      deleteQuietly();
      nodes = List.of();
      ExitInterceptor.release();
      throw new IllegalStateException("could not start a " + brokers + "-broker Kafka cluster", e);
    }
    LOG.info(
        "Kafka cluster of {} broker(s) ready at {} in {} ms",
        brokers,
        bootstrapServers(),
        millisSince(started));
    return this;
  }

  /** The brokers' addresses, {@code 127.0.0.1:port} comma-separated, in index order. */
  public synchronized String bootstrapServers() {
    requireStarted();
    return nodes.stream().map(KafkaNode::address).collect(Collectors.joining(","));
  }

  /**
   * Properties a kafka-clients producer, consumer or admin needs to reach this cluster (only
   * {@code bootstrap.servers}); a new modifiable map on each call, so tests can add their own.
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  /** The number of brokers this cluster has, running or stopped. */
  public int brokerCount() {
    return brokers;
  }

  /**
   * Creates a topic with replication factor {@code min(3, brokers)} and waits until every partition
   * has a leader.
   *
   * @throws IllegalStateException if it cannot be created (for example it already exists)
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with the given topic configuration (for example {@code cleanup.policy=compact})
   * and replication factor {@code min(3, brokers)}, and waits until every partition has a leader.
   *
   * @throws IllegalStateException if it cannot be created (for example it already exists)
   */
  public void createTopic(String name, int partitions, Map<String, String> topicConfig) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, was '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    Objects.requireNonNull(topicConfig, "topicConfig");
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runningBootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "klag-testkit-admin");
    long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(props)) {
      NewTopic topic = new NewTopic(name, partitions, replicationFactor(brokers)).configs(topicConfig);
      admin.createTopics(List.of(topic)).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      while (!allPartitionsHaveLeaders(admin, name)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("partitions still without leader after " + TOPIC_TIMEOUT);
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "could not create topic '" + name + "' with " + partitions + " partitions: " + cause, cause);
    }
  }

  /**
   * Stops the broker at {@code index} (0-based, the order of {@link #bootstrapServers()}) with a
   * controlled shutdown and waits until it is gone. Its data directory and ports are kept for
   * {@link #restartBroker(int)}. Does nothing if it is already stopped.
   */
  public synchronized void stopBroker(int index) {
    KafkaNode node = node(index, "stopBroker");
    if (node.isRunning()) {
      long started = System.nanoTime();
      node.stop();
      LOG.info("Broker {} stopped in {} ms", index, millisSince(started));
    }
  }

  /**
   * Starts the broker at {@code index} again (stopping it first if it runs) on the same data
   * directory and ports, and blocks until it is ready. Its data and committed offsets survive.
   */
  public synchronized void restartBroker(int index) {
    KafkaNode node = node(index, "restartBroker");
    node.stop();
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        node.start(clusterId);
        break;
      } catch (Exception e) {
        if (attempt >= PORT_ATTEMPTS || !KafkaNode.causedByBindException(e)) {
          throw new IllegalStateException("could not restart broker " + index, e);
        }
        sleep(200L * attempt); // the old sockets may not be released yet
      }
    }
    LOG.info("Broker {} restarted in {} ms", index, millisSince(started));
  }

  /**
   * Stops all brokers in parallel and deletes the temporary log directories, freeing the ports.
   * Idempotent. Does nothing on the {@link #shared()} cluster, which a shutdown hook closes.
   */
  @Override
  public void close() {
    if (!isShared) {
      shutdown();
    }
  }

  @Override
  public synchronized String toString() {
    return "EmbeddedKafkaCluster[brokers="
        + brokers
        + ", state="
        + state
        + (state == State.RUNNING ? ", bootstrapServers=" + bootstrapServers() : "")
        + "]";
  }

  /** The temporary directory holding the brokers' log directories (for tests of this class). */
  synchronized Path dataDirectory() {
    requireStarted();
    return dataDir;
  }

  /** Every port the cluster listens on, broker and controller (for tests of this class). */
  synchronized List<Integer> ports() {
    requireStarted();
    return nodes.stream()
        .flatMap(n -> Stream.of(n.brokerPort(), n.controllerPort()))
        .collect(Collectors.toList());
  }

  private synchronized void shutdown() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.CLOSED;
    if (!wasRunning) {
      return;
    }
    long started = System.nanoTime();
    try {
      onAllNodes(nodes, KafkaNode::stop, STOP_TIMEOUT);
    } catch (Exception e) {
      LOG.warn("Stopping the Kafka cluster failed; deleting its directory anyway", e);
    } finally {
      ExitInterceptor.release();
      deleteQuietly();
    }
    LOG.info("Kafka cluster of {} broker(s) closed in {} ms", brokers, millisSince(started));
  }

  private List<KafkaNode> createNodes(Path dir) throws IOException {
    int[] ports = freePorts(2 * brokers);
    String voters =
        Stream.iterate(0, i -> i + 1)
            .limit(brokers)
            .map(i -> i + "@" + KafkaNode.HOST + ":" + ports[2 * i + 1])
            .collect(Collectors.joining(","));
    List<KafkaNode> created = new ArrayList<>();
    for (int i = 0; i < brokers; i++) {
      created.add(
          new KafkaNode(
              i, dir.resolve("node-" + i), ports[2 * i], ports[2 * i + 1], voters, brokerProperties));
    }
    return List.copyOf(created);
  }

  /** Distinct ports that were free on 127.0.0.1 a moment ago (all held open at once). */
  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(KafkaNode.HOST)));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private interface NodeAction {
    void run(KafkaNode node) throws Exception;
  }

  /** Runs the action on all nodes at once (a KRaft node's start waits for a quorum of the others). */
  private static void onAllNodes(List<KafkaNode> nodes, NodeAction action, Duration timeout)
      throws Exception {
    if (nodes.size() == 1) {
      action.run(nodes.get(0));
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            nodes.size(),
            r -> {
              Thread t = new Thread(r, "klag-testkit-node-control");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (KafkaNode node : nodes) {
        futures.add(
            pool.submit(
                () -> {
                  action.run(node);
                  return null;
                }));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      Exception failure = null;
      for (Future<?> f : futures) {
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
          Exception cause =
              e instanceof ExecutionException && e.getCause() instanceof Exception
                  ? (Exception) e.getCause()
                  : e;
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void stopAllQuietly() {
    try {
      onAllNodes(nodes, KafkaNode::stop, STOP_TIMEOUT);
    } catch (Exception e) {
      LOG.warn("Could not stop every node of a failed start", e);
    }
  }

  private void deleteQuietly() {
    if (dataDir == null) {
      return;
    }
    try {
      deleteRecursively(dataDir);
      Files.deleteIfExists(dataDir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}", dataDir, e);
    }
  }

  /** Deletes everything below {@code dir}, keeping {@code dir} itself. */
  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        if (!p.equals(dir)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static boolean allPartitionsHaveLeaders(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    TopicDescription description;
    try {
      description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false; // created, but the broker asked has not seen the metadata yet
      }
      throw e;
    }
    return description.partitions().stream()
        .map(TopicPartitionInfo::leader)
        .allMatch(leader -> leader != null && !leader.isEmpty());
  }

  private synchronized String runningBootstrapServers() {
    requireStarted();
    String running =
        nodes.stream()
            .filter(KafkaNode::isRunning)
            .map(KafkaNode::address)
            .collect(Collectors.joining(","));
    return running.isEmpty() ? bootstrapServers() : running;
  }

  private KafkaNode node(int index, String operation) {
    if (isShared) {
      throw new UnsupportedOperationException(
          operation
              + " is refused on the shared cluster because other tests use it;"
              + " start your own with EmbeddedKafkaCluster.start(n)");
    }
    requireStarted();
    if (index < 0 || index >= brokers) {
      throw new IndexOutOfBoundsException(
          "broker index must be in [0, " + (brokers - 1) + "], was " + index);
    }
    return nodes.get(index);
  }

  private void requireStarted() {
    if (state != State.RUNNING) {
      throw new IllegalStateException(
          "this EmbeddedKafkaCluster is " + (state == State.NEW ? "not started" : "closed"));
    }
  }

  private static short replicationFactor(int brokers) {
    return (short) Math.min(3, brokers);
  }

  private static Map<String, String> defaultBrokerProperties(int brokers) {
    String rf = Short.toString(replicationFactor(brokers));
    String minIsr = Integer.toString(Math.min(2, brokers));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("offsets.topic.replication.factor", rf);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("share.coordinator.state.topic.num.partitions", "5");
    p.put("default.replication.factor", rf);
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "500");
    // Brokers in one JVM share the MBean server: their metrics' MBeans collide and each collision
    // logs a stack trace. Metrics stay readable in-process; JMX export is off unless overridden.
    p.put("metrics.jmx.exclude", ".*");
    // The cleaner allocates its dedupe buffer up front (128 MiB by default, per broker).
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    return p;
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Configures an {@link EmbeddedKafkaCluster} before it starts.
   *
   * <pre>{@code
   * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
   *     .brokers(1)
   *     .brokerProperty("log.retention.check.interval.ms", "1000")
   *     .build()
   *     .start()) {
   *   kafka.createTopic("events", 3);
   * }
   * }</pre>
   */
  public static final class Builder {
    private int brokers = 1;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Number of brokers, 1 (the default) or 3; each is also a KRaft controller. */
    public Builder brokers(int brokers) {
      if (brokers != 1 && brokers != 3) {
        throw new IllegalArgumentException("brokers must be 1 or 3, was " + brokers);
      }
      this.brokers = brokers;
      return this;
    }

    /**
     * Sets a broker configuration property on every broker, overriding the testkit's default.
     * Listeners, ports, node ids, the controller quorum and log directories are managed by the
     * cluster and refused.
     */
    public Builder brokerProperty(String name, String value) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("brokerProperty name must not be blank, was '" + name + "'");
      }
      if (MANAGED_PROPERTIES.contains(name)) {
        throw new IllegalArgumentException(
            "brokerProperty '" + name + "' is managed by EmbeddedKafkaCluster and cannot be set");
      }
      if (value == null) {
        throw new IllegalArgumentException("brokerProperty '" + name + "' must not be null");
      }
      brokerProperties.put(name, value);
      return this;
    }

    /** A cluster with these settings, not started yet: call {@link EmbeddedKafkaCluster#start()}. */
    public EmbeddedKafkaCluster build() {
      return new EmbeddedKafkaCluster(brokers, brokerProperties, false);
    }
  }
}
