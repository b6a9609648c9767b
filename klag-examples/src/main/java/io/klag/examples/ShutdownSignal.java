package io.klag.examples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM / SIGINT handling for the exporter and the demo: the first signal releases {@link
 * #await()} so the main thread can stop collecting, flush and close; a second signal halts the
 * JVM at once; and if the graceful stop takes longer than the grace period, the JVM halts too.
 *
 * <pre>{@code
 * ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(10));
 * try (Exporter exporter = Exporter.start(config)) {
 *   signal.await();
 * }
 * System.exit(0);
 * }</pre>
 */
final class ShutdownSignal {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

  private final CountDownLatch latch = new CountDownLatch(1);
  private final AtomicInteger signals = new AtomicInteger();
  private final Duration grace;

  private ShutdownSignal(Duration grace) {
    this.grace = grace;
  }

  /** Installs the handlers for TERM and INT. */
  static ShutdownSignal install(Duration grace) {
    ShutdownSignal s = new ShutdownSignal(grace);
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), sig -> s.received(sig.getName(), 128 + sig.getNumber()));
      } catch (IllegalArgumentException e) { // e.g. -Xrs, or the signal is not available here
        log.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
    return s;
  }

  private void received(String name, int haltCode) {
    if (signals.incrementAndGet() > 1) {
      System.err.println("klag: second SIG" + name + ", exiting now");
      Runtime.getRuntime().halt(haltCode);
    }
    log.info("SIG{} received, shutting down (send it again to exit at once)", name);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(grace.toMillis());
        System.err.println("klag: shutdown took longer than " + grace.toSeconds() + " s, exiting now");
        Runtime.getRuntime().halt(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "klag-shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    latch.countDown();
  }

  /** Blocks until the first signal. */
  void await() throws InterruptedException {
    latch.await();
  }

  /** Blocks until the first signal or the timeout; true if a signal came. */
  boolean await(Duration timeout) throws InterruptedException {
    return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
