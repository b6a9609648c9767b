package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.klag.ErrorKind;
import io.klag.spi.KafkaAccessException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {

  @Test
  void classifiesKafkaClientFailures() {
    assertThat(KafkaErrors.classify(new TimeoutException("t"))).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(KafkaErrors.classify(new ExecutionException(new TimeoutException("t")))).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(KafkaErrors.classify(new java.util.concurrent.TimeoutException())).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(KafkaErrors.classify(new SaslAuthenticationException("a"))).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(KafkaErrors.classify(new SslAuthenticationException("a"))).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(KafkaErrors.classify(new GroupAuthorizationException("g"))).isEqualTo(ErrorKind.AUTHORIZATION);
    assertThat(KafkaErrors.classify(new TopicAuthorizationException("t"))).isEqualTo(ErrorKind.AUTHORIZATION);
    assertThat(KafkaErrors.classify(new NetworkException("n"))).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(KafkaErrors.classify(new DisconnectException("d"))).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(KafkaErrors.classify(new CoordinatorNotAvailableException("c"))).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(KafkaErrors.classify(new NotCoordinatorException("c"))).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(KafkaErrors.classify(new LeaderNotAvailableException("l"))).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(KafkaErrors.classify(new UnknownTopicOrPartitionException("u"))).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(KafkaErrors.classify(new UnknownServerException("u"))).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(KafkaErrors.classify(new IllegalStateException())).isEqualTo(ErrorKind.UNKNOWN);
    // the Admin wraps a timeout of findAllBrokers in a plain KafkaException
    assertThat(KafkaErrors.classify(new KafkaException("Failed to find brokers", new TimeoutException("t"))))
        .isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void messagesAndCausesCarryNoSecret() {
    ClientProperties props = ClientProperties.of(ClientPropertiesTest.secretProps());
    KafkaException e = new KafkaException("Failed to construct kafka consumer",
        new ConfigException("sasl.jaas.config", ClientPropertiesTest.JAAS, "bad value"));
    KafkaAccessException mapped = KafkaErrors.toAccessException("listGroups", new ExecutionException(e), props);

    assertThat(mapped.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(mapped.getMessage()).startsWith("listGroups failed (unknown) against kafka-1:9093: KafkaException");
    StringWriter trace = new StringWriter();
    mapped.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("org.apache.kafka.common.config.ConfigException")
        .doesNotContain("s3cr3t-jaas", "alice");
  }

  @Test
  void keepsAnAccessExceptionAsItIs() {
    KafkaAccessException k = new KafkaAccessException(ErrorKind.AUTHORIZATION, "no");
    assertThat(KafkaErrors.toAccessException("x", new ExecutionException(k), ClientProperties.hostAdmin())).isSameAs(k);
  }
}
