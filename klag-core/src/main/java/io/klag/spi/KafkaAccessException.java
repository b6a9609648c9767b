package io.klag.spi;

import io.klag.ErrorKind;
import java.util.Objects;

/**
 * A failed cluster call, classified. Messages never contain credentials.
 *
 * <pre>{@code
 * throw new KafkaAccessException(ErrorKind.TIMEOUT, "listGroups timed out after 10s", cause);
 * }</pre>
 */
public class KafkaAccessException extends RuntimeException {

  private final ErrorKind kind;

  public KafkaAccessException(ErrorKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public KafkaAccessException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What kind of failure this is. */
  public ErrorKind kind() {
    return kind;
  }

  /** Whether trying again later can help (timeouts and unavailability can; authorization cannot). */
  public boolean retryable() {
    return kind == ErrorKind.TIMEOUT || kind == ErrorKind.UNAVAILABLE;
  }
}
