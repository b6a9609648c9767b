/**
 * Small, runnable examples of embedding klag in an application: {@link
 * io.klag.examples.embedding.MicrometerService} (a service's own Micrometer Prometheus registry),
 * {@link io.klag.examples.embedding.SimpleclientService} (a legacy simpleclient {@code
 * CollectorRegistry}), {@link io.klag.examples.embedding.SelfMonitoringConsumer} (a consumer that
 * reports its own group's lag) and {@link io.klag.examples.embedding.OrderCounter} (a consumer
 * whose integration test waits with {@code LagCollector.awaitCaughtUp}).
 */
@NullMarked
package io.klag.examples.embedding;

import org.jspecify.annotations.NullMarked;
