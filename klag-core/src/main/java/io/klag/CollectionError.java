package io.klag;

import java.time.Instant;
import java.util.Objects;

/**
 * A failure seen while collecting one cluster.
 *
 * <pre>{@code
 * cluster.lastError().ifPresent(e -> log.warn("{} failed at {}: {}", cluster.name(), e.at(), e.message()));
 * }</pre>
 *
 * @param kind what kind of failure
 * @param message a one-line description, free of secrets
 * @param at when it happened
 */
public record CollectionError(ErrorKind kind, String message, Instant at) {
  public CollectionError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
