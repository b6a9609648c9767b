package io.klag.kafka;

import io.klag.ErrorKind;
import io.klag.spi.KafkaAccessException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.BrokerNotAvailableException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * Turns kafka-clients failures into {@link KafkaAccessException}s: classified by {@link ErrorKind},
 * with messages and causes scrubbed of secrets.
 */
final class KafkaErrors {

  private static final int MAX_CAUSE_DEPTH = 8;

  private KafkaErrors() {}

  /** Unwraps {@link ExecutionException} and {@link CompletionException}. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * The kind of a (possibly wrapped) kafka-clients failure; a failure of unknown kind takes the
   * kind of its first classifiable cause (the Admin wraps a timeout in a plain KafkaException).
   */
  static ErrorKind classify(Throwable t) {
    Throwable e = unwrap(t);
    for (int depth = 0; e != null && depth < MAX_CAUSE_DEPTH; depth++, e = e.getCause()) {
      ErrorKind kind = classifyOne(e);
      if (kind != ErrorKind.UNKNOWN || e.getCause() == e) {
        return kind;
      }
    }
    return ErrorKind.UNKNOWN;
  }

  private static ErrorKind classifyOne(Throwable e) {
    if (e instanceof KafkaAccessException k) {
      return k.kind();
    }
    if (e instanceof org.apache.kafka.common.errors.TimeoutException
        || e instanceof java.util.concurrent.TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (e instanceof AuthenticationException) {
      return ErrorKind.AUTHENTICATION;
    }
    if (e instanceof AuthorizationException) {
      return ErrorKind.AUTHORIZATION;
    }
    if (e instanceof UnknownTopicOrPartitionException) {
      return ErrorKind.UNKNOWN; // retriable for kafka-clients, but usually a deleted topic
    }
    if (e instanceof NetworkException
        || e instanceof DisconnectException
        || e instanceof BrokerNotAvailableException
        || e instanceof CoordinatorNotAvailableException
        || e instanceof CoordinatorLoadInProgressException
        || e instanceof NotCoordinatorException
        || e instanceof LeaderNotAvailableException
        || e instanceof NotLeaderOrFollowerException
        || e instanceof RetriableException) {
      return ErrorKind.UNAVAILABLE;
    }
    return ErrorKind.UNKNOWN;
  }

  /** A classified exception for {@code operation}, message and causes scrubbed with {@code props}. */
  static KafkaAccessException toAccessException(String operation, Throwable t, ClientProperties props) {
    Throwable e = unwrap(t);
    if (e instanceof KafkaAccessException k) {
      return k;
    }
    ErrorKind kind = classify(e);
    StringBuilder message = new StringBuilder(operation).append(" failed (").append(kind.label())
        .append(") against ").append(props.scrub(props.bootstrapServers())).append(": ");
    describe(e, props, message);
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && cause != e && depth < 3; depth++, cause = cause.getCause()) {
      message.append(" (caused by ");
      describe(cause, props, message);
      message.append(")");
    }
    return new KafkaAccessException(kind, message.toString(), scrubbed(e, props, 0));
  }

  private static void describe(Throwable e, ClientProperties props, StringBuilder into) {
    into.append(e.getClass().getSimpleName());
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      into.append(": ").append(props.scrub(e.getMessage()));
    }
  }

  /** A copy of {@code t}'s chain whose messages are scrubbed; stack traces are kept. */
  static Throwable scrubbed(Throwable t, ClientProperties props, int depth) {
    Throwable cause = t.getCause() != null && t.getCause() != t && depth < MAX_CAUSE_DEPTH
        ? scrubbed(t.getCause(), props, depth + 1)
        : null;
    String text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + props.scrub(t.getMessage()));
    ScrubbedException copy = new ScrubbedException(text, cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands in for a kafka-clients exception whose message may have held a secret. */
  static final class ScrubbedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScrubbedException(String message, @Nullable Throwable cause) {
      super(message, cause, false, true);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
