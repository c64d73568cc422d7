/**
 * SpikeMonitor: records the index and time of every spike of a group (after its threshold, in the
 * same step), counts per neuron, and optionally the values of variables at spike time — an
 * {@link EventMonitor} on the event `'spike'`, as in Brian.
 */
import type { SpikeSource } from '../sim-object.js';
import { EventMonitor, type EventMonitorOptions } from './event-monitor.js';

export type SpikeMonitorOptions = EventMonitorOptions;

export class SpikeMonitor extends EventMonitor {
  constructor(source: SpikeSource & { readonly order?: number }, name: string, options: SpikeMonitorOptions = {}) {
    super(source, 'spike', name, options, 'SpikeMonitor');
  }

  protected override copyFor(source: SpikeSource, name: string): SpikeMonitor {
    return new SpikeMonitor(source, name, this.options);
  }

  get numSpikes(): number {
    return this.numEvents;
  }

  /** Spike times per neuron: `spikeTrains()[i]` holds the times of neuron i, in order. */
  spikeTrains(): Float64Array[] {
    return this.eventTrains();
  }
}
