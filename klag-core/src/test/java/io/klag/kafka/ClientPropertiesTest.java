package io.klag.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {

  static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"alice\" password=\"s3cr3t-jaas\";";

  static Map<String, Object> secretProps() {
    Map<String, Object> m = new HashMap<>();
    m.put("bootstrap.servers", "kafka-1:9093");
    m.put("security.protocol", "SASL_SSL");
    m.put("sasl.jaas.config", JAAS);
    m.put("ssl.keystore.password", new Password("ks-pass-123"));
    m.put("ssl.key.password", "key-pass-456");
    m.put("sasl.oauthbearer.token.endpoint.url", "https://idp/token");
    m.put("my.api.token", "tok-789");
    return m;
  }

  @Test
  void requiresBootstrapServersNamingTheSetting() {
    assertThatThrownBy(() -> ClientProperties.of(Map.of("security.protocol", "SSL")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers").hasMessageContaining("missing");
    assertThatThrownBy(() -> ClientProperties.of(Map.of("bootstrap.servers", " ")))
        .hasMessageContaining("bootstrap.servers");
    Map<String, Object> nullValue = new HashMap<>(Map.of("bootstrap.servers", "k:9092"));
    nullValue.put("client.id", null);
    assertThatThrownBy(() -> ClientProperties.of(nullValue)).hasMessageContaining("client.id");
  }

  @Test
  void toStringRedactsEverySecretButShowsTheRest() {
    String s = ClientProperties.of(secretProps()).toString();
    assertThat(s).contains("kafka-1:9093", "SASL_SSL", "sasl.jaas.config=[redacted]")
        .doesNotContain("s3cr3t-jaas", "ks-pass-123", "key-pass-456", "tok-789", "alice");
  }

  @Test
  void scrubRemovesConfiguredSecretValuesAndInlinePasswords() {
    ClientProperties p = ClientProperties.of(secretProps());
    assertThat(p.scrub("Invalid value ks-pass-123 for configuration ssl.keystore.password"))
        .isEqualTo("Invalid value [redacted] for configuration ssl.keystore.password");
    assertThat(p.scrub("bad JAAS: " + JAAS)).doesNotContain("s3cr3t-jaas");
    assertThat(ClientProperties.scrubInline("x password=\"other\" y secret='z' token=abc;"))
        .isEqualTo("x password=[redacted] y secret=[redacted] token=[redacted];");
    assertThat(p.scrub("Connection to node 1 (kafka-1/10.0.0.1:9093) could not be established"))
        .isEqualTo("Connection to node 1 (kafka-1/10.0.0.1:9093) could not be established");
  }

  @Test
  void recognisesSecretKeys() {
    assertThat(ClientProperties.isSecretKey("sasl.jaas.config")).isTrue();
    assertThat(ClientProperties.isSecretKey("ssl.truststore.password")).isTrue();
    assertThat(ClientProperties.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
    assertThat(ClientProperties.isSecretKey("ssl.keystore.key")).isTrue();
    assertThat(ClientProperties.isSecretKey("bootstrap.servers")).isFalse();
    assertThat(ClientProperties.isSecretKey("key.deserializer")).isFalse();
  }
}
