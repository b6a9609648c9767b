package io.klag;

/**
 * Thrown by {@link LagCollector#await} when the condition did not hold in time; carries the last
 * snapshot seen so a test can report what the lag was.
 *
 * <pre>{@code
 * try { collector.awaitCaughtUp("test", "g", Duration.ofSeconds(10)); }
 * catch (LagConditionTimeoutException e) { fail(e.getMessage() + " " + e.lastSnapshot()); }
 * }</pre>
 */
public class LagConditionTimeoutException extends RuntimeException {

  private final transient LagSnapshot lastSnapshot;

  public LagConditionTimeoutException(String message, LagSnapshot lastSnapshot) {
    super(message);
    this.lastSnapshot = lastSnapshot;
  }

  /** The last snapshot collected before the timeout. */
  public LagSnapshot lastSnapshot() {
    return lastSnapshot;
  }
}
