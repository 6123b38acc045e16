/**
 * Full-text search over every session's titles and messages, without resuming sessions: each session's searchable
 * text is kept here (fed by live events, or read once from the session store), and queries scan lowercase text.
 * Each session's document is stored apart (encodeDocument/decodeDocument), so one turn writes one small file.
 * No `vscode` import; persistence is in src/sessions/searchStore.ts.
 */
import { attachmentText } from './transcript';
import { CasedText } from './casedText';
import type { HistoryItem } from '../shared/protocol';

/** A message as stored: its item id (to reveal in the panel), time and text. */
export interface StoredMessage {
  itemId: string;
  timestamp: string;
  text: string;
}

export interface SearchDocument {
  sessionId: string;
  messages: StoredMessage[];
}

interface IndexedMessage {
  itemId: string;
  timestamp: string;
  /** Lowercase for matching, with what it takes to give back the original's case for snippets. */
  text: CasedText;
}

export interface SearchHit {
  sessionId: string;
  itemId?: string;
  timestamp?: string;
  snippet: string;
}

const SNIPPET_RADIUS = 60;

function snippetOf(text: CasedText, index: number, length: number): string {
  const start = Math.max(0, index - SNIPPET_RADIUS);
  const end = Math.min(text.length, index + length + SNIPPET_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

export function snippetAround(text: string, index: number, length: number): string {
  return snippetOf(CasedText.of(text), index, length);
}

/** The searchable messages of a history: user and assistant messages with text (a prompt with the files it carried). */
export function searchableMessages(history: readonly HistoryItem[]): StoredMessage[] {
  const messages: StoredMessage[] = [];
  for (const item of history) {
    if ((item.kind === 'user' || item.kind === 'assistant') && item.text.trim()) {
      // A prompt is found by the files it carried too.
      const attached = item.kind === 'user' && item.attachments?.length ? `\n${item.attachments.map(attachmentText).join('\n')}` : '';
      messages.push({ itemId: item.id, text: item.text + attached, timestamp: item.timestamp });
    }
  }
  return messages;
}

/** Format version of a stored document: a file of another version is read as missing (rebuilt from the store). */
const DOCUMENT_VERSION = 1;

/** One session's document as stored: `{"v":1,"id":…,"m":[[itemId,timestamp,text],…]}` (no lowercase copy: rebuilt on load). */
export function encodeDocument(doc: SearchDocument): string {
  return JSON.stringify({ v: DOCUMENT_VERSION, id: doc.sessionId, m: doc.messages.map((m) => [m.itemId, m.timestamp, m.text]) });
}

/**
 * A stored document, or undefined when the text is not one (truncated, damaged, another version, or, with
 * `expectedId`, another session's): the caller treats the session as missing and reads it from the store again.
 */
export function decodeDocument(text: string, expectedId?: string): SearchDocument | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { v, id, m } = raw as { v?: unknown; id?: unknown; m?: unknown };
  if (v !== DOCUMENT_VERSION || typeof id !== 'string' || !id || !Array.isArray(m)) return undefined;
  if (expectedId !== undefined && id !== expectedId) return undefined;
  const messages: StoredMessage[] = [];
  for (const entry of m as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string' || typeof entry[2] !== 'string') {
      return undefined;
    }
    messages.push({ itemId: entry[0], timestamp: entry[1], text: entry[2] });
  }
  return { sessionId: id, messages };
}

export class SearchIndex {
  private readonly docs = new Map<string, IndexedMessage[]>();

  has(sessionId: string): boolean {
    return this.docs.has(sessionId);
  }

  get size(): number {
    return this.docs.size;
  }

  ids(): IterableIterator<string> {
    return this.docs.keys();
  }

  /** Replaces a session's document with its current history (user and assistant messages). */
  setHistory(sessionId: string, history: readonly HistoryItem[]): void {
    this.setDocument({ sessionId, messages: searchableMessages(history) });
  }

  /** Replaces a session's document (as decoded from storage, or built from a history). */
  setDocument(doc: SearchDocument): void {
    this.docs.set(
      doc.sessionId,
      doc.messages.map((m) => ({ itemId: m.itemId, timestamp: m.timestamp, text: CasedText.of(m.text) })),
    );
  }

  /** The session's document as it is stored, or undefined when the index has none. */
  document(sessionId: string): SearchDocument | undefined {
    const messages = this.docs.get(sessionId);
    if (!messages) return undefined;
    return { sessionId, messages: messages.map((m) => ({ itemId: m.itemId, timestamp: m.timestamp, text: m.text.original() })) };
  }

  remove(sessionId: string): void {
    this.docs.delete(sessionId);
  }

  /**
   * Sessions whose title or messages contain every word of the query (case-insensitive), newest match first; in
   * each, its newest messages that hold every word (or, when none does, any of them).
   * `titles` maps session ids to their titles; sessions not in it are not searched (not in this workspace).
   */
  search(query: string, titles: ReadonlyMap<string, string>, limit = 200): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const [sessionId, title] of titles) {
      const lowerTitle = title.toLowerCase();
      const messages = this.docs.get(sessionId) ?? [];
      const matchesSession = words.every((w) => lowerTitle.includes(w) || messages.some((m) => m.text.lower.includes(w)));
      if (!matchesSession) continue;
      // The messages with every word; when the words are spread over several, those with any of them.
      const withAll = messages.filter((m) => words.every((w) => m.text.lower.includes(w)));
      const messageHits = withAll.length ? withAll : messages.filter((m) => words.some((w) => m.text.lower.includes(w)));
      if (messageHits.length === 0) {
        hits.push({ sessionId, snippet: title });
        continue;
      }
      for (const m of messageHits.slice(-5).reverse()) {
        const word = words.find((w) => m.text.lower.includes(w)) ?? words[0];
        const at = m.text.lower.indexOf(word);
        hits.push({ sessionId, itemId: m.itemId, timestamp: m.timestamp, snippet: snippetOf(m.text, at, word.length) });
      }
      if (hits.length >= limit) break;
    }
    return hits.sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? '')).slice(0, limit);
  }
}
