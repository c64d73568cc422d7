/** How diagnostics name a dimension: `volt`, `siemens * metre ** -2`, or `1 (dimensionless)`. */
import { DIMENSIONLESS_TEXT } from '../diagnostics.js';
import { isDimensionless, type Dimension } from './dimension.js';
import { formatDimension } from './unit-table.js';

export function unitText(d: Dimension): string {
  return isDimensionless(d) ? DIMENSIONLESS_TEXT : formatDimension(d);
}
