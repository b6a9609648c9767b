package io.klag;

import io.klag.spi.GroupDescription;
import io.klag.spi.GroupListing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group descriptions (members, assignments) kept across cycles, so that a steady cycle sends no
 * describe request at all. A group is described again when it is new, when its listed state or
 * type changed (a rebalance, consumers stopped or started), or when its description is older than
 * the maximum age. Not thread-safe: used under the poller's lock.
 */
final class DescriptionCache {

  private record Entry(GroupDescription description, GroupState listedState, GroupType listedType, Instant at) {}

  private final Duration maxAge;
  private Map<String, Entry> entries = new HashMap<>();

  DescriptionCache(Duration maxAge) {
    this.maxAge = maxAge;
  }

  /** The ids of the listed groups whose description must be read this cycle. */
  List<String> toDescribe(List<GroupListing> listed, Instant now) {
    List<String> ids = new ArrayList<>();
    for (GroupListing g : listed) {
      Entry e = entries.get(g.groupId());
      if (e == null
          || e.listedState() != g.state()
          || e.listedType() != g.type()
          || Duration.between(e.at(), now).compareTo(maxAge) >= 0) {
        ids.add(g.groupId());
      }
    }
    return ids;
  }

  /**
   * Stores what was just described, forgets groups that are no longer listed, and returns the
   * description of every listed group known (fresh or kept; a group whose description failed keeps
   * its previous one and is asked again next cycle).
   */
  Map<String, GroupDescription> update(List<GroupListing> listed, Map<String, GroupDescription> fresh, Instant now) {
    Map<String, Entry> next = new HashMap<>(Math.max(16, listed.size() * 2));
    Map<String, GroupDescription> out = new HashMap<>(Math.max(16, listed.size() * 2));
    for (GroupListing g : listed) {
      GroupDescription d = fresh.get(g.groupId());
      Entry e = d != null ? new Entry(d, g.state(), g.type(), now) : entries.get(g.groupId());
      if (e != null) {
        next.put(g.groupId(), e);
        out.put(g.groupId(), e.description());
      }
    }
    entries = next;
    return out;
  }
}
