package io.klag;

import java.util.Objects;

/**
 * The group member a partition is assigned to, as the group coordinator describes it.
 *
 * <pre>{@code
 * partition.member().map(Member::host).orElse("")
 * }</pre>
 *
 * @param consumerId the member id the coordinator gave the consumer
 * @param clientId the consumer's {@code client.id}
 * @param host the host the coordinator saw the member connect from
 */
public record Member(String consumerId, String clientId, String host) {
  public Member {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(host, "host");
  }
}
