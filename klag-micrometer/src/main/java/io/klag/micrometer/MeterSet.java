package io.klag.micrometer;

import io.klag.export.LagSeries;
import io.klag.ClusterLag;
import io.klag.LagSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters klag registered in one registry. On each snapshot it computes every series' value,
 * publishes them as one {@link View}, registers the series that are new and removes the ones that
 * are gone: registry work is proportional to what changed. Updates are serialized by the caller.
 */
final class MeterSet {

  private static final Logger log = LoggerFactory.getLogger(MeterSet.class);
  private static final String[] NO_CONSTANTS = {};

  private final MeterRegistry registry;
  private final KlagMetrics.Settings settings;
  private final Map<SeriesKey, Cell> cells = new HashMap<>();
  private final ReadPins pins = new ReadPins(System::nanoTime);
  private volatile View current = View.EMPTY;
  private int[] freeSlots = new int[16];
  private int freeCount;
  private int slotLimit;
  private long publication;
  private long lastCellId;
  private boolean registrationFailed;

  MeterSet(MeterRegistry registry, KlagMetrics.Settings settings) {
    this.registry = registry;
    this.settings = settings;
  }

  double read(Cell cell) {
    return pins.viewFor(cell.slot, current).valueOf(cell);
  }

  /** Makes the registry show {@code snapshot}. */
  void apply(LagSnapshot snapshot) {
    ViewBuilder view = new ViewBuilder(++publication);
    for (ClusterLag c : snapshot.clusters().values()) {
      LagSeries.visit(c, settings.partitionSeries(), settings.memberLabels(), NO_CONSTANTS, view);
    }
    current = new View(view.values, view.ids);
    pins.release();
    for (Iterator<Cell> it = cells.values().iterator(); it.hasNext(); ) {
      Cell cell = it.next();
      if (cell.seenIn != view.publication) {
        it.remove();
        remove(cell);
      }
    }
    for (Cell cell : view.added) {
      try {
        cell.meter = register(cell);
      } catch (RuntimeException e) {
        // the registry threw (Micrometer's own registries log a conflicting meter and return a no-op);
        // the series stays unregistered while it exists, and the others are unaffected
        if (!registrationFailed) {
          registrationFailed = true;
          log.warn("klag: the registry refused meter {}; further refusals are logged at debug", cell.key, e);
        } else {
          log.debug("klag: the registry refused meter {}", cell.key, e);
        }
      }
    }
  }

  /** Collects one snapshot's values by slot, creating cells for series not seen before. */
  private final class ViewBuilder implements LagSeries.Visitor {
    final long publication;
    final List<Cell> added = new ArrayList<>();
    double[] values = new double[Math.max(16, slotLimit)];
    long[] ids = new long[values.length];

    ViewBuilder(long publication) {
      this.publication = publication;
    }

    @Override
    public void series(LagSeries series, String[] labelValues, double value) {
      SeriesKey key = new SeriesKey(series, labelValues);
      Cell cell = cells.get(key);
      if (cell == null) {
        cell = new Cell(key, ++lastCellId, allocateSlot(), MeterSet.this);
        cells.put(key, cell);
        added.add(cell);
      }
      cell.seenIn = publication;
      if (cell.slot >= values.length) {
        int n = Math.max(values.length * 2, cell.slot + 1);
        values = Arrays.copyOf(values, n);
        ids = Arrays.copyOf(ids, n);
      }
      values[cell.slot] = value;
      ids[cell.slot] = cell.id;
    }
  }

  /** Removes every meter this set registered. */
  void removeAll() {
    for (Cell cell : cells.values()) {
      remove(cell);
    }
    cells.clear();
    current = View.EMPTY;
  }

  int size() {
    return cells.size();
  }

  private Meter register(Cell cell) {
    LagSeries s = cell.key.series;
    String name = s.baseName(settings.names().name(s));
    Tags tags = tags(s, cell.key.labelValues);
    if (s.counter()) {
      return FunctionCounter.builder(name, cell, Cell::read)
          .description(s.help()).baseUnit(s.unit()).tags(tags).register(registry);
    }
    return Gauge.builder(name, cell, Cell::read)
        .description(s.help()).baseUnit(s.unit()).tags(tags).strongReference(true).register(registry);
  }

  private Tags tags(LagSeries s, String[] values) {
    List<String> keys = s.scope().labels();
    List<Tag> tags = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      tags.add(Tag.of(i < keys.size() ? keys.get(i) : LagSeries.MEMBER_LABELS.get(i - keys.size()), values[i]));
    }
    return Tags.of(tags).and(settings.tags());
  }

  private void remove(Cell cell) {
    if (cell.meter != null) {
      registry.remove(cell.meter);
      cell.meter = null;
    }
    freeSlot(cell.slot);
  }

  private int allocateSlot() {
    return freeCount > 0 ? freeSlots[--freeCount] : slotLimit++;
  }

  private void freeSlot(int slot) {
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
  }
}
