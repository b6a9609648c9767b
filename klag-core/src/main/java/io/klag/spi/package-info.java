/**
 * The service-provider interfaces klag's collector is built on: {@link io.klag.spi.KafkaAccess}
 * (the handful of cluster calls a cycle needs) and {@link io.klag.spi.TimeLagEstimator}. Implement
 * them to run klag against another back end, or use {@link io.klag.spi.InMemoryKafkaAccess} in
 * tests.
 */
@NullMarked
package io.klag.spi;

import org.jspecify.annotations.NullMarked;
