package io.klag.spi;

import io.klag.GroupState;
import io.klag.GroupType;
import java.util.Objects;

/**
 * A group as the cluster lists it.
 *
 * <pre>{@code
 * new GroupListing("orders-billing", GroupType.CLASSIC, GroupState.STABLE)
 * }</pre>
 *
 * @param groupId the group id
 * @param type classic, consumer protocol or simple
 * @param state the coordinator's state for it
 */
public record GroupListing(String groupId, GroupType type, GroupState state) {
  public GroupListing {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
  }
}
