import type { DbOrTx } from './db/client.ts';

/**
 * Issue 17: how one capability reacts to another's event without importing it, so dependencies run one
 * way. The capability that has the event declares the hook and its payload; the capability that reacts
 * registers a handler when the app boots (src/app/boot.ts); the event's use case emits inside its own
 * transaction, so the reaction commits or rolls back with the change.
 *
 * Handlers are keyed by who registers them: registering again (a second app in the same process, as
 * in the tests) replaces the handler, never doubles it. A `required` hook refuses to emit with no
 * handler, so a reaction the mission demands (a delivered computer enters the register, R-5.1) can
 * never be skipped silently by an app that forgot to wire it.
 */
export class Hook<Event> {
  readonly #handlers = new Map<string, (tx: DbOrTx, event: Event) => Promise<void>>();

  constructor(
    readonly name: string,
    private readonly options: { required?: boolean } = {},
  ) {}

  /** Registers (or replaces) the reaction of `key`, e.g. `surveys`. */
  on(key: string, handler: (tx: DbOrTx, event: Event) => Promise<void>): void {
    this.#handlers.set(key, handler);
  }

  /** Runs every registered reaction in `tx`, in registration order. */
  async emit(tx: DbOrTx, event: Event): Promise<void> {
    if (this.options.required && this.#handlers.size === 0) throw new Error(`hook ${this.name} has no handler: register it in src/app/boot.ts`);
    for (const handler of this.#handlers.values()) await handler(tx, event);
  }
}
