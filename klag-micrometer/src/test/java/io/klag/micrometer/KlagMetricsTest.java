package io.klag.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class KlagMetricsTest {

  @Test
  void scrapesExactlyTheSeriesOfTheSnapshot() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KlagMetrics metrics = KlagMetrics.builder().build();
    metrics.accept(TestSnapshots.mixed());
    metrics.bindTo(registry);
    String text = registry.scrape();
    assertThat(PrometheusText.samples(text)).containsExactlyInAnyOrderElementsOf(TestSnapshots.expectedMixed());
  }
}
