/**
 * klag for Micrometer: {@link io.klag.micrometer.KlagMetrics} binds lag snapshots into a
 * host-owned {@code MeterRegistry}.
 *
 * <pre>{@code
 * KlagMetrics metrics = KlagMetrics.builder(collector).build();
 * metrics.bindTo(registry);
 * }</pre>
 */
@NullMarked
package io.klag.micrometer;

import org.jspecify.annotations.NullMarked;
