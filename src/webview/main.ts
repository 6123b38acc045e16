/** Webview entry: wires the host messages to the panel's views. */
import type { HostMessage, WebviewMessage } from '../shared/protocol';
import { Composer } from './composer';
import { el, icon } from './dom';
import { HeaderView } from './header';
import { HistoryView } from './historyView';
import { PermissionsView } from './permissions';
import { loadGrammars } from './highlighter';
import { AttachmentsView, isChip } from './attachments';
import { QueueView } from './queueView';
import { NoticeView } from './noticeView';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

// Module scope inside the IIFE bundle: nothing else on the page (model output included) can reach the API.
const vscodeApi = acquireVsCodeApi();
const post = (message: WebviewMessage): void => vscodeApi.postMessage(message);

const app = document.getElementById('app') ?? document.body.appendChild(el('div'));
app.id = 'app';

const announcer = el('div', 'visually-hidden');
announcer.id = 'announcer';
announcer.setAttribute('aria-live', 'polite');
announcer.setAttribute('aria-atomic', 'true');
let announceTimer: number | undefined;
/** Clear then set, so repeating the same text is announced again. */
function announce(text: string): void {
  announcer.textContent = '';
  window.clearTimeout(announceTimer);
  announceTimer = window.setTimeout(() => (announcer.textContent = text), 50);
}

const header = new HeaderView(post);
const queue = new QueueView(post);
const notice = new NoticeView(post);

const messages = el('main');
messages.id = 'messages';
messages.setAttribute('role', 'log');
// role=log is implicitly aria-live=polite; streaming would then be read out token by token. #announcer speaks instead.
messages.setAttribute('aria-live', 'off');
messages.setAttribute('aria-busy', 'true');
messages.tabIndex = 0; // A scrollable region must be reachable from the keyboard.

const attachments = new AttachmentsView(
  post,
  () => composer.textarea.focus(),
  () => saveState(),
);
let sessionId: string | undefined;
/** What VS Code keeps while the panel is hidden (its page reloads when shown): the session, and the chips. */
function saveState(): void {
  if (sessionId) vscodeApi.setState({ sessionId, chips: attachments.all() });
}
const savedChips = (vscodeApi.getState() as { chips?: unknown } | undefined)?.chips;
const composer = new Composer({
  post,
  onSent: () => history.jumpToLatest(),
  attachments,
});
composer.form.prepend(attachments.root);
const history = new HistoryView(messages, {
  openLink: (href) => post({ type: 'openLink', href }),
  announce,
  insertCode: (code, language) => post({ type: 'insertCode', code, ...(language ? { language } : {}) }),
  openCode: (code, language) => post({ type: 'openCode', code, ...(language ? { language } : {}) }),
  focusPrompt: () => composer.textarea.focus(),
  post,
  messageActions: {
    fork: (itemId) => post({ type: 'fork', itemId }),
    rewind: (itemId) => post({ type: 'rewind', itemId }),
  },
  loadHistory: (request) => post({ type: 'loadHistory', ...(request ?? { latest: true }) }),
});
const permissions = new PermissionsView({
  post,
  announce,
  // The answered card's buttons are disabled, then gone: the user goes on in the prompt box.
  onAnswered: () => composer.focusIfNowhere(),
});

// The panel got the focus (New Session, Open from the Sessions view, a click on its tab): the user types at once.
window.addEventListener('focus', () => composer.focusIfNowhere());
window.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
  if (composer.stopIfBusy()) event.preventDefault();
});

app.replaceChildren(header.root, messages, notice.root, queue.root, permissions.root, composer.form, announcer);
// Until the first state: the session may take a while to open (a long history, a busy runtime).
const opening = el('div', 'loading panel-opening');
if (app.dataset.loading) {
  opening.append(icon('loading codicon-modifier-spin'), el('span', undefined, app.dataset.loading));
  messages.append(opening);
}

let initialized = false;

function onMessage(message: HostMessage): void {
  if (message.type === 'batch') {
    for (const inner of message.messages) onMessage(inner);
    return;
  }
  if (message.type === 'notice') {
    notice.show(message.notice);
    return;
  }
  if (message.type === 'init') {
    header.setStrings(message.strings, message.locale);
    header.setHeader(message.header);
    header.setStatus(message.status);
    composer.setStrings(message.strings);
    attachments.setStrings(message.strings);
    queue.setStrings(message.strings);
    composer.setStatus(message.status);
    if (message.draft !== undefined) composer.setDraft(message.draft);
    opening.remove();
    history.reset(message.history, message.strings, message.locale, message.historyOffset);
    permissions.setAll(message.permissions, message.strings);
    messages.setAttribute('aria-busy', 'false');
    // The host's WebviewPanelSerializer restores the panel from this after a reload.
    sessionId = message.header.sessionId;
    if (!initialized && Array.isArray(savedChips)) attachments.add(savedChips.filter(isChip));
    saveState();
    if (!initialized && message.measure) performance.mark('history-rendered');
    // The grammars for code blocks, once the history is on screen (blocks already shown are highlighted then).
    if (!initialized) setTimeout(loadGrammars, 0);
    initialized = true;
    if (document.hasFocus()) composer.focusIfNowhere();
    return;
  }
  if (!initialized) return; // The coming init carries the whole state anyway.
  switch (message.type) {
    case 'upsert':
      history.upsert(message.items);
      break;
    case 'deltas':
      history.appendDeltas(message.deltas);
      break;
    case 'status':
      header.setStatus(message.status);
      composer.setStatus(message.status);
      break;
    case 'header':
      header.setHeader(message.header);
      sessionId = message.header.sessionId;
      saveState();
      break;
    case 'permission':
      permissions.add(message.prompt);
      break;
    case 'permissionResolved':
      permissions.resolve(message.requestId);
      break;
    case 'turnFailed': {
      // Said once on screen: when the transcript already shows this error, the composer only offers Retry, and
      // screen readers hear it from the announcer (the transcript itself is not a live region).
      if (message.attachments) attachments.restore(message.attachments);
      const shown = history.showsLatestError(message.message);
      composer.turnFailed(shown ? undefined : message.message, message.prompt);
      if (shown) announce(message.message);
      break;
    }
    case 'reveal':
      history.reveal(message.itemId);
      break;
    case 'queue':
      queue.show(message.items, message.held);
      break;
    case 'draft':
      composer.setDraft(message.text);
      composer.textarea.focus();
      break;
    case 'historyPage':
      history.addPage(message);
      break;
    case 'attach':
      attachments.add(message.chips);
      composer.textarea.focus();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
  onMessage(data as HostMessage);
});

post({ type: 'ready' });
