/**
 * One asynchronous operation (a sign-in, a token exchange) shared by the concurrent calls that need
 * its result, each with its own AbortSignal. A caller's abort ends its own wait only: the operation
 * is aborted once every caller waiting on it has aborted (a caller without a signal never does),
 * so one caller's abort never fails the others.
 */
export class SharedCall<T> {
  private readonly controller = new AbortController();
  /** Callers waiting with a signal not yet aborted; Infinity once one waits without a signal. */
  private waiting = 0;
  /** The operation's own result (the callers' waits end earlier on their own abort). */
  readonly result: Promise<T>;

  constructor(run: (signal: AbortSignal) => Promise<T>) {
    this.result = Promise.resolve().then(() => run(this.controller.signal));
    // (a failure is each caller's to see, through join; nobody may be waiting any more)
    this.result.catch(() => undefined);
  }

  /** Whether every caller gave up and the operation was aborted: a new caller starts a new one. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /** Wait for the result, or for `signal`'s abort (rejects with its reason). */
  join(signal?: AbortSignal): Promise<T> {
    if (signal === undefined) {
      this.waiting = Infinity;
      return this.result;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (--this.waiting === 0) this.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.result.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
