/**
 * What klag exports, independent of any metrics library: {@link io.klag.export.LagSeries}, the
 * table of series both registry adapters render, and {@link io.klag.export.SeriesNames}, their
 * validated names. Adapter authors start here.
 */
@NullMarked
package io.klag.export;

import org.jspecify.annotations.NullMarked;
