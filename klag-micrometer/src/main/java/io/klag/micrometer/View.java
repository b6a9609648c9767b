package io.klag.micrometer;

/**
 * The values of one published snapshot, by meter slot. {@code ids[slot]} is the id of the cell the
 * value belongs to (0 for none), so a slot reused by a newer meter never hands its value to an
 * older one. A view references no cell: a reading thread that keeps a view pinned keeps nothing
 * else alive.
 */
final class View {

  static final View EMPTY = new View(new double[0], new long[0]);

  final double[] values;
  final long[] ids;

  View(double[] values, long[] ids) {
    this.values = values;
    this.ids = ids;
  }

  /** The value of {@code cell}, or NaN if this view does not hold it. */
  double valueOf(Cell cell) {
    int slot = cell.slot;
    return slot < ids.length && ids[slot] == cell.id ? values[slot] : Double.NaN;
  }
}
