/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise one plain
 * line per stage (so logs and CI output stay readable).
 */
import type { ProgressListener } from '../core/ports';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  listener: ProgressListener;
  /** A line of its own (a note or the end of a stage). */
  note(text: string): void;
  /** End the bar's line, if one is drawn. */
  done(): void;
}

const WIDTH = 24;

export function createProgress(stream: ProgressStream): Progress {
  let lastStage = '';
  let barShown = false;
  const endBar = () => {
    if (barShown) {
      stream.write('\n');
      barShown = false;
    }
  };
  return {
    listener(stage, done, total) {
      if (stream.isTTY) {
        const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
        const filled = Math.round(frac * WIDTH);
        const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${stage}`;
        const max = (stream.columns ?? 80) - 1;
        stream.write(`\r${line.slice(0, max).padEnd(max)}`);
        barShown = true;
        return;
      }
      if (stage !== lastStage) {
        lastStage = stage;
        stream.write(`${stage}…\n`);
      }
    },
    note(text) {
      endBar();
      stream.write(`${text}\n`);
    },
    done: endBar,
  };
}
