/**
 * What a prompt can carry besides its text: files, folders and selections (with their line range), as the panel and
 * the host pass them to each other, and the check of what the untrusted webview sends. No `vscode` import: the
 * webview and the unit tests use this file too. Lines and characters are 0-based, as in the SDK and VS Code.
 */

export interface LineRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** An attachment as it travels: absolute file-system paths; a selection also has its range. */
export type AttachmentRef =
  | { type: 'file'; path: string }
  | { type: 'directory'; path: string }
  | { type: 'selection'; path: string; range: LineRange }
  /** A file's Problems (diagnostics), read when the prompt is sent. */
  | { type: 'problems'; path: string };

/** The display name of a Problems attachment: the model sees it as the attachment's name, the history reads it back. */
export const PROBLEMS_PREFIX = 'problems:';

/** An attachment chip above the prompt box: the reference and what the chip says. */
export interface AttachmentChip {
  ref: AttachmentRef;
  /** `main.ts`, `main.ts:2-3`, `src/`. */
  label: string;
  /** The path relative to the workspace (or absolute when outside it), for the tooltip. */
  title: string;
}

/** At most this many attachments go with one prompt. */
export const MAX_ATTACHMENTS = 20;
/** A file larger than this is refused: the model reads an attached file with its own tool, whole. */
export const MAX_ATTACHMENT_BYTES = 1_000_000;
/** A selection's text goes into the prompt itself; longer ones are refused. */
export const MAX_SELECTION_CHARS = 100_000;
const MAX_PATH_LENGTH = 4_096;
const MAX_LINE = 10_000_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_LINE;

/** An absolute POSIX or Windows path without NUL bytes. */
export function isAbsolutePath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_PATH_LENGTH &&
    !value.includes('\0') &&
    (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value))
  );
}

export function parseRange(raw: unknown): LineRange | undefined {
  if (!isRecord(raw) || Object.keys(raw).length !== 4) return undefined;
  const { startLine, startCharacter, endLine, endCharacter } = raw;
  if (!isIndex(startLine) || !isIndex(startCharacter) || !isIndex(endLine) || !isIndex(endCharacter)) return undefined;
  if (endLine < startLine || (endLine === startLine && endCharacter < startCharacter)) return undefined;
  return { startLine, startCharacter, endLine, endCharacter };
}

/** Checks one attachment of an incoming message: exact shapes only. */
export function parseAttachmentRef(raw: unknown): AttachmentRef | undefined {
  if (!isRecord(raw) || !isAbsolutePath(raw.path)) return undefined;
  const keys = Object.keys(raw).sort().join(',');
  if ((raw.type === 'file' || raw.type === 'directory' || raw.type === 'problems') && keys === 'path,type')
    return { type: raw.type, path: raw.path };
  if (raw.type === 'selection' && keys === 'path,range,type') {
    const range = parseRange(raw.range);
    return range ? { type: 'selection', path: raw.path, range } : undefined;
  }
  return undefined;
}

/** Checks a list of attachments (at most MAX_ATTACHMENTS); undefined when any is malformed. */
export function parseAttachmentRefs(raw: unknown): AttachmentRef[] | undefined {
  if (!Array.isArray(raw) || raw.length > MAX_ATTACHMENTS) return undefined;
  const refs: AttachmentRef[] = [];
  for (const item of raw) {
    const ref = parseAttachmentRef(item);
    if (!ref) return undefined;
    refs.push(ref);
  }
  return refs;
}

/** `2-3` (1-based, as editors show lines); a selection ending at column 0 of a line does not include that line. */
export function lineSpan(range: LineRange): string {
  const first = range.startLine + 1;
  const endLine = range.endCharacter === 0 && range.endLine > range.startLine ? range.endLine - 1 : range.endLine;
  const last = endLine + 1;
  return first === last ? String(first) : `${first}-${last}`;
}

/** The last segment of a path (either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** What a chip says: the file name, with the line range of a selection, a folder with a trailing slash. */
export function attachmentLabel(ref: AttachmentRef): string {
  const name = baseName(ref.path);
  if (ref.type === 'selection') return `${name}:${lineSpan(ref.range)}`;
  if (ref.type === 'directory') return `${name}/`;
  return name;
}

/** Two references to the same thing (a file attached twice is one chip). */
export function sameAttachment(a: AttachmentRef, b: AttachmentRef): boolean {
  if (a.type !== b.type || a.path !== b.path) return false;
  if (a.type !== 'selection' || b.type !== 'selection') return true;
  const x = a.range;
  const y = b.range;
  return (
    x.startLine === y.startLine && x.startCharacter === y.startCharacter && x.endLine === y.endLine && x.endCharacter === y.endCharacter
  );
}

/** True when the first bytes hold a NUL byte, the way git and grep tell a binary file from text. */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 8_000).includes(0);
}

/** Whether `path` is `folder` or inside it (both absolute, normalized; case-insensitive on Windows drive paths). */
export function isInsideFolder(path: string, folder: string): boolean {
  const windows = /^[A-Za-z]:/.test(folder);
  const norm = (p: string) => (windows ? p.replace(/\\/g, '/').toLowerCase() : p).replace(/\/+$/, '');
  const p = norm(path);
  const f = norm(folder);
  return p === f || p.startsWith(`${f}/`);
}

/** The SDK's attachment for a reference (selections carry their text: the runtime does not read the file for them). */
export type SdkAttachment =
  | { type: 'file'; path: string; displayName?: string }
  | { type: 'directory'; path: string; displayName?: string }
  | {
      type: 'selection';
      filePath: string;
      displayName: string;
      selection: { start: { line: number; character: number }; end: { line: number; character: number } };
      text: string;
    }
  /** Problems go as text the runtime puts into the prompt (base64 `data`). */
  | { type: 'blob'; data: string; mimeType: 'text/plain'; displayName: string };

/** `text`: a selection's text, or for Problems their list already in base64. */
export function toSdkAttachment(ref: AttachmentRef, selectionText?: string): SdkAttachment {
  const displayName = attachmentLabel(ref);
  if (ref.type === 'problems')
    return { type: 'blob', data: selectionText ?? '', mimeType: 'text/plain', displayName: `${PROBLEMS_PREFIX}${ref.path}` };
  if (ref.type !== 'selection') return { type: ref.type, path: ref.path, displayName };
  const { startLine, startCharacter, endLine, endCharacter } = ref.range;
  return {
    type: 'selection',
    filePath: ref.path,
    displayName,
    selection: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
    text: selectionText ?? '',
  };
}

/** The attachments a stored `user.message` carries, back as references (what the history shows). */
export function refsFromStored(raw: unknown): AttachmentRef[] {
  if (!Array.isArray(raw)) return [];
  const refs: AttachmentRef[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    if ((item.type === 'file' || item.type === 'directory') && typeof item.path === 'string')
      refs.push({ type: item.type, path: item.path });
    if (item.type === 'blob' && typeof item.displayName === 'string' && item.displayName.startsWith(PROBLEMS_PREFIX)) {
      const path = item.displayName.slice(PROBLEMS_PREFIX.length);
      if (isAbsolutePath(path)) refs.push({ type: 'problems', path });
    }
    if (item.type === 'selection' && typeof item.filePath === 'string' && isRecord(item.selection)) {
      const start = isRecord(item.selection.start) ? item.selection.start : {};
      const end = isRecord(item.selection.end) ? item.selection.end : {};
      const range = parseRange({ startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character });
      if (range) refs.push({ type: 'selection', path: item.filePath, range });
    }
  }
  return refs;
}
