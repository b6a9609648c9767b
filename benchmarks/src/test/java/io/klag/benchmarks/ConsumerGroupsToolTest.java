package io.klag.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupsToolTest {

  @Test
  void parsesLagPerGroupAndPartitionSkippingPartitionsWithoutCommits() {
    String output = String.join("\n",
        "",
        "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID",
        "bench-1         bench-topic-1   0          990             1000            10              -               -               -",
        "bench-1         bench-topic-1   1          1000            1000            0               -               -               -",
        "",
        "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                          HOST            CLIENT-ID",
        "bench-2         bench-topic-2   3          -               1000            -               consumer-1-2f0c                      /127.0.0.1      consumer-1",
        "bench-2         bench-topic-2   4          7               9               2               consumer-1-2f0c                      /127.0.0.1      consumer-1");

    Map<String, Map<TopicPartition, Long>> lag = ConsumerGroupsTool.parse(output);

    assertThat(lag).containsOnlyKeys("bench-1", "bench-2");
    assertThat(lag.get("bench-1")).containsOnly(
        Map.entry(new TopicPartition("bench-topic-1", 0), 10L), Map.entry(new TopicPartition("bench-topic-1", 1), 0L));
    assertThat(lag.get("bench-2")).containsOnly(Map.entry(new TopicPartition("bench-topic-2", 4), 2L));
  }
}
