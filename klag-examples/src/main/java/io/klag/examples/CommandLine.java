package io.klag.examples;

import io.klag.examples.exporter.ExporterConfig.LogFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The exporter's and the demo's command line.
 *
 * @param config {@code --config FILE}: run the exporter against the clusters in FILE (else the demo)
 * @param port {@code --port N}: the demo's HTTP port (default 9999 if free, else any free port)
 * @param logFormat {@code --log-format text|json}: overrides {@code exporter.log_format}
 * @param stackTraces {@code --stack-traces}: print the stack trace of a startup failure
 * @param help {@code --help}
 */
record CommandLine(Optional<Path> config, Optional<Integer> port, Optional<LogFormat> logFormat,
    boolean stackTraces, boolean help) {

  static final String USAGE = """
      Usage: java -jar klag-exporter.jar [--config FILE] [options]

      Without --config, runs the demo: an in-process Kafka broker with producers and consumer
      groups (healthy, slow, stopped, KIP-848) and the exporter watching them.
      With --config FILE, runs the standalone exporter against the clusters in FILE
      (TOML; see config.example.toml).

      Options:
        --config FILE          exporter configuration (TOML)
        --port N               demo only: HTTP port (default 9999 if free, else any free port)
        --log-format text|json log line format (overrides exporter.log_format)
        --stack-traces         print stack traces of startup errors
        --help                 show this help

      Endpoints: /metrics (Prometheus text or OpenMetrics), /health, /ready.
      Exit codes: 0 after SIGTERM/SIGINT, 1 runtime failure, 2 bad command line or configuration.
      """;

  /** Thrown for a bad command line; the message is one line. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CommandLine parse(String... args) throws UsageException {
    Path config = null;
    Integer port = null;
    LogFormat format = null;
    boolean stackTraces = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = null;
      int eq = option.indexOf('=');
      if (option.startsWith("--") && eq > 0) {
        value = option.substring(eq + 1);
        option = option.substring(0, eq);
      }
      switch (option) {
        case "--stack-traces" -> stackTraces = true;
        case "--help", "-h" -> help = true;
        case "--config", "--port", "--log-format" -> {
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new UsageException(option + " needs a value (see --help)");
            }
            value = args[++i];
          }
          switch (option) {
            case "--config" -> config = Path.of(value);
            case "--port" -> port = port(value);
            default -> format = logFormat(value);
          }
        }
        default -> throw new UsageException("unknown option '" + args[i] + "' (see --help)");
      }
    }
    if (config != null && port != null) {
      throw new UsageException("--port is for the demo; with --config set exporter.http_port in the file");
    }
    return new CommandLine(Optional.ofNullable(config), Optional.ofNullable(port),
        Optional.ofNullable(format), stackTraces, help);
  }

  private static int port(String s) throws UsageException {
    try {
      int p = Integer.parseInt(s);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException("--port: must be an integer between 0 and 65535, was '" + s + "'");
  }

  private static LogFormat logFormat(String s) throws UsageException {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw new UsageException("--log-format: must be text or json, was '" + s + "'");
    };
  }
}
