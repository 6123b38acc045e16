/** The files a turn changed, under its reply: each opens its diff; Undo and Keep while the list is pending. */
import type { HistoryItem, PanelStrings, WebviewMessage } from '../shared/protocol';
import { baseName } from '../shared/attachments';
import { el, format, icon } from './dom';

type ChangesItem = Extract<HistoryItem, { kind: 'changes' }>;

export function renderChanges(item: ChangesItem, strings: PanelStrings | undefined, post: (message: WebviewMessage) => void): HTMLElement {
  const body = el('div', 'body file-changes');
  const state = item.state ?? 'untracked';
  body.dataset.state = state;
  const header = el('div', 'file-changes-header');
  header.append(icon('diff'), el('span', 'file-changes-title', format(strings?.filesChanged ?? 'Files changed: {0}', item.files.length)));
  if (state === 'kept' || state === 'undone') {
    header.append(el('span', 'file-changes-state', state === 'kept' ? (strings?.kept ?? 'Kept') : (strings?.undone ?? 'Undone')));
  }
  body.append(header);
  // Keep dismisses the list: what stays is its one-line header.
  if (state === 'kept') return body;
  const list = el('ul', 'file-changes-list');
  for (const file of item.files) {
    const row = el('li', 'file-change');
    const open = el('button', 'link-button file-change-open');
    open.type = 'button';
    open.title = format(strings?.openDiff ?? '{0}: open the changes', file.path);
    open.append(icon(file.change === 'created' ? 'diff-added' : 'diff-modified'), el('span', 'file-change-name', baseName(file.path)));
    open.addEventListener('click', () => post({ type: 'fileChanges', action: 'diff', turnId: item.turnId, path: file.path }));
    row.append(open);
    if (file.change === 'created') row.append(el('span', 'file-change-new', strings?.fileCreated ?? 'new'));
    row.append(el('span', 'file-change-added', `+${file.added}`), el('span', 'file-change-removed', `−${file.removed}`));
    list.append(row);
  }
  body.append(list);
  if (state === 'pending') {
    const actions = el('div', 'file-changes-actions');
    const undo = el('button', 'secondary file-changes-undo', strings?.undo ?? 'Undo');
    undo.type = 'button';
    undo.addEventListener('click', () => post({ type: 'fileChanges', action: 'undo', turnId: item.turnId }));
    const keep = el('button', 'file-changes-keep', strings?.keep ?? 'Keep');
    keep.type = 'button';
    keep.addEventListener('click', () => post({ type: 'fileChanges', action: 'keep', turnId: item.turnId }));
    actions.append(undo, keep);
    body.append(actions);
  } else if (state === 'untracked') {
    body.append(el('p', 'file-changes-note', strings?.untracked ?? ''));
  }
  return body;
}
