/**
 * Full-text search over every session's titles and messages, without resuming sessions: each session's searchable
 * text is kept here (fed by live events, or read once from the session store), and queries scan lowercase text.
 * No `vscode` import; persistence is a pair of callbacks.
 */
import { attachmentText } from './transcript';
import type { HistoryItem } from '../shared/protocol';

export interface SearchDocument {
  sessionId: string;
  /** Messages with their item id (to reveal in the panel) and time. */
  messages: Array<{ itemId: string; text: string; timestamp: string; lower: string }>;
}

export interface SearchHit {
  sessionId: string;
  itemId?: string;
  timestamp?: string;
  snippet: string;
}

const SNIPPET_RADIUS = 60;

export function snippetAround(text: string, index: number, length: number): string {
  const start = Math.max(0, index - SNIPPET_RADIUS);
  const end = Math.min(text.length, index + length + SNIPPET_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

export class SearchIndex {
  private readonly docs = new Map<string, SearchDocument>();

  has(sessionId: string): boolean {
    return this.docs.has(sessionId);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Replaces a session's document with its current history (user and assistant messages). */
  setHistory(sessionId: string, history: readonly HistoryItem[]): void {
    const doc: SearchDocument = { sessionId, messages: [] };
    for (const item of history) this.addTo(doc, item);
    this.docs.set(sessionId, doc);
  }

  private addTo(doc: SearchDocument, item: HistoryItem): void {
    if ((item.kind === 'user' || item.kind === 'assistant') && item.text.trim()) {
      // A prompt is found by the files it carried too.
      const attached = item.kind === 'user' && item.attachments?.length ? `\n${item.attachments.map(attachmentText).join('\n')}` : '';
      const text = item.text + attached;
      doc.messages.push({ itemId: item.id, text, timestamp: item.timestamp, lower: text.toLowerCase() });
    }
  }

  remove(sessionId: string): void {
    this.docs.delete(sessionId);
  }

  /**
   * Sessions whose title or messages contain every word of the query (case-insensitive), newest match first.
   * `titles` maps session ids to their titles; sessions not in it are not searched (not in this workspace).
   */
  search(query: string, titles: ReadonlyMap<string, string>, limit = 200): SearchHit[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const [sessionId, title] of titles) {
      const lowerTitle = title.toLowerCase();
      const doc = this.docs.get(sessionId);
      const matchesSession = words.every((w) => lowerTitle.includes(w) || doc?.messages.some((m) => m.lower.includes(w)));
      if (!matchesSession) continue;
      const messageHits = (doc?.messages ?? []).filter((m) => words.some((w) => m.lower.includes(w)));
      if (messageHits.length === 0) {
        hits.push({ sessionId, snippet: title });
        continue;
      }
      for (const m of messageHits.slice(-5).reverse()) {
        const word = words.find((w) => m.lower.includes(w)) ?? words[0];
        const at = m.lower.indexOf(word);
        hits.push({ sessionId, itemId: m.itemId, timestamp: m.timestamp, snippet: snippetAround(m.text, at, word.length) });
      }
      if (hits.length >= limit) break;
    }
    return hits.sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? '')).slice(0, limit);
  }

  /** Compact form for storage (the lowercase copies are rebuilt on load). */
  serialize(): string {
    return JSON.stringify([...this.docs.values()].map((d) => [d.sessionId, d.messages.map((m) => [m.itemId, m.timestamp, m.text])]));
  }

  static deserialize(text: string): SearchIndex {
    const index = new SearchIndex();
    try {
      const raw = JSON.parse(text) as unknown;
      if (!Array.isArray(raw)) return index;
      for (const entry of raw) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) continue;
        const messages: SearchDocument['messages'] = [];
        for (const m of entry[1] as unknown[]) {
          if (Array.isArray(m) && typeof m[0] === 'string' && typeof m[1] === 'string' && typeof m[2] === 'string') {
            messages.push({ itemId: m[0], timestamp: m[1], text: m[2], lower: m[2].toLowerCase() });
          }
        }
        index.docs.set(entry[0], { sessionId: entry[0], messages });
      }
    } catch {
      // A corrupt search index is rebuilt from the session store.
    }
    return index;
  }
}
