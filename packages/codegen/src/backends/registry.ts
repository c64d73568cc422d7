/** Backends by name. `js` is built in; others register themselves (the gpujs module on import). */
import type { Backend } from './backend.js';
import { jsBackend } from './js/js-backend.js';

const registry = new Map<string, Backend>([[jsBackend.name, jsBackend]]);

/** Adds a backend; names are unique. */
export function registerBackend(backend: Backend): void {
  if (registry.has(backend.name)) throw new Error(`a backend named '${backend.name}' is already registered`);
  registry.set(backend.name, backend);
}

export function getBackend(name: string): Backend {
  const b = registry.get(name);
  if (!b) throw new Error(`unknown backend '${name}'; available: ${[...registry.keys()].join(', ')}`);
  return b;
}

export function backendNames(): string[] {
  return [...registry.keys()];
}
