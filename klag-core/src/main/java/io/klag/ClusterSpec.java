package io.klag;

import io.klag.spi.KafkaAccess;
import io.klag.spi.TimeLagEstimator;

/** One configured cluster. */
record ClusterSpec(String name, KafkaAccess access, TimeLagEstimator timeLag) {}
