/**
 * Outputs are written whole or not at all: to a temporary file beside the target (same folder,
 * so the rename cannot cross disks), every write's result checked (a short write is retried, a
 * write that makes no progress is a full disk), fsync, rename over the target. Any failure
 * removes the temporary file and leaves an earlier output as it was; an interrupted run
 * (SIGINT/SIGTERM) removes it too (`removePendingTemporaries`, called by the command line's
 * signal handler).
 *
 * `writeOps` is the one door to the disk: tests replace its functions to inject faults (a short
 * write, ENOSPC, EIO at fsync) into the real write path.
 */
import { lstatSync, realpathSync, rmSync, statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { InputFileError } from './errors';

/** A file written at positions (what ZipStreamWriter and the JSON writer need). */
export interface PositionalFile {
  write(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number }>;
}

/** The disk operations of the write path (replaced by tests to inject faults). */
export const writeOps = {
  write: (fh: FileHandle, buf: Buffer, offset: number, length: number, position: number) =>
    fh.write(buf, offset, length, position),
  sync: (fh: FileHandle) => fh.sync(),
  rename: (from: string, to: string) => fs.rename(from, to),
};

/** Temporary files being written now (removed on failure and by the signal handler). */
const pending = new Set<string>();

/** Remove every temporary file still being written (synchronously: for a signal handler). */
export function removePendingTemporaries(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

/** A file whose every write goes in whole or throws (ENOSPC when the disk takes nothing). */
function checkedFile(fh: FileHandle): PositionalFile {
  return {
    async write(buffer, offset, length, position) {
      let done = 0;
      while (done < length) {
        const { bytesWritten } = await writeOps.write(
          fh,
          buffer,
          offset + done,
          length - done,
          position + done,
        );
        if (!(bytesWritten > 0))
          throw Object.assign(new Error('no space left on device (a write made no progress)'), {
            code: 'ENOSPC',
          });
        done += bytesWritten;
      }
      return { bytesWritten: length };
    },
  };
}

/** A file-system refusal as one sentence saying what to do (other errors are returned as they are). */
export function cannotWrite(outPath: string, err: unknown): Error {
  if (err instanceof InputFileError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err as Error;
  return new InputFileError(
    'CANNOT_WRITE',
    `Could not write ${outPath}: ${fileProblem(code, err)}.`,
  );
}

/** What an errno means for a person, and what to do. */
export function fileProblem(code: string, err?: unknown): string {
  switch (code) {
    case 'EBUSY':
    case 'EPERM':
      return 'the file is in use (close it in Excel) or protected; close it or choose another name';
    case 'EACCES':
    case 'EROFS':
      return 'there is no permission to write there; choose a folder you can write to';
    case 'EISDIR':
      return 'it is a folder; name a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder; check the path';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full; free some space or write to another disk';
    case 'ENAMETOOLONG':
      return 'the name is too long for the disk; choose a shorter name';
    case 'ENOENT':
      return 'the folder does not exist; check the path';
    case 'EIO':
      return 'the disk reported an input/output error; try another disk';
    default:
      return `the system refused (${code}${err instanceof Error ? `: ${err.message}` : ''})`;
  }
}

/** An output written in full to its temporary file: `commit` renames it over the target. */
export interface PreparedFile {
  commit(): Promise<void>;
  /** Remove the temporary file (the target is left as it was). */
  abort(): Promise<void>;
}

/**
 * Write `outPath` whole or not at all. `fill` writes through a file whose every write is checked.
 * The target, when it exists, must be a writable file (a read-only output is refused, not
 * replaced).
 */
export async function writeFileAtomically(
  outPath: string,
  fill: Buffer | ((file: PositionalFile) => Promise<void>),
): Promise<void> {
  await (await prepareFileAtomically(outPath, fill)).commit();
}

/**
 * The first half of writeFileAtomically: the temporary file written, checked and synced, not yet
 * renamed. A run with two outputs prepares both and commits them at the end, so a failure of
 * either leaves no output of that run behind.
 */
export async function prepareFileAtomically(
  outPath: string,
  fill: Buffer | ((file: PositionalFile) => Promise<void>),
): Promise<PreparedFile> {
  const dir = path.dirname(path.resolve(outPath));
  const tmp = path.join(
    dir,
    `.${path.basename(outPath).slice(0, 100)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  const abort = async () => {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    pending.delete(tmp);
  };
  let fh: FileHandle | null = null;
  try {
    assertWritableTarget(outPath);
    await fs.mkdir(dir, { recursive: true });
    pending.add(tmp);
    fh = await fs.open(tmp, 'wx');
    const file = checkedFile(fh);
    if (Buffer.isBuffer(fill)) await file.write(fill, 0, fill.length, 0);
    else await fill(file);
    await writeOps.sync(fh);
    await fh.close();
    fh = null;
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await abort();
    throw cannotWrite(outPath, err);
  }
  return {
    abort,
    async commit() {
      try {
        await writeOps.rename(tmp, outPath);
        pending.delete(tmp);
      } catch (err) {
        await abort();
        throw cannotWrite(outPath, err);
      }
    },
  };
}

/** A target that exists must be a file that may be written (read-only or a folder is refused). */
export function assertWritableTarget(outPath: string): void {
  let st;
  try {
    st = statSync(outPath);
  } catch {
    return; // not there yet: the folder decides
  }
  if (st.isDirectory())
    throw new InputFileError(
      'CANNOT_WRITE',
      `Could not write ${outPath}: it is a folder; name a file.`,
    );
  if (!st.isFile())
    throw new InputFileError(
      'CANNOT_WRITE',
      `Could not write ${outPath}: it is not a regular file (a device or pipe); name a file.`,
    );
  if ((st.mode & 0o222) === 0)
    throw new InputFileError(
      'OUTPUT_READ_ONLY',
      `${outPath} is read-only; Throughline does not replace a read-only file. Make it writable or choose another name.`,
    );
}

/** The real path of a file, or of its folder plus its name when the file is not there yet. */
function realOrParent(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Whether the folder's disk folds case (a name in other letters finds the same file). */
function foldsCase(file: string): boolean {
  const base = path.basename(file);
  const swapped = base.replace(/[a-zA-Z]/g, (c) =>
    c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
  );
  if (swapped === base) return false;
  try {
    const a = lstatSync(file);
    const b = lstatSync(path.join(path.dirname(file), swapped));
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

function sameFile(out: string, input: string): boolean {
  try {
    const a = statSync(out);
    const b = statSync(input);
    if (a.dev === b.dev && a.ino === b.ino) return true;
  } catch {
    // the output is not there yet: compare names
  }
  const ro = realOrParent(out);
  const ri = realOrParent(input);
  if (ro === ri) return true;
  return (
    path.dirname(ro) === path.dirname(ri) && ro.toLowerCase() === ri.toLowerCase() && foldsCase(ri)
  );
}

/**
 * Refuse an output that is an input, before anything is read: the same file (device and inode:
 * a hard link or a symlink), the same real path (`/proc/self/cwd/…`, `..`), or the same name in
 * other letters on a disk that folds case.
 */
export function assertNotAnInput(outPath: string, inputFiles: string[], option = '--out'): void {
  for (const f of inputFiles) {
    if (sameFile(outPath, f)) {
      throw new InputFileError(
        'OUT_IS_INPUT',
        `${option} ${outPath} is the input ${f}; Throughline never writes its inputs. Choose another output file.`,
        true,
      );
    }
  }
}
