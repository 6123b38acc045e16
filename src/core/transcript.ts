/** A session as a readable Markdown transcript (export, "Copy as Markdown"). No `vscode` import. */
import type { HistoryItem } from '../shared/protocol';
import { attachmentLabel, type AttachmentRef } from '../shared/attachments';

/** `path` or `path:2-3`, as a prompt's attachment is listed in a transcript and found by search. */
export function attachmentText(ref: AttachmentRef): string {
  if (ref.type === 'problems') return `${ref.path} (problems)`;
  return ref.type === 'selection' ? `${ref.path}:${attachmentLabel(ref).split(':').pop() ?? ''}` : ref.path;
}

export interface TranscriptMeta {
  title: string;
  sessionId: string;
  model: string;
  created: number;
  lastActive: number;
  locale: string;
  labels: {
    you: string;
    assistant: string;
    tool: string;
    error: string;
    model: string;
    created: string;
    lastActive: string;
    id: string;
    /** What a compaction of the history says. */
    compacted: string;
    attached?: string;
    filesChanged?: string;
  };
}

/** A fence longer than any backtick run inside, so tool output cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

export function toMarkdown(meta: TranscriptMeta, history: readonly HistoryItem[]): string {
  const date = new Intl.DateTimeFormat(meta.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const time = (iso: string) => date.format(new Date(iso));
  const { labels } = meta;
  const lines = [
    `# ${meta.title}`,
    '',
    `- ${labels.id}: \`${meta.sessionId}\``,
    `- ${labels.model}: ${meta.model}`,
    `- ${labels.created}: ${date.format(meta.created)}`,
    `- ${labels.lastActive}: ${date.format(meta.lastActive)}`,
    '',
  ];
  for (const item of history) {
    switch (item.kind) {
      case 'user':
        lines.push(`## ${labels.you} · ${time(item.timestamp)}`, '', item.text, '');
        if (item.attachments?.length)
          lines.push(`${labels.attached ?? 'Attached'}: ${item.attachments.map((ref) => `\`${attachmentText(ref)}\``).join(', ')}`, '');
        break;
      case 'changes':
        lines.push(
          `${labels.filesChanged ?? 'Files changed'}: ${item.files.map((f) => `\`${f.path}\` (+${f.added} −${f.removed})`).join(', ')}`,
          '',
        );
        break;
      case 'assistant':
        lines.push(`## ${labels.assistant} · ${time(item.timestamp)}`, '', item.text, '');
        break;
      case 'tool':
        lines.push(
          `<details><summary>${labels.tool}: ${item.toolName}${item.summary ? ` — ${escapeHtml(item.summary)}` : ''} (${item.status})</summary>`,
          '',
          fence(item.output || ''),
          '',
          '</details>',
          '',
        );
        break;
      case 'error':
        lines.push(`> **${labels.error}:** ${item.message}`, '');
        break;
      case 'notice':
        lines.push(`*${item.text}*`, '');
        break;
      case 'change':
        lines.push(
          `*${item.change.type === 'model' ? `${labels.model}: ${item.change.model}${item.change.reasoningEffort ? ` (${item.change.reasoningEffort})` : ''}` : labels.compacted}*`,
          '',
        );
        break;
    }
  }
  return lines.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
