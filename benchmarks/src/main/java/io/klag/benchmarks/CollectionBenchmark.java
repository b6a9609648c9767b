package io.klag.benchmarks;

import io.klag.ClusterLag;
import io.klag.ClusterStatus;
import io.klag.GroupLag;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import io.klag.PartitionLag;
import io.klag.kafka.KafkaClusters;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end collection benchmark: on one real 3-broker cluster (klag-testkit, in a child JVM)
 * populated with G consumer groups, side by side, one klag cycle (time-lag sampling off and on),
 * the per-group Admin approach of other exporters (sequential and with bounded parallelism), and
 * Apache Kafka's {@code kafka-consumer-groups --describe --all-groups}. Per G it reports wall time
 * per cycle, wire requests per cycle and klag's retained heap per partition series, and it fails
 * unless all approaches agree on every partition's lag.
 *
 * <pre>{@code
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.klag.benchmarks.CollectionBenchmark --groups=10,100,1000
 * }</pre>
 *
 * <p>Options (defaults in brackets): {@code --groups} [10,100,1000], {@code --brokers} [3],
 * {@code --replication} factor of the topics [1: leaders are what matters, and idle followers'
 * fetches would load a small machine],
 * {@code --topics} [20], {@code --partitions} per topic [10], {@code --records} per partition
 * [1000], {@code --members}: how many groups get one live, paused member [20],
 * {@code --warmup} cycles [2], {@code --cycles} measured [7], {@code --budget-seconds} per
 * approach and G after which measuring stops at 3 cycles [60], {@code --parallelism} [8],
 * {@code --cluster-heap} [2g].
 */
public final class CollectionBenchmark {

  static final String GROUP_PREFIX = "bench-";
  private static final String CLUSTER = "bench";

  private final Config cfg;
  private final String bootstrap;
  private final Map<String, Object> base;

  private CollectionBenchmark(Config cfg, String bootstrap) {
    this.cfg = cfg;
    this.bootstrap = bootstrap;
    this.base = Map.of("bootstrap.servers", bootstrap);
  }

  public static void main(String[] args) throws Exception {
    Config cfg = Config.parse(args);
    System.out.println(machine());
    System.out.println("config: " + cfg);
    try (ChildCluster cluster = ChildCluster.start(cfg.brokers, cfg.clusterHeap)) {
      System.out.println("cluster: " + cfg.brokers + " brokers at " + cluster.bootstrapServers() + " (log " + cluster.log() + ")");
      new CollectionBenchmark(cfg, cluster.bootstrapServers()).run();
    }
    System.out.println("load average at end: " + loadAverage());
    System.exit(0);
  }

  static String machine() {
    return String.format(Locale.ROOT, "machine: %d cores, %s %s, max heap %d MiB, load average %s",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
  }

  private static String loadAverage() {
    return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private Map<String, Object> props(String clientId) {
    return RequestCounter.enable(new HashMap<>(base), clientId);
  }

  private void run() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Admin setup = Admin.create(props("bench-setup"))) {
      createTopicsAndProduce(setup);
      List<KafkaConsumer<byte[], byte[]>> members = new ArrayList<>();
      try (Approaches a = new Approaches()) {
        int populated = 0;
        for (int g : cfg.groups) {
          long t0 = System.nanoTime();
          commitGroups(setup, populated, g);
          joinMembers(members, populated, g);
          populated = g;
          System.out.printf(Locale.ROOT, "%n== G=%d groups (%d with a live member), %d partition series (populated in %.1f s)%n",
              g, members.size(), g * cfg.partitions, (System.nanoTime() - t0) / 1e9);
          rows.add(measure(a, g));
        }
      } finally {
        members.forEach(c -> c.close(Duration.ZERO));
      }
    }
    printTables(rows);
  }

