/** Dimensions the runtime checks arguments against. */
import { dim } from '@neurite/parser';

export const SECOND = dim({ second: 1 });
export const HERTZ = dim({ second: -1 });
export const DIMENSIONLESS = dim({});
