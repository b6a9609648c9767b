package io.klag.examples.exporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.klag.examples.exporter.ExporterConfig.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Sets up the exporter's logging backend (logback; only this module has one): text or JSON lines
 * on standard error, {@code io.klag} at the configured level, Kafka's clients and broker at WARN.
 *
 * <pre>{@code
 * Logging.configure(LogFormat.JSON, "debug");
 * }</pre>
 */
public final class Logging {

  private Logging() {}

  /** Replaces the current logback configuration. Does nothing if slf4j is bound to another backend. */
  public static void configure(LogFormat format, String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ctx.reset();
    Encoder<ILoggingEvent> encoder;
    if (format == LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
      encoder = text;
    }
    encoder.setContext(ctx);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setName(format == LogFormat.JSON ? "JSON" : "TEXT");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    ctx.getLogger("io.klag").setLevel(Level.toLevel(level, Level.INFO));
    for (String noisy : new String[] {"org.apache.kafka", "kafka", "state.change.logger"}) {
      ctx.getLogger(noisy).setLevel(Level.WARN);
    }
    ctx.getLogger("org.apache.kafka.controller").setLevel(Level.ERROR); // the demo broker's start-up notices
  }
}