  /**
   * Gives each of the first {@code --members} groups among {@code [from, to)} one live member
   * (even groups the classic protocol, odd ones KIP-848), which is assigned the group's partitions
   * and pauses them: it never fetches or commits, so the lag stays known, but the group is STABLE
   * and has a member to describe, as in production.
   */
  private void joinMembers(List<KafkaConsumer<byte[], byte[]>> members, int from, int to) {
    List<KafkaConsumer<byte[], byte[]>> joining = new ArrayList<>();
    for (int g = from; g < Math.min(to, cfg.members); g++) {
      Map<String, Object> p = new HashMap<>(base);
      p.put("group.id", GROUP_PREFIX + g);
      p.put("group.protocol", g % 2 == 0 ? "classic" : "consumer");
      p.put("client.id", "member-" + g);
      p.put("enable.auto.commit", "false");
      p.put("max.poll.interval.ms", Integer.toString(30 * 60 * 1000)); // polled only until assigned
      KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      c.subscribe(List.of(topicOf(g)));
      joining.add(c);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<KafkaConsumer<byte[], byte[]>> waiting = new ArrayList<>(joining);
    while (!waiting.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting.size() + " member(s) not assigned within 60 s");
      }
      for (java.util.Iterator<KafkaConsumer<byte[], byte[]>> it = waiting.iterator(); it.hasNext(); ) {
        KafkaConsumer<byte[], byte[]> c = it.next();
        c.pause(c.assignment());
        c.poll(Duration.ofMillis(50));
        if (c.assignment().size() == cfg.partitions) {
          c.pause(c.assignment());
          it.remove();
        }
      }
    }
    members.addAll(joining);
  }

  // ---- population ----

  private static String topic(int t) {
    return "bench-topic-" + t;
  }

  /** Group {@code g} reads all partitions of topic {@code g % topics}. */
  private String topicOf(int g) {
    return topic(g % cfg.topics);
  }

  /** One group in four is caught up; the others lag by a deterministic 1..500 records. */
  private long committed(int g, int p) {
    long end = cfg.records;
    return g % 4 == 0 ? end : end - 1 - ((g * 7L + p * 13L) % Math.min(500, end - 1));
  }

  private void createTopicsAndProduce(Admin admin) throws Exception {
    long t0 = System.nanoTime();
    short rf = (short) Math.min(cfg.replication, cfg.brokers);
    List<NewTopic> topics = new ArrayList<>();
    for (int t = 0; t < cfg.topics; t++) {
      topics.add(new NewTopic(topic(t), cfg.partitions, rf));
    }
    admin.createTopics(topics).all().get();
    List<String> names = topics.stream().map(NewTopic::name).toList();
    for (int attempt = 0; ; attempt++) {
      Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
      boolean ready = d.values().stream().flatMap(td -> td.partitions().stream()).allMatch(p -> p.leader() != null);
      if (ready) {
        break;
      }
      if (attempt > 100) {
        throw new IllegalStateException("topics have no leaders after 20 s");
      }
      Thread.sleep(200);
    }
    Map<String, Object> pp = new HashMap<>(base);
    pp.put("linger.ms", 20);
    pp.put("batch.size", 256 * 1024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] value = new byte[16];
      long now = System.currentTimeMillis();
      for (int i = 0; i < cfg.records; i++) {
        long ts = now - (cfg.records - i) * 1000L; // one record per second, the last one now
        for (int t = 0; t < cfg.topics; t++) {
          for (int p = 0; p < cfg.partitions; p++) {
            producer.send(new ProducerRecord<>(topic(t), p, ts, null, value));
          }
        }
      }
      producer.flush();
    }
    System.out.printf(Locale.ROOT, "topics: %d × %d partitions (replication %d), %d records each, in %.1f s%n",
        cfg.topics, cfg.partitions, rf, cfg.records, (System.nanoTime() - t0) / 1e9);
  }

  private void commitGroups(Admin admin, int from, int to) throws Exception {
    List<KafkaFuture<Void>> pending = new ArrayList<>();
    for (int g = from; g < to; g++) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (int p = 0; p < cfg.partitions; p++) {
        offsets.put(new TopicPartition(topicOf(g), p), new OffsetAndMetadata(committed(g, p)));
      }
      pending.add(admin.alterConsumerGroupOffsets(GROUP_PREFIX + g, offsets).all());
      if (pending.size() >= 500) {
        KafkaFuture.allOf(pending.toArray(KafkaFuture[]::new)).get();
        pending.clear();
      }
    }
    KafkaFuture.allOf(pending.toArray(KafkaFuture[]::new)).get();
  }

  /** The lag every approach must find for the first {@code g} groups. */
  private Map<String, Map<TopicPartition, Long>> expected(int groups) {
    Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
    for (int g = 0; g < groups; g++) {
      Map<TopicPartition, Long> m = new HashMap<>();
      for (int p = 0; p < cfg.partitions; p++) {
        m.put(new TopicPartition(topicOf(g), p), cfg.records - committed(g, p));
      }
      out.put(GROUP_PREFIX + g, m);
    }
    return out;
  }

  // ---- the approaches ----

  /** One way of computing lag for all groups: a cycle returns lag by group and partition. */
  private interface Approach {
    Map<String, Map<TopicPartition, Long>> cycle() throws Exception;

    /** Wire requests sent so far by the clients of this approach. */
    double requests();

    /** Fetch requests among them (the time-lag sampler), or 0. */
    default double fetches() {
      return 0;
    }
  }

  /** The long-lived clients, created once and reused for every G, as a deployment would. */
  private final class Approaches implements AutoCloseable {
    final LagCollector klag;
    final LagCollector klagNoMembers;
    final LagCollector klagFastRetry;
    final LagCollector klagTimeLag;
    final LagCollector klagTimeLagCold;
    final Admin seqAdmin = Admin.create(props("peer-seq"));
    final Admin parAdmin = Admin.create(props("peer-par"));
    final PerGroupLag seq = new PerGroupLag(seqAdmin, 1);
    final PerGroupLag par = new PerGroupLag(parAdmin, cfg.parallelism);
    int kcgRuns;

    Approaches() {
      klag = LagCollector.builder().cluster(CLUSTER, KafkaClusters.access(props("klag-admin"))).build();
      klagNoMembers = LagCollector.builder().cluster(CLUSTER, KafkaClusters.access(props("klagnm-admin")))
          .members(false).build();
      // Admin.describeConsumerGroups tries ConsumerGroupDescribe (KIP-848) first and re-sends a
      // classic group's request as DescribeGroups after retry.backoff.ms (100 ms by default)
      Map<String, Object> fastRetry = props("klagfr-admin");
      fastRetry.put("retry.backoff.ms", 10);
      klagFastRetry = LagCollector.builder().cluster(CLUSTER, KafkaClusters.access(fastRetry)).build();
      klagTimeLag = LagCollector.builder()
          .cluster(CLUSTER, KafkaClusters.access(props("klagtl-admin")),
              KafkaClusters.recordTimestampSampler(props("klagtl-consumer")))
          .build();
      // the sampler's cache would answer every steady-state cycle (commits do not move here): this
      // one samples every cycle, as when every commit moved
      klagTimeLagCold = LagCollector.builder()
          .cluster(CLUSTER, KafkaClusters.access(props("klagcold-admin")),
              KafkaClusters.samplerBuilder(props("klagcold-consumer")).cacheTtl(Duration.ofMillis(1)).build())
          .build();
    }

    Map<String, Approach> all() {
      Map<String, Approach> m = new LinkedHashMap<>();
      m.put("klag", klagApproach(klag, "klag-", null));
      m.put("klag, members off", klagApproach(klagNoMembers, "klagnm-", null));
      m.put("klag, retry.backoff.ms=10", klagApproach(klagFastRetry, "klagfr-", null));
      m.put("klag + time lag", klagApproach(klagTimeLag, "klagtl-", "klagtl-consumer"));
      m.put("klag + time lag, uncached", klagApproach(klagTimeLagCold, "klagcold-", "klagcold-consumer"));
      m.put("per-group, sequential", peerApproach(seq, "peer-seq"));
      m.put("per-group, " + cfg.parallelism + " parallel", peerApproach(par, "peer-par"));
      m.put("kafka-consumer-groups", new Approach() {
        double total;

        @Override
        public Map<String, Map<TopicPartition, Long>> cycle() throws Exception {
          String id = "kcg-" + (++kcgRuns) + "-";
          Map<String, Map<TopicPartition, Long>> lag = ConsumerGroupsTool.describeAllGroups(bootstrap, id);
          total += RequestCounter.requests(id);
          return lag;
        }

        @Override
        public double requests() {
          return total;
        }
      });
      return m;
    }

    @Override
    public void close() {
      klag.close();
      klagNoMembers.close();
      klagFastRetry.close();
      klagTimeLag.close();
      klagTimeLagCold.close();
      seq.close();
      par.close();
      seqAdmin.close();
      parAdmin.close();
    }
  }

  /** Requests counted over clients named {@code prefix*}; fetches over {@code samplerPrefix*}. */
  private static Approach klagApproach(LagCollector collector, String prefix, String samplerPrefix) {
    return new Approach() {
      @Override
      public Map<String, Map<TopicPartition, Long>> cycle() {
        return lagOf(collector.collect());
      }

      @Override
      public double requests() {
        return RequestCounter.requests(prefix);
      }

      @Override
      public double fetches() {
        return samplerPrefix == null ? 0 : RequestCounter.fetches(samplerPrefix);
      }
    };
  }

  private static Approach peerApproach(PerGroupLag peers, String adminId) {
    return new Approach() {
      @Override
      public Map<String, Map<TopicPartition, Long>> cycle() throws Exception {
        return peers.collect();
      }

      @Override
      public double requests() {
        return RequestCounter.requests(adminId);
      }
    };
  }

  static Map<String, Map<TopicPartition, Long>> lagOf(LagSnapshot s) {
    ClusterLag c = s.cluster(CLUSTER).orElseThrow();
    if (c.status() != ClusterStatus.UP) {
      throw new IllegalStateException("klag cycle failed: " + c.lastError());
    }
    Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
    for (GroupLag g : c.groups().values()) {
      Map<TopicPartition, Long> m = new HashMap<>();
      for (PartitionLag p : g.partitions()) {
        m.put(p.topicPartition(), p.lag());
      }
      out.put(g.groupId(), m);
    }
    return out;
  }

  // ---- measuring ----

  private Row measure(Approaches a, int groups) throws Exception {
    Map<String, Map<TopicPartition, Long>> expected = expected(groups);
    Row row = new Row(groups, groups * cfg.partitions);
    for (Map.Entry<String, Approach> e : a.all().entrySet()) {
      String name = e.getKey();
      Approach approach = e.getValue();
      for (int i = 0; i < cfg.warmup; i++) {
        check(name, expected, approach.cycle());
      }
      List<Double> millis = new ArrayList<>();
      List<Double> requests = new ArrayList<>();
      List<Double> fetches = new ArrayList<>();
      long started = System.nanoTime();
      while (millis.size() < cfg.cycles
          && (millis.size() < 3 || System.nanoTime() - started < TimeUnit.SECONDS.toNanos(cfg.budgetSeconds))) {
        double r0 = approach.requests();
        double f0 = approach.fetches();
        long t0 = System.nanoTime();
        Map<String, Map<TopicPartition, Long>> lag = approach.cycle();
        millis.add((System.nanoTime() - t0) / 1e6);
        requests.add(approach.requests() - r0);
        fetches.add(approach.fetches() - f0);
        check(name, expected, lag);
      }
      Stats s = new Stats(name, millis, median(requests), median(fetches));
      row.stats.put(name, s);
      System.out.println("  " + s);
    }
    row.retainedBytesPerSeries = retainedPerSeries(a.klag, row.series);
    System.out.printf(Locale.ROOT, "  klag snapshot retains %.0f bytes per partition series%n", row.retainedBytesPerSeries);
    return row;
  }

  /** Fails unless {@code actual} has exactly the expected lag for every benchmark group and partition. */
  private static void check(String approach, Map<String, Map<TopicPartition, Long>> expected,
      Map<String, Map<TopicPartition, Long>> actual) {
    Map<String, Map<TopicPartition, Long>> ours = actual.entrySet().stream()
        .filter(e -> e.getKey().startsWith(GROUP_PREFIX))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    if (ours.equals(expected)) {
      return;
    }
    for (String g : new TreeMap<>(expected).keySet()) {
      if (!Objects.equals(expected.get(g), ours.get(g))) {
        throw new IllegalStateException(approach + " disagrees on group " + g + ": expected "
            + new TreeMap<>(expected.get(g)) + ", got " + ours.get(g));
      }
    }
    Set<String> extra = new java.util.TreeSet<>(ours.keySet());
    extra.removeAll(expected.keySet());
    throw new IllegalStateException(approach + " reports unexpected groups " + extra);
  }

  /** Heap after GC with one extra snapshot held minus without it, per partition series. */
  private static double retainedPerSeries(LagCollector collector, int series) throws InterruptedException {
    double sum = 0;
    int rounds = 3;
    for (int i = 0; i < rounds; i++) {
      LagSnapshot held = collector.collect();
      collector.collect(); // the collector now holds a newer one; only we hold 'held'
      long with = usedHeapAfterGc();
      Reference.reachabilityFence(held);
      held = null;
      long without = usedHeapAfterGc();
      sum += with - without;
    }
    return sum / rounds / series;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      Runtime rt = Runtime.getRuntime();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN
        : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private record Stats(String approach, List<Double> millis, double requests, double fetches) {
    double medianMillis() {
      return median(millis);
    }

    double min() {
      return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-24s median %9.1f ms (min %.1f, max %.1f, n=%d), %5.0f requests/cycle%s",
          approach, medianMillis(), min(), max(), millis.size(), requests,
          fetches > 0 ? String.format(Locale.ROOT, " (%.0f fetches)", fetches) : "");
    }
  }

  private static final class Row {
    final int groups;
    final int series;
    final Map<String, Stats> stats = new LinkedHashMap<>();
    double retainedBytesPerSeries;

    Row(int groups, int series) {
      this.groups = groups;
      this.series = series;
    }
  }

  private void printTables(List<Row> rows) {
    List<String> names = new ArrayList<>(rows.get(0).stats.keySet());
    StringBuilder sb = new StringBuilder("\n### Wall time per cycle, ms: median (min–max, cycles)\n\n| G | series |");
    names.forEach(n -> sb.append(' ').append(n).append(" |"));
    sb.append("\n|---:|---:|").append("---:|".repeat(names.size())).append('\n');
    for (Row r : rows) {
      sb.append("| ").append(r.groups).append(" | ").append(r.series).append(" |");
      for (String n : names) {
        Stats s = r.stats.get(n);
        sb.append(String.format(Locale.ROOT, " %.1f (%.1f–%.1f, %d) |", s.medianMillis(), s.min(), s.max(), s.millis().size()));
      }
      sb.append('\n');
    }
    List<String> klags = names.stream().filter(n -> n.startsWith("klag")).toList();
    List<String> others = names.stream().filter(n -> !n.startsWith("klag")).toList();
    sb.append("\n### Speed-up: alternative median time / klag variant median time\n\n| G | klag variant |");
    others.forEach(n -> sb.append(' ').append(n).append(" |"));
    sb.append("\n|---:|---|").append("---:|".repeat(others.size())).append('\n');
    for (Row r : rows) {
      for (String k : klags) {
        double t = r.stats.get(k).medianMillis();
        sb.append("| ").append(r.groups).append(" | ").append(k).append(" |");
        for (String n : others) {
          sb.append(String.format(Locale.ROOT, " %.1f× |", r.stats.get(n).medianMillis() / t));
        }
        sb.append('\n');
      }
    }
    sb.append("\n### Wire requests per cycle (median), klag heap retained per series\n\n| G |");
    names.forEach(n -> sb.append(' ').append(n).append(" |"));
    sb.append(" klag bytes/series |\n|---:|").append("---:|".repeat(names.size() + 1)).append('\n');
    for (Row r : rows) {
      sb.append("| ").append(r.groups).append(" |");
      for (String n : names) {
        Stats s = r.stats.get(n);
        sb.append(String.format(Locale.ROOT, " %.0f%s |", s.requests(),
            s.fetches() > 0 ? String.format(Locale.ROOT, " (%.0f fetch)", s.fetches()) : ""));
      }
      sb.append(String.format(Locale.ROOT, " %.0f |%n", r.retainedBytesPerSeries));
    }
    sb.append("\nAll approaches agreed with the expected lag on every partition of every group, every cycle.\n");
    System.out.println(sb);
  }

  // ---- options ----

  record Config(List<Integer> groups, int brokers, int replication, int topics, int partitions, int records,
      int members, int warmup, int cycles, int budgetSeconds, int parallelism, String clusterHeap) {

    static Config parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      String[] defaults = {"groups", "10,100,1000", "brokers", "3", "replication", "1", "topics", "20",
          "partitions", "10", "records", "1000", "members", "20", "warmup", "2", "cycles", "7", "budget-seconds", "60",
          "parallelism", "8", "cluster-heap", "2g"};
      for (int i = 0; i < defaults.length; i += 2) {
        o.put(defaults[i], defaults[i + 1]);
      }
      for (String a : args) {
        int eq = a.indexOf('=');
        if (!a.startsWith("--") || eq < 0 || !o.containsKey(a.substring(2, eq))) {
          throw new IllegalArgumentException("unknown option '" + a + "'; options: "
              + o.keySet().stream().map(k -> "--" + k + "=").collect(Collectors.joining(" ")));
        }
        o.put(a.substring(2, eq), a.substring(eq + 1));
      }
      List<Integer> groups = Arrays.stream(o.get("groups").split(",")).map(s -> positive("groups", s)).sorted().toList();
      Config c = new Config(groups, positive("brokers", o.get("brokers")),
          positive("replication", o.get("replication")), positive("topics", o.get("topics")),
          positive("partitions", o.get("partitions")), positive("records", o.get("records")),
          Integer.parseInt(o.get("members")), Integer.parseInt(o.get("warmup")), positive("cycles", o.get("cycles")),
          positive("budget-seconds", o.get("budget-seconds")), positive("parallelism", o.get("parallelism")),
          o.get("cluster-heap"));
      if (c.records < 2) {
        throw new IllegalArgumentException("records: must be at least 2, was " + c.records);
      }
      return c;
    }

    private static int positive(String name, String value) {
      try {
        int v = Integer.parseInt(value.trim());
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new IllegalArgumentException(name + ": must be a positive integer, was '" + value + "'");
    }
  }
}
