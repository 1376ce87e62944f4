import type { SingleBar } from 'cli-progress';

/** One account of a batch done, for a terminal progress bar. */
export interface AccountProgress {
  readonly total: number;
  readonly done: number;
  readonly username: string;
}

/** An `onProgress` callback that drives `bar` (started on the first report), or does nothing without one. */
export function progressTo(bar: SingleBar | undefined): (p: AccountProgress) => void {
  let started = false;
  return (p) => {
    if (!bar) return;
    if (!started) {
      bar.start(p.total, 0, { username: '' });
      started = true;
    }
    bar.update(p.done, { username: p.username });
  };
}
