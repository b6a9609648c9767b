package io.klag.examples.exporter;

/**
 * A configuration file that cannot be used. The message is one line naming the file, the key and
 * the bad value, fit to print as is.
 *
 * <pre>{@code
 * try { ConfigLoader.load(path); }
 * catch (ConfigException e) { System.err.println("error: " + e.getMessage()); System.exit(2); }
 * }</pre>
 */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
