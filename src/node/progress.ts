/** A progress bar on stderr while a job runs, shown only on a terminal (never in pipes, CI or --json). */
import { SingleBar } from 'cli-progress';
import type { Io } from './cli-support';

export class Progress {
  private bar: SingleBar | null = null;
  private done = 0;

  constructor(io: Io, wanted: boolean, private readonly total: number) {
    if (!wanted || !io.isTTY) return;
    this.bar = new SingleBar({
      format: '{bar} {value}/{total} {step}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    this.bar.start(total, 0, { step: '開始' });
  }

  step(name: string): void {
    this.done = Math.min(this.done + 1, this.total);
    this.bar?.update(this.done, { step: name });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
