/**
 * The standalone exporter as a library: {@link io.klag.examples.exporter.ConfigLoader} reads the
 * TOML configuration into an {@link io.klag.examples.exporter.ExporterConfig}, and {@link
 * io.klag.examples.exporter.Exporter} runs it (collectors, Micrometer registries, HTTP, OTLP).
 *
 * <pre>{@code
 * try (Exporter exporter = Exporter.start(ConfigLoader.load(Path.of("config.toml")))) {
 *   System.out.println(exporter.url("/metrics"));
 *   ...
 * }
 * }</pre>
 */
@NullMarked
package io.klag.examples.exporter;

import org.jspecify.annotations.NullMarked;
