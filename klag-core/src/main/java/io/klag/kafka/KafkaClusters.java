package io.klag.kafka;

import io.klag.spi.KafkaAccess;
import io.klag.spi.TimeLagEstimator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Connects klag to real Kafka clusters over kafka-clients: a {@link KafkaAccess} over one
 * long-lived {@link Admin} per cluster, and the record-timestamp {@link TimeLagEstimator}.
 * Client properties are anything kafka-clients accepts (bootstrap servers, security protocol,
 * SASL/SSL settings); secret values never appear in klag's logs, messages or {@code toString()}.
 *
 * <pre>{@code
 * Map<String, Object> props = Map.of("bootstrap.servers", "kafka-1:9092,kafka-2:9092");
 * LagCollector collector = LagCollector.builder()
 *     .cluster("prod", KafkaClusters.access(props), KafkaClusters.recordTimestampSampler(props))
 *     .build();
 *
 * KafkaAccess tuned = KafkaClusters.accessBuilder(props)
 *     .requestTimeout(Duration.ofSeconds(5)).retries(2).readCommitted(true).build();
 * KafkaAccess shared = KafkaClusters.access(hostAdmin); // klag never closes hostAdmin
 * }</pre>
 */
public final class KafkaClusters {

  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  private KafkaClusters() {}

  /**
   * Access through an Admin that klag creates from {@code clientProperties}, keeps for its
   * lifetime and closes with it; default timeouts and retries.
   *
   * @throws IllegalArgumentException when {@code bootstrap.servers} is missing or kafka-clients
   *     rejects the properties
   */
  public static KafkaAccess access(Map<String, ?> clientProperties) {
    return accessBuilder(clientProperties).build();
  }

  /** Access through the host's {@code admin}, which klag never closes; default timeouts and retries. */
  public static KafkaAccess access(Admin admin) {
    return accessBuilder(admin).build();
  }

  /** Configures access through an Admin klag creates from {@code clientProperties}. */
  public static AccessBuilder accessBuilder(Map<String, ?> clientProperties) {
    return new AccessBuilder(ClientProperties.of(clientProperties), null);
  }

  /** Configures access through the host's {@code admin}, which klag never closes. */
  public static AccessBuilder accessBuilder(Admin admin) {
    return new AccessBuilder(ClientProperties.hostAdmin(), Objects.requireNonNull(admin, "admin"));
  }

  /** The record-timestamp time-lag estimator with default cache TTL, partition cap and time budget. */
  public static TimeLagEstimator recordTimestampSampler(Map<String, ?> clientProperties) {
    return samplerBuilder(clientProperties).build();
  }

  /** Configures the record-timestamp time-lag estimator; its consumer uses {@code clientProperties}. */
  public static SamplerBuilder samplerBuilder(Map<String, ?> clientProperties) {
    return new SamplerBuilder(ClientProperties.of(clientProperties));
  }

  /**
   * Settings of a {@link KafkaAccess}. Validated at {@link #build()}, which names the bad setting.
   *
   * <pre>{@code
   * KafkaAccess access = KafkaClusters.accessBuilder(props)
   *     .requestTimeout(Duration.ofSeconds(10)) // per Admin call, retries included
   *     .retries(3).backoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
   *     .readCommitted(true)                    // lag against the last stable offset
   *     .build();
   * }</pre>
   */
  public static final class AccessBuilder {
    private final ClientProperties props;
    private final @Nullable Admin admin;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int retries = 3;
    private Duration backoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private boolean readCommitted;

    private AccessBuilder(ClientProperties props, @Nullable Admin admin) {
      this.props = props;
      this.admin = admin;
    }

    /** The deadline of each Admin call, its retries included. Default 10 s. */
    public AccessBuilder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** How many times a call failing with an unavailable broker, coordinator or leader is retried. Default 3. */
    public AccessBuilder retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** The delay before the first retry, doubled (with jitter) for each further one. Default 100 ms. */
    public AccessBuilder backoff(Duration backoff) {
      this.backoff = backoff;
      return this;
    }

    /** The longest delay between retries. Default 2 s. */
    public AccessBuilder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Whether end offsets are the last stable offsets (read_committed) instead of high watermarks. Default false. */
    public AccessBuilder readCommitted(boolean readCommitted) {
      this.readCommitted = readCommitted;
      return this;
    }

