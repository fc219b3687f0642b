/**
 * Host lifecycle events (`client.on('hostDown', …)`): a tiny typed emitter rather than
 * node:events, so listener types are checked and a throwing listener can never break a request
 * (its error is rethrown on a later tick, where it surfaces as an uncaught exception as it would
 * with EventEmitter).
 */
import type { HostDownReason, HostInfo } from './host.js';

/** The events of {@link ArangoClient.on} and the payload each listener gets. */
export interface ClientEvents {
  /**
   * A host was taken out of rotation. `kind` says why (refused or reset, 503, attempt timeout,
   * latency outlier); `reason` is the detail and never contains credentials.
   */
  hostDown: { host: HostInfo; reason: string; kind: HostDownReason };
  /** A down host answered again (availability probe or a successful request). */
  hostUp: { host: HostInfo };
  /** Discovery added a coordinator. */
  hostAdded: { host: HostInfo };
  /** Discovery removed a coordinator; its connections close once its requests finish. */
  hostRemoved: { host: HostInfo };
  /** A periodic host-list refresh failed; the old list stays in use. */
  discoveryError: { error: Error };
}

/** The names of the events {@link ArangoClient.on} takes. */
export type ClientEventName = keyof ClientEvents;
export type Listener<K extends ClientEventName> = (event: ClientEvents[K]) => void;

export class TypedEmitter {
  readonly #listeners: { [K in ClientEventName]?: Listener<K>[] } = {};

  on<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    const list = (this.#listeners[name] ??= []) as Listener<K>[];
    list.push(listener);
    return this;
  }

  once<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    const wrapper: Listener<K> = (event) => {
      this.off(name, wrapper);
      listener(event);
    };
    return this.on(name, wrapper);
  }

  off<K extends ClientEventName>(name: K, listener: Listener<K>): this {
    const list = this.#listeners[name] as Listener<K>[] | undefined;
    const index = list?.indexOf(listener) ?? -1;
    if (list !== undefined && index >= 0) list.splice(index, 1);
    return this;
  }

  emit<K extends ClientEventName>(name: K, event: ClientEvents[K]): void {
    const list = this.#listeners[name] as Listener<K>[] | undefined;
    if (list === undefined || list.length === 0) return;
    for (const listener of [...list]) {
      try {
        listener(event);
      } catch (err) {
        setImmediate(() => {
          throw err;
        });
      }
    }
  }
}
