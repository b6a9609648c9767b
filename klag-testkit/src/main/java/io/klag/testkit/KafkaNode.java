package io.klag.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One in-process KRaft node in combined mode (broker and controller in one {@link KafkaRaftServer}).
 * Its log directory and ports stay the same across {@link #stop()} and {@link #start()}.
 */
final class KafkaNode {
  static final String HOST = "127.0.0.1";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final int nodeId;
  private final Path logDir;
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> properties;
  private volatile KafkaRaftServer server;

  KafkaNode(
      int nodeId,
      Path logDir,
      int brokerPort,
      int controllerPort,
      String quorumVoters,
      Map<String, String> commonProperties) {
    this.nodeId = nodeId;
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    Map<String, String> p = new HashMap<>(commonProperties);
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", quorumVoters);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    this.properties = Map.copyOf(p);
  }

  int brokerPort() {
    return brokerPort;
  }

  int controllerPort() {
    return controllerPort;
  }

  String address() {
    return HOST + ":" + brokerPort;
  }

  boolean isRunning() {
    return server != null;
  }

  /** Formats the log directory unless it already is, then starts and blocks until unfenced. */
  void start(String clusterId) throws Exception {
    if (server != null) {
      return;
    }
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    }
    KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    server = s; // set before startup() so that stop() can end a start that hangs
    try {
      s.startup();
      awaitListening(brokerPort, 10_000);
    } catch (Exception | Error e) {
      server = null;
      shutdownQuietly(s);
      throw e;
    }
  }

  /** Stops the node (controlled shutdown) and waits until its threads and sockets are gone. */
  void stop() {
    KafkaRaftServer s = server;
    server = null;
    if (s != null) {
      s.shutdown();
      s.awaitShutdown();
    }
  }

  private static void shutdownQuietly(KafkaRaftServer s) {
    try {
      s.shutdown();
      s.awaitShutdown();
    } catch (RuntimeException | Error ignored) {
      // the start failure is what the caller needs to see
    }
  }

  static boolean causedByBindException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException
          || (c.getMessage() != null && c.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  /** Waits until something accepts TCP connections on 127.0.0.1:port. */
  static void awaitListening(int port, long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("nothing listens on " + HOST + ":" + port + " after " + timeoutMs + " ms", e);
        }
        Thread.sleep(50);
      }
    }
  }
}
