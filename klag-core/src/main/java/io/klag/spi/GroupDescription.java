package io.klag.spi;

import io.klag.GroupState;
import io.klag.GroupType;
import java.util.List;
import java.util.Objects;

/**
 * A described group: its members and their assignments.
 *
 * <pre>{@code
 * new GroupDescription("orders-billing", GroupType.CONSUMER, GroupState.STABLE, List.of(member))
 * }</pre>
 *
 * @param groupId the group id
 * @param type classic, consumer protocol or simple
 * @param state the state at description time (fresher than the listing's)
 * @param members the members, empty for an empty or simple group
 */
public record GroupDescription(String groupId, GroupType type, GroupState state, List<GroupMember> members) {
  public GroupDescription {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    members = List.copyOf(members);
  }
}
