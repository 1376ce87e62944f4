/**
 * Runs tasks one at a time in call order: a store's writes within one process.
 * (Across processes, each engine adds its own guard at commit.)
 */
export class WriteQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.then(settled, settled);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  drained(): Promise<void> {
    return this.#tail.then(settled);
  }
}

function settled(): void {}
