/**
 * Custom events (Brian's `events={'up': 'v > -55*mV'}`): the per-step list of the elements that had
 * an event, seen by other objects (synapse pathways, event monitors) as a {@link SpikeSource}.
 *
 * Brian keeps one "event space" per event (`_spikespace`, `_upspace`, ...); here `spike` is the
 * group itself (its `spikes` / `spikeCount`) and every custom event is an {@link EventSpace} that
 * shares the group's variables and storage but lists its own indices.
 */
import type { GroupVariables } from '@neurite/parser';
import { ValueError } from '../quantity.js';
import type { SpikeSource } from '../sim-object.js';

/** What an event space needs from its group. */
export interface EventOwner {
  readonly name: string;
  readonly N: number;
  readonly offset: number;
  readonly variables: GroupVariables;
  readonly order?: number;
  array(name: string): Float64Array | Int32Array | Uint8Array;
}

/**
 * The elements that had one custom event in the current step: `spikes[0 .. spikeCount)`, in
 * increasing order, valid from the event's check (slot `after_thresholds` by default) until the
 * next check. Variables and storage are the group's, so synapses and monitors index them as usual.
 */
export class EventSpace implements SpikeSource {
  spikeCount = 0;

  constructor(
    private readonly owner: EventOwner,
    /** The event's name (`'up'`). */
    readonly event: string,
    /** Storage for the indices: N elements, allocated by the owner (in its WebAssembly arena). */
    readonly spikes: Int32Array,
  ) {}

  /** `<group>.<event>`, as in error messages and operation names. */
  get name(): string {
    return `${this.owner.name}.${this.event}`;
  }

  get N(): number {
    return this.owner.N;
  }

  get offset(): number {
    return this.owner.offset;
  }

  get variables(): GroupVariables {
    return this.owner.variables;
  }

  /** Schedule order of the owner (an event monitor runs right after the event's check). */
  get order(): number {
    return this.owner.order ?? 0;
  }

  array(name: string): Float64Array | Int32Array | Uint8Array {
    return this.owner.array(name);
  }

  spikesAt(_tick: number): number {
    return this.spikeCount;
  }
}

/** Event names are identifiers (they name operations and Brian's `_<name>space`). */
export function checkEventName(owner: string, event: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(event)) {
    throw new ValueError(`${owner}: '${event}' cannot be an event name; use an identifier (letters, digits, '_', starting with a letter)`);
  }
  if (event === 'spike') throw new ValueError(`${owner}: the event 'spike' is defined by the 'threshold' option, not in 'events'`);
}

/**
 * The view of `event` on `source` for an object that listens to it (`who`: `"EventMonitor 'm'"`):
 * the source itself for `'spike'`, otherwise its {@link SpikeSource.eventSource}. Throws, naming
 * the source and listing its events, when the source has no such event.
 */
export function eventSourceOf(source: SpikeSource, event: string, who: string): SpikeSource {
  if (event === 'spike') return source;
  if (source.eventSource) return source.eventSource(event, who);
  throw new ValueError(`${who}: '${source.name}' has no event '${event}'; its only event is 'spike'`);
}
