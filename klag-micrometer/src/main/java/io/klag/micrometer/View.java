package io.klag.micrometer;

/**
 * The values of one published snapshot, by meter slot. {@code owners[slot]} is the cell the value
 * belongs to, so a slot reused by a newer meter never hands its value to an older one.
 */
final class View {

  static final View EMPTY = new View(new double[0], new Cell[0]);

  final double[] values;
  final Cell[] owners;

  View(double[] values, Cell[] owners) {
    this.values = values;
    this.owners = owners;
  }

  /** The value of {@code cell}, or NaN if this view does not hold it. */
  double valueOf(Cell cell) {
    int slot = cell.slot;
    return slot < owners.length && owners[slot] == cell ? values[slot] : Double.NaN;
  }
}
