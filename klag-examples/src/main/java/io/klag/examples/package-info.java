/**
 * The klag exporter's entry point and the demo: {@link io.klag.examples.Demo} runs the demo
 * without arguments and the standalone exporter with {@code --config FILE}.
 *
 * <pre>{@code
 * java -jar klag-examples/target/klag-exporter.jar                       # the demo
 * java -jar klag-examples/target/klag-exporter.jar --config config.toml  # real clusters
 * }</pre>
 */
@NullMarked
package io.klag.examples;

import org.jspecify.annotations.NullMarked;