    /**
     * Validates the settings and builds the access; from properties, this creates the Admin (it
     * connects lazily, on the first call).
     *
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public KafkaAccess build() {
      requirePositive("requestTimeout", requestTimeout);
      requirePositive("backoff", backoff);
      requirePositive("maxBackoff", maxBackoff);
      if (retries < 0) {
        throw new IllegalArgumentException("retries: must not be negative, was " + retries);
      }
      if (requestTimeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("requestTimeout: must be below 24 days, was " + requestTimeout);
      }
      AdminCalls calls = new AdminCalls(props, requestTimeout, retries, backoff, maxBackoff);
      if (admin != null) {
        return new AdminKafkaAccess(admin, false, props, calls, readCommitted);
      }
      Map<String, Object> overrides = new HashMap<>();
      String timeoutMs = Long.toString(requestTimeout.toMillis());
      if (!props.has(AdminClientConfig.CLIENT_ID_CONFIG)) {
        overrides.put(AdminClientConfig.CLIENT_ID_CONFIG, "klag-admin-" + CLIENT_IDS.incrementAndGet());
      }
      if (!props.has(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)) {
        overrides.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
      }
      if (!props.has(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
        overrides.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
      }
      Admin created;
      try {
        created = Admin.create(props.with(overrides));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "clientProperties: kafka-clients rejected them: " + KafkaErrors.toAccessException("creating the Admin client", e, props).getMessage());
      }
      return new AdminKafkaAccess(created, true, props, calls, readCommitted);
    }
  }

  /**
   * Settings of the record-timestamp {@link TimeLagEstimator}. Validated at {@link #build()}.
   *
   * <pre>{@code
   * TimeLagEstimator sampler = KafkaClusters.samplerBuilder(props)
   *     .cacheTtl(Duration.ofMinutes(5))   // a commit that did not move is not read again
   *     .maxPartitionsPerCycle(2000)       // the most lagging partitions first
   *     .timeBudget(Duration.ofSeconds(5)) // per cycle; the rest has no time lag this cycle
   *     .build();
   * }</pre>
   */
  public static final class SamplerBuilder {
    private final ClientProperties props;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private int maxPartitionsPerCycle = 1000;
    private Duration timeBudget = Duration.ofSeconds(5);

    private SamplerBuilder(ClientProperties props) {
      this.props = props;
    }

    /** How long a sampled timestamp is reused while the committed offset stays the same. Default 5 min. */
    public SamplerBuilder cacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
      return this;
    }

    /** The most partitions read in one cycle; the most lagging go first. Default 1000. */
    public SamplerBuilder maxPartitionsPerCycle(int maxPartitionsPerCycle) {
      this.maxPartitionsPerCycle = maxPartitionsPerCycle;
      return this;
    }

    /** The longest time one cycle spends reading records. Default 5 s. */
    public SamplerBuilder timeBudget(Duration timeBudget) {
      this.timeBudget = timeBudget;
      return this;
    }

    /**
     * Validates the settings and builds the estimator with its consumer (which connects on the first cycle).
     *
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public TimeLagEstimator build() {
      requirePositive("cacheTtl", cacheTtl);
      requirePositive("timeBudget", timeBudget);
      if (maxPartitionsPerCycle <= 0) {
        throw new IllegalArgumentException("maxPartitionsPerCycle: must be positive, was " + maxPartitionsPerCycle);
      }
      Consumer<byte[], byte[]> consumer;
      try {
        consumer = new KafkaConsumer<>(consumerConfig(props), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("clientProperties: kafka-clients rejected them: "
            + KafkaErrors.toAccessException("creating the sampler's consumer", e, props).getMessage());
      }
      return new RecordTimestampSampler(
          consumer, cacheTtl, maxPartitionsPerCycle, timeBudget, System::nanoTime, props);
    }
  }

  /** The sampler consumer's configuration: the user's, without group settings, plus small fetches. */
  static Map<String, Object> consumerConfig(ClientProperties props) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    overrides.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "16384");
    overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
    overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    Object clientId = props.values().getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "klag");
    overrides.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-sampler-" + CLIENT_IDS.incrementAndGet());
    Map<String, Object> config = props.with(overrides);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    config.remove(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    return config;
  }

  private static void requirePositive(String setting, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(setting + ": must be a positive duration, was " + value);
    }
  }
}
