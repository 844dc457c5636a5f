/** A mutual-exclusion lock for async sections: each `run` starts after the previous one ended. The control plane keeps
 * its ledger and the store in step with it (an evaluation reserves, then awaits the store's answer). */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(f: () => Promise<T>): Promise<T> {
    const next = this.tail.then(f, f);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
