/**
 * What Copilot's file tools changed, turn by turn, and Undo/Keep for it. Our own snapshot, not the runtime's rewind:
 * rewind also truncates the conversation (Undo must keep it) and cannot undo one older turn alone. A file's content
 * is kept before its first write in a turn (when the tool starts, and again when it asks for permission, which comes
 * before the write) and after every write; both sit in the extension's storage, one folder per session, one small
 * JSON per turn plus the contents as files. Undo compares the file on disk with the turn's after-content: a file
 * changed since (by the user or a later turn) is never overwritten without asking.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { FileSnapshot } from '../core/fileChanges';
import { Emitter } from '../core/emitter';
import type { FileChangeState, HistoryItem } from '../shared/protocol';
import type { LiveSessionUpdate } from './liveSession';
import type { Logger } from '../client/sharedClient';

/** Larger files are listed but not kept: their Undo says so. */
export const MAX_SNAPSHOT_BYTES = 2_000_000;
/** Turns kept per session; older ones lose their Undo. */
const MAX_TURNS_PER_SESSION = 100;
const FILE_TOOLS = new Set(['create', 'edit']);
export const BEFORE_SCHEME = 'copilot-sessions-before';

interface FileRecord {
  /** Which content files exist: `<n>.before` / `<n>.after`; null: no file there; 'big': not kept. */
  before: 'kept' | null | 'big';
  after: 'kept' | null | 'big' | 'pending';
  n: number;
}
interface TurnRecord {
  version: 1;
  state: 'pending' | 'kept' | 'undone';
  created: number;
  files: Record<string, FileRecord>;
}

const safe = (id: string) => id.replace(/[^\w.-]/g, '_');

function readOrNull(file: string): Uint8Array | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

