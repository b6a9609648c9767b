package io.klag.testkit;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While at least one cluster runs, turns Kafka's {@code Exit.exit}/{@code Exit.halt} (its reaction
 * to a fatal broker fault) into an exception in the faulting thread instead of ending the JVM.
 */
final class ExitInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ExitInterceptor.class);
  private static int users;

  private ExitInterceptor() {}

  static synchronized void acquire() {
    if (users++ == 0) {
      Exit.setExitProcedure((code, message) -> intercepted("exit", code, message));
      Exit.setHaltProcedure((code, message) -> intercepted("halt", code, message));
    }
  }

  static synchronized void release() {
    if (users > 0 && --users == 0) {
      Exit.resetExitProcedure();
      Exit.resetHaltProcedure();
    }
  }

  private static void intercepted(String kind, int code, String message) {
    String text =
        "Kafka called Exit."
            + kind
            + "("
            + code
            + (message == null ? "" : ", " + message)
            + ") in thread "
            + Thread.currentThread().getName()
            + "; klag-testkit kept the JVM alive, but that broker is probably broken";
    LOG.error(text);
    throw new IllegalStateException(text);
  }
}
