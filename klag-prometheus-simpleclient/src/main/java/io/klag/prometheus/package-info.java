/**
 * klag for the Prometheus simpleclient: {@link io.klag.prometheus.KlagCollector} is a {@code
 * Collector} over lag snapshots, registered into a host-owned {@code CollectorRegistry}.
 *
 * <pre>{@code
 * KlagCollector.builder(collector).build().register(CollectorRegistry.defaultRegistry);
 * }</pre>
 */
@NullMarked
package io.klag.prometheus;

import org.jspecify.annotations.NullMarked;
