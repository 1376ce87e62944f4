import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * Lets a writer process (which prints `ack N` after each durable commit) run
 * until it has acknowledged `atLeast` writes, then kills it with SIGKILL.
 * Resolves, once it has exited, with the last number it acknowledged and the
 * signal that ended it.
 */
export async function killAfterAcks(
  writer: ChildProcessByStdio<null, Readable, null>,
  atLeast: number,
): Promise<{ acked: number; signal: NodeJS.Signals | null }> {
  let acked = 0;
  let buffered = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    writer.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    writer.on('exit', () => reject(new Error('the writer died before it was killed')));
    writer.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acked = Number(line.slice(4));
      if (acked >= atLeast) {
        writer.kill('SIGKILL');
        resolve();
      }
    });
  });
  return { acked, signal: await exited };
}