export class FileChanges implements vscode.Disposable {
  private readonly turns = new Map<string, TurnRecord>();
  private readonly currentTurn = new Map<string, string>();
  /** Running file tools' paths, by session and call id. */
  private readonly running = new Map<string, string>();
  private readonly changes = new Emitter<{ sessionId: string; turnId: string }>();
  /** A turn's record changed (a new file, Undo, Keep): its list and the session's count are shown again. */
  readonly onDidChange = this.changes.event;
  private writes = Promise.resolve();
  private readonly pendingBySession = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly log: Logger,
    /** A turn of ours is in flight: only then are files snapshotted (never for events the runtime may replay). */
    private readonly turnRunning: (sessionId: string) => boolean,
  ) {}

  /** Hooked on every live session's updates (SessionRegistry.onDidUpdateSession). */
  observe(sessionId: string, update: LiveSessionUpdate): void {
    if (!this.turnRunning(sessionId)) return;
    if (update.kind === 'permissionAsked') {
      const request = update.request as { kind: string; fileName?: unknown };
      const turnId = this.currentTurn.get(sessionId);
      if (request.kind === 'write' && typeof request.fileName === 'string' && turnId) this.before(sessionId, turnId, request.fileName);
      return;
    }
    if (update.kind !== 'event') return;
    const event = update.event;
    switch (event.type) {
      case 'user.message':
        this.currentTurn.set(sessionId, event.id);
        return;
      case 'tool.execution_start': {
        const target = (event.data.arguments as { path?: unknown } | undefined)?.path;
        const turnId = this.currentTurn.get(sessionId);
        if (!FILE_TOOLS.has(event.data.toolName) || typeof target !== 'string' || !path.isAbsolute(target) || !turnId) return;
        this.running.set(`${sessionId}\0${event.data.toolCallId}`, target);
        // Synchronously: the tool may write as soon as its permission is granted.
        this.before(sessionId, turnId, target);
        return;
      }
      case 'tool.execution_complete': {
        const key = `${sessionId}\0${event.data.toolCallId}`;
        const target = this.running.get(key);
        this.running.delete(key);
        const turnId = this.currentTurn.get(sessionId);
        if (!target || !turnId) return;
        if (event.data.success) this.after(sessionId, turnId, target);
        else this.forgetUnwritten(sessionId, turnId, target);
        return;
      }
    }
  }

  private dir(sessionId: string): string {
    return path.join(this.root, safe(sessionId));
  }

  private recordFile(sessionId: string, turnId: string): string {
    return path.join(this.dir(sessionId), `${safe(turnId)}.json`);
  }

  private contentFile(sessionId: string, turnId: string, n: number, side: 'before' | 'after'): string {
    return path.join(this.dir(sessionId), safe(turnId), `${n}.${side}`);
  }

  private record(sessionId: string, turnId: string): TurnRecord | undefined {
    const key = `${sessionId}\0${turnId}`;
    const cached = this.turns.get(key);
    if (cached) return cached;
    const file = this.recordFile(sessionId, turnId);
    if (!existsSync(file)) return undefined;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as TurnRecord;
      if (record.version !== 1 || typeof record.files !== 'object') return undefined;
      this.turns.set(key, record);
      return record;
    } catch (error) {
      this.log.warn(`File changes of ${sessionId}/${turnId} unreadable: ${String(error)}`);
      return undefined;
    }
  }

  /** The content before the turn's first write of this file (read synchronously: the write may follow at once). */
  private before(sessionId: string, turnId: string, file: string): void {
    const key = `${sessionId}\0${turnId}`;
    let record = this.record(sessionId, turnId);
    if (!record) {
      record = { version: 1, state: 'pending', created: Date.now(), files: {} };
      this.turns.set(key, record);
      this.prune(sessionId);
    }
    if (record.files[file]) return;
    this.pendingBySession.delete(sessionId);
    const n = Math.max(-1, ...Object.values(record.files).map((f) => f.n)) + 1;
    let size = -1;
    try {
      size = statSync(file).size;
    } catch {
      // Not there yet: the tool creates it.
    }
    const content = size >= 0 && size <= MAX_SNAPSHOT_BYTES ? readOrNull(file) : null;
    record.files[file] = { n, before: size < 0 ? null : size > MAX_SNAPSHOT_BYTES ? 'big' : 'kept', after: 'pending' };
    const target = this.contentFile(sessionId, turnId, n, 'before');
    if (content) {
      mkdirSync(path.dirname(target), { recursive: true });
      this.queue(() => writeFile(target, content));
    }
    this.save(sessionId, turnId, record);
  }

  private after(sessionId: string, turnId: string, file: string): void {
    const record = this.record(sessionId, turnId);
    const entry = record?.files[file];
    if (!record || !entry) return;
    this.queue(async () => {
      let content: Buffer | null = null;
      try {
        content = await readFile(file);
      } catch {
        // The tool failed, or removed it.
      }
      entry.after = content === null ? null : content.length > MAX_SNAPSHOT_BYTES ? 'big' : 'kept';
      const target = this.contentFile(sessionId, turnId, entry.n, 'after');
      if (entry.after === 'kept' && content) {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, content);
      } else await rm(target, { force: true });
      await this.write(sessionId, turnId, record);
      this.changed(sessionId, turnId);
    });
  }

  /** A tool that failed (or was denied) wrote nothing: a file no earlier call of the turn wrote is not listed. */
  private forgetUnwritten(sessionId: string, turnId: string, file: string): void {
    const record = this.record(sessionId, turnId);
    if (record?.files[file]?.after !== 'pending') return;
    delete record.files[file];
    this.pendingBySession.delete(sessionId);
    if (Object.keys(record.files).length) return this.save(sessionId, turnId, record);
    this.turns.delete(`${sessionId}\0${turnId}`);
    const dir = this.dir(sessionId);
    this.queue(async () => {
      await rm(this.recordFile(sessionId, turnId), { force: true });
      await rm(path.join(dir, safe(turnId)), { recursive: true, force: true });
    });
  }

  private save(sessionId: string, turnId: string, record: TurnRecord): void {
    this.queue(() => this.write(sessionId, turnId, record));
  }

  private async write(sessionId: string, turnId: string, record: TurnRecord): Promise<void> {
    const file = this.recordFile(sessionId, turnId);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(record));
    await rename(temp, file);
  }

  /** Writes run one after the other, so a record never lands before the contents it names. */
  private queue(work: () => Promise<unknown>): void {
    this.writes = this.writes.then(work).then(
      () => undefined,
      (error: unknown) => this.log.warn(`File changes: ${String(error)}`),
    );
  }

  private changed(sessionId: string, turnId: string): void {
    this.pendingBySession.delete(sessionId);
    this.changes.fire({ sessionId, turnId });
  }

  /** Waits for the snapshots being written (tests, Undo). */
  flushed(): Promise<void> {
    return this.writes;
  }

  private prune(sessionId: string): void {
    const dir = this.dir(sessionId);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    } catch {
      return;
    }
    if (names.length < MAX_TURNS_PER_SESSION) return;
    const byAge = names.map((n) => ({ n, at: statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => a.at - b.at);
    for (const { n } of byAge.slice(0, names.length - MAX_TURNS_PER_SESSION + 1)) {
      rmSync(path.join(dir, n), { force: true });
      rmSync(path.join(dir, n.slice(0, -5)), { recursive: true, force: true });
    }
  }

  /** What the panel shows for a turn's list. */
  state(sessionId: string, turnId: string): FileChangeState {
    return this.record(sessionId, turnId)?.state ?? 'untracked';
  }

  /** A `changes` item with its state; other items as they are. */
  decorate(sessionId: string, item: HistoryItem): HistoryItem {
    return item.kind === 'changes' ? { ...item, state: this.state(sessionId, item.turnId) } : item;
  }

  /** Files a session's turns changed and the user has not kept or undone yet (the Sessions view's count). */
  pendingFiles(sessionId: string): number {
    const cached = this.pendingBySession.get(sessionId);
    if (cached !== undefined) return cached;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir(sessionId)).filter((n) => n.endsWith('.json'));
    } catch {
      // No changes kept for it.
    }
    // Per turn, since a file changed in two turns is two changes to review; records in memory are newer than disk.
    let count = 0;
    for (const name of names) {
      const record = this.record(sessionId, name.slice(0, -5));
      if (record?.state === 'pending') count += Object.keys(record.files).length;
    }
    this.pendingBySession.set(sessionId, count);
    return count;
  }

  private snapshot(sessionId: string, turnId: string, file: string): FileSnapshot | undefined {
    const entry = this.record(sessionId, turnId)?.files[file];
    if (!entry) return undefined;
    const side = (s: 'before' | 'after', kind: FileRecord['before'] | FileRecord['after']) =>
      kind === null ? null : kind === 'kept' ? (readOrNull(this.contentFile(sessionId, turnId, entry.n, s)) ?? undefined) : undefined;
    return { path: file, before: side('before', entry.before), after: side('after', entry.after) };
  }

  /** The content before the turn, for the diff editor's left side (empty for a file the turn created). */
  beforeText(sessionId: string, turnId: string, file: string): string {
    const before = this.snapshot(sessionId, turnId, file)?.before;
    return before ? new TextDecoder().decode(before) : '';
  }

  beforeUri(sessionId: string, turnId: string, file: string): vscode.Uri {
    return vscode.Uri.from({ scheme: BEFORE_SCHEME, path: file, query: new URLSearchParams({ sessionId, turnId }).toString() });
  }

  /** Opens VS Code's diff editor: before the turn (left) and the file now (right). */
  async openDiff(sessionId: string, turnId: string, file: string): Promise<void> {
    if (!this.record(sessionId, turnId)?.files[file]) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The content before this turn was not kept, so there is nothing to compare: opening the file.'),
      );
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      return;
    }
    const title = vscode.l10n.t('{0} (before the turn ↔ now)', path.basename(file));
    await vscode.commands.executeCommand('vscode.diff', this.beforeUri(sessionId, turnId, file), vscode.Uri.file(file), title);
  }

  /** The turn's files as kept (before and after), when its list is still pending. */
  pendingSnapshots(sessionId: string, turnId: string): FileSnapshot[] | undefined {
    const record = this.record(sessionId, turnId);
    if (!record || record.state !== 'pending') return undefined;
    return Object.keys(record.files)
      .map((file) => this.snapshot(sessionId, turnId, file))
      .filter((snapshot): snapshot is FileSnapshot => !!snapshot);
  }

  /** Keep (dismiss the list) or Undo (done): the list is no longer pending. */
  async settle(sessionId: string, turnId: string, state: 'kept' | 'undone'): Promise<void> {
    const record = this.record(sessionId, turnId);
    if (!record || record.state !== 'pending') return;
    record.state = state;
    this.save(sessionId, turnId, record);
    await this.flushed();
    this.changed(sessionId, turnId);
  }

  /** The diff editor's left side. */
  provider(): vscode.TextDocumentContentProvider {
    return {
      provideTextDocumentContent: (uri) => {
        const query = new URLSearchParams(uri.query);
        return this.beforeText(query.get('sessionId') ?? '', query.get('turnId') ?? '', uri.path);
      },
    };
  }

  dispose(): void {
    this.changes.dispose();
  }
}
