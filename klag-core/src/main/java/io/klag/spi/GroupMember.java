package io.klag.spi;

import io.klag.Member;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A member of a group and the partitions assigned to it.
 *
 * <pre>{@code
 * new GroupMember(new Member("consumer-1-uuid", "consumer-1", "/10.0.0.7"), Set.of(new TopicPartition("orders", 0)))
 * }</pre>
 *
 * @param member who it is
 * @param assignment the partitions it owns
 */
public record GroupMember(Member member, Set<TopicPartition> assignment) {
  public GroupMember {
    Objects.requireNonNull(member, "member");
    assignment = Set.copyOf(assignment);
  }
}
