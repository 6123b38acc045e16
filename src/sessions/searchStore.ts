/**
 * The search index on disk: one file per session in `search/` under the extension's workspace storage, so that a
 * turn rewrites that session's document only (not every session's, as the one `search-index.json` did: 63 MiB at
 * 2,000 sessions of 50 turns), and loading reads and parses one small file at a time, giving the event loop a turn
 * between slices. Every write goes to a temporary file renamed into place: a reader never sees half a file. A file
 * that cannot be read as a document (truncated, damaged) is left out: the session is read from the store again.
 * It is a cache: nothing here is the only copy of anything.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeDocument, encodeDocument, type SearchDocument } from '../core/searchIndex';
import { isValidSessionId } from '../core/sessionId';
import { TimeSlicer } from '../core/timeSlicer';
import { mapLimit } from './indexFiles';

/** The one-file index of earlier versions, deleted once (a cache: the per-session files are rebuilt from the store). */
export const LEGACY_INDEX_FILE = 'search-index.json';
export const SEARCH_DIR = 'search';

export interface StoreLog {
  warn(message: string): void;
}

export interface LoadReport {
  /** Documents read. */
  loaded: number;
  /** Files that were not a document (their sessions are read from the store again). */
  damaged: number;
  bytes: number;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** A session's file name: its id when it is a safe file name (ids are validated that way), else a hash of it. */
export function documentFileName(sessionId: string): string {
  // `~` is not allowed in a session id, so a hashed name never equals an id's.
  return isValidSessionId(sessionId) ? `${sessionId}.json` : `~${createHash('sha256').update(sessionId).digest('hex').slice(0, 32)}.json`;
}

export class SearchStore {
  readonly dir: string;
  private readonly legacyFile: string;
  private tmpCounter = 0;
  private dirMade = false;

  constructor(
    storageDir: string,
    private readonly log: StoreLog,
    private readonly concurrency = 16,
  ) {
    this.dir = path.join(storageDir, SEARCH_DIR);
    this.legacyFile = path.join(storageDir, LEGACY_INDEX_FILE);
  }

  fileOf(sessionId: string): string {
    return path.join(this.dir, documentFileName(sessionId));
  }

  /** Deletes the one-file index of earlier versions, if there is one; true when there was. */
  async removeLegacy(): Promise<boolean> {
    try {
      await rm(this.legacyFile);
      return true;
    } catch (error) {
      if (!isMissing(error)) this.log.warn(`Could not delete the old search index ${this.legacyFile}: ${String(error)}`);
      return false;
    }
  }

  /**
   * Reads every stored document, handing each to `take` as it is parsed; the thread is given back between slices
   * (a file is read off the thread, parsed on it: one document at a time).
   */
  async load(take: (doc: SearchDocument) => void): Promise<LoadReport> {
    const report: LoadReport = { loaded: 0, damaged: 0, bytes: 0 };
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if (isMissing(error)) return report;
      throw error;
    }
    const slicer = new TimeSlicer();
    const leftovers = names.filter((n) => n.startsWith('.') && n.endsWith('.tmp'));
    // A temporary file left by a window that stopped mid-write.
    await mapLimit(leftovers, this.concurrency, (n) => rm(path.join(this.dir, n), { force: true }).catch(() => undefined));
    await mapLimit(
      names.filter((n) => !n.startsWith('.') && n.endsWith('.json')),
      this.concurrency,
      async (name) => {
        let text: string;
        try {
          text = await readFile(path.join(this.dir, name), 'utf8');
        } catch (error) {
          if (!isMissing(error)) this.log.warn(`Could not read the search document ${name}: ${String(error)}`);
          return;
        }
        await slicer.pause();
        const doc = decodeDocument(text);
        // A document under another session's name is not trusted either.
        if (!doc || documentFileName(doc.sessionId) !== name) {
          report.damaged++;
          this.log.warn(`The search document ${name} is damaged; its session is read from the session store again.`);
          return;
        }
        report.loaded++;
        report.bytes += Buffer.byteLength(text);
        take(doc);
      },
    );
    return report;
  }

  /** Writes one session's document (temporary file, then rename); returns the bytes written. Throws when the disk refuses. */
  async write(doc: SearchDocument): Promise<number> {
    const text = encodeDocument(doc);
    const file = this.fileOf(doc.sessionId);
    const tmp = path.join(this.dir, `.${path.basename(file)}.${process.pid}.${++this.tmpCounter}.tmp`);
    try {
      if (!this.dirMade) await mkdir(this.dir, { recursive: true });
      this.dirMade = true;
      try {
        await writeFile(tmp, text);
      } catch (error) {
        // The folder was deleted since (the storage cleared): made again once.
        if (!isMissing(error)) throw error;
        await mkdir(this.dir, { recursive: true });
        await writeFile(tmp, text);
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
    return Buffer.byteLength(text);
  }

  async remove(sessionIds: readonly string[]): Promise<void> {
    await mapLimit(sessionIds, this.concurrency, (id) => rm(this.fileOf(id), { force: true }));
  }
}
