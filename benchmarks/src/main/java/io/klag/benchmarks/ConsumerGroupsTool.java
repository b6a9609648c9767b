package io.klag.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;

/**
 * Apache Kafka's {@code kafka-consumer-groups --describe --all-groups}, run in-process (its
 * {@code main} returns normally on success; only bad arguments call {@code Exit}), with its
 * standard output captured and parsed into lag by group and partition.
 *
 * <pre>{@code
 * Map<String, Map<TopicPartition, Long>> lag = ConsumerGroupsTool.describeAllGroups("127.0.0.1:9092", "kcg-1");
 * }</pre>
 */
final class ConsumerGroupsTool {

  private ConsumerGroupsTool() {}

  /** Runs the tool with an admin client named {@code clientId} (counted by {@link RequestCounter}). */
  static synchronized Map<String, Map<TopicPartition, Long>> describeAllGroups(String bootstrap, String clientId)
      throws IOException {
    Path config = Files.createTempFile("kcg", ".properties");
    try {
      Files.writeString(config, "client.id=" + clientId + "\nmetric.reporters=" + RequestCounter.class.getName() + "\n");
      ByteArrayOutputStream captured = new ByteArrayOutputStream(1 << 20);
      ByteArrayOutputStream errors = new ByteArrayOutputStream(); // "group ... has no active members."
      PrintStream out = System.out;
      PrintStream err = System.err;
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      try {
        ConsumerGroupCommand.main(new String[] {
            "--bootstrap-server", bootstrap, "--describe", "--all-groups", "--command-config", config.toString()});
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      String text = captured.toString(StandardCharsets.UTF_8);
      if (!text.contains("GROUP")) {
        throw new IllegalStateException("kafka-consumer-groups printed no table; stderr: " + errors);
      }
      return parse(text);
    } finally {
      Files.deleteIfExists(config);
    }
  }

  /** Parses the offsets tables: a header line starting with GROUP, then one line per partition. */
  static Map<String, Map<TopicPartition, Long>> parse(String output) {
    Map<String, Map<TopicPartition, Long>> out = new HashMap<>();
    int topicCol = -1;
    int partitionCol = -1;
    int lagCol = -1;
    for (String line : output.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length < 3) {
        continue;
      }
      if (cols[0].equals("GROUP")) {
        List<String> header = Arrays.asList(cols);
        topicCol = header.indexOf("TOPIC");
        partitionCol = header.indexOf("PARTITION");
        lagCol = header.indexOf("LAG");
        continue;
      }
      if (lagCol < 0 || cols.length <= lagCol || cols[lagCol].equals("-")) {
        continue;
      }
      out.computeIfAbsent(cols[0], g -> new HashMap<>())
          .put(new TopicPartition(cols[topicCol], Integer.parseInt(cols[partitionCol])), Long.parseLong(cols[lagCol]));
    }
    return out;
  }
}
