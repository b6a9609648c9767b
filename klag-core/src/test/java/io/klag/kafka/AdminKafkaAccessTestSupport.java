package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ClusterStatus;
import io.klag.Filter;
import io.klag.LagCollector;
import io.klag.LagSnapshot;
import java.util.Map;

/** Measures the Admin's wire requests per collection cycle. */
final class AdminKafkaAccessTestSupport {

  private AdminKafkaAccessTestSupport() {}

  /**
   * Wire requests ({@code admin-client-metrics} {@code request-total}) of one cycle after two
   * warm-up cycles, members described, through an access built from {@code props}.
   */
  static double steadyStateRequests(Map<String, Object> props, Filter groups) {
    AdminKafkaAccess access = (AdminKafkaAccess) KafkaClusters.access(props);
    try (LagCollector collector = LagCollector.builder().cluster("budget", access).groups(groups).build()) {
      collector.collect();
      collector.collect();
      double before = access.requestTotal();
      LagSnapshot s = collector.collect();
      double after = access.requestTotal();
      assertThat(s.cluster("budget").orElseThrow().status()).isEqualTo(ClusterStatus.UP);
      assertThat(s.cluster("budget").orElseThrow().lastError()).isEmpty();
      return after - before;
    }
  }
}
