package io.klag.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesNamesTest {

  @Test
  void defaultNamesAreTheOnesDashboardsUse() {
    SeriesNames n = SeriesNames.defaults();
    assertThat(n.name(LagSeries.GROUP_LAG)).isEqualTo("kafka_consumergroup_group_lag");
    assertThat(n.name(LagSeries.GROUP_LAG_SECONDS)).isEqualTo("kafka_consumergroup_group_lag_seconds");
    assertThat(n.name(LagSeries.GROUP_TOPIC_SUM_LAG)).isEqualTo("kafka_consumergroup_group_topic_sum_lag");
    assertThat(n.name(LagSeries.PARTITION_LATEST_OFFSET)).isEqualTo("kafka_partition_latest_offset");
    assertThat(n.name(LagSeries.COLLECTION_ERRORS)).isEqualTo("klag_collection_errors_total");
    assertThat(LagSeries.COLLECTION_ERRORS.baseName(n.name(LagSeries.COLLECTION_ERRORS)))
        .isEqualTo("klag_collection_errors");
    assertThat(LagSeries.GROUP_LAG.baseName("x_group_lag")).isEqualTo("x_group_lag");
  }

  @Test
  void prefixesAreValidatedNamingTheSetting() {
    assertThat(SeriesNames.of("lag", "p", "self").name(LagSeries.GROUP_SUM_LAG)).isEqualTo("lag_group_sum_lag");
    assertThatThrownBy(() -> SeriesNames.of("bad-prefix", "p", "s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix").hasMessageContaining("'bad-prefix'");
    assertThatThrownBy(() -> SeriesNames.of("a", "1p", "s")).hasMessageContaining("partitionPrefix");
    assertThatThrownBy(() -> SeriesNames.of("a", "p", "")).hasMessageContaining("selfPrefix");
  }

  @Test
  void constantLabelsMustBeValidAndNotKlagsOwn() {
    SeriesNames.requireConstantLabelName("tags", "service");
    assertThatThrownBy(() -> SeriesNames.requireConstantLabelName("tags", "group"))
        .hasMessageContaining("tags").hasMessageContaining("'group' is a label klag sets itself");
    assertThatThrownBy(() -> SeriesNames.requireConstantLabelName("tags", "client_id"))
        .hasMessageContaining("klag sets itself");
    assertThatThrownBy(() -> SeriesNames.requireConstantLabelName("constantLabels", "a-b"))
        .hasMessageContaining("constantLabels: invalid label name 'a-b'");
    assertThatThrownBy(() -> SeriesNames.requireConstantLabelName("tags", "__reserved"))
        .hasMessageContaining("invalid");
  }
}
