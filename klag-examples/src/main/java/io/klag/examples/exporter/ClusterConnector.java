package io.klag.examples.exporter;

import io.klag.examples.exporter.ExporterConfig.Cluster;
import io.klag.examples.exporter.ExporterConfig.TimestampSampling;
import io.klag.kafka.KafkaClusters;
import io.klag.spi.KafkaAccess;
import io.klag.spi.TimeLagEstimator;

/** How the exporter reaches a configured cluster: kafka-clients by default, a fake in tests. */
interface ClusterConnector {

  /** The access for {@code cluster}; the collector closes it. */
  KafkaAccess access(Cluster cluster);

  /** The time-lag estimator for {@code cluster}; the collector closes it. */
  TimeLagEstimator timeLag(Cluster cluster, TimestampSampling sampling);

  /** Real clusters through kafka-clients, with the record-timestamp sampler. */
  ClusterConnector KAFKA = new ClusterConnector() {
    @Override
    public KafkaAccess access(Cluster cluster) {
      return KafkaClusters.accessBuilder(cluster.properties()).readCommitted(cluster.readCommitted()).build();
    }

    @Override
    public TimeLagEstimator timeLag(Cluster cluster, TimestampSampling sampling) {
      if (!sampling.enabled()) {
        return TimeLagEstimator.none();
      }
      return KafkaClusters.samplerBuilder(cluster.properties())
          .cacheTtl(sampling.cacheTtl())
          .maxPartitionsPerCycle(sampling.maxPartitionsPerCycle())
          .timeBudget(sampling.timeBudget())
          .build();
    }
  };
}
