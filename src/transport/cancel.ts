/**
 * Per-call cancellation without an AbortController on the hot path. Node's AbortSignal listeners
 * cost more than the rest of a request's bookkeeping together, so the transport cancels through
 * this plain object: one waiter at a time (the HTTP attempt, a back-off sleep, a login), which
 * matches the strictly sequential retry loop. An AbortSignal is made only when a replaced
 * HttpClient needs one.
 */
export class Cancellation {
  cancelled = false;
  reason: unknown = undefined;
  #waiter: ((reason: unknown) => void) | undefined;
  #controller: AbortController | undefined;

  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    this.#controller?.abort(reason);
    waiter?.(reason);
  }

  /** Registers the one current waiter (replacing any previous one); undefined clears it. */
  wait(waiter: ((reason: unknown) => void) | undefined): void {
    this.#waiter = waiter;
  }

  /** An AbortSignal mirroring this cancellation, created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.cancelled) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }
}

/** Resolves after `ms`, or rejects as soon as the call is cancelled. */
export function sleep(ms: number, cancel: Cancellation | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    if (cancel?.cancelled === true) {
      reject(new Error('cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      cancel?.wait(undefined);
      resolve();
    }, ms);
    cancel?.wait(() => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    });
  });
}

/** Settles with `promise`, or rejects as soon as the call is cancelled. */
export function race<T>(promise: Promise<T>, cancel: Cancellation | undefined): Promise<T> {
  if (cancel === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    if (cancel.cancelled) {
      reject(new Error('cancelled'));
      return;
    }
    cancel.wait(() => reject(new Error('cancelled')));
    promise.then(
      (value) => {
        cancel.wait(undefined);
        resolve(value);
      },
      (err: unknown) => {
        cancel.wait(undefined);
        reject(err);
      },
    );
  });
}
