/**
 * What needs the user: a session waiting for a permission, or one that finished a reply while its panel was not in
 * view (unread). Said in the Sessions view (a "Needs you" group, the view's badge on the activity bar) and in a
 * notification with Open (and Approve / Deny for a permission simple enough to show there). Opening clears unread.
 */
import * as vscode from 'vscode';
import type { SessionIndex } from '../core/sessionIndex';
import type { SessionStatus } from '../shared/protocol';
import { sessionLabel } from './registryTexts';
import type { SessionRegistry } from './sessionRegistry';

export type NeedsYou = 'permission' | 'unread';

/** Permission kinds whose one-line detail says plainly what will happen (a command, a file, an address). */
const SIMPLE_KINDS = new Set(['shell', 'write', 'read', 'url']);
const MAX_DETAIL = 160;

export class NeedsYouTracker implements vscode.Disposable {
  private readonly needs = new Map<string, NeedsYou>();
  private readonly last = new Map<string, SessionStatus>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [this.changes];

  constructor(
    private readonly registry: SessionRegistry,
    private readonly index: SessionIndex,
    /** Whether the session's panel is in view now. */
    private readonly inView: (id: string) => boolean,
    /** Whether the session has a panel at all (a reply to another extension's send is not the user's to read). */
    private readonly hasPanel: (id: string) => boolean,
    /** Opens the session's panel. */
    private readonly open: (id: string) => Promise<void>,
  ) {
    this.disposables.push(registry.onDidChangeStatus(({ id, status }) => this.statusChanged(id, status)));
  }

  get(id: string): NeedsYou | undefined {
    return this.needs.get(id);
  }

  /** The sessions that need the user, most urgent first (permissions, then unread). */
  list(): string[] {
    const ids = [...this.needs.keys()].filter((id) => this.index.isListed(id));
    return [...ids.filter((id) => this.needs.get(id) === 'permission'), ...ids.filter((id) => this.needs.get(id) === 'unread')];
  }

  /** The panel came into view: what it shows is read. */
  seen(id: string): void {
    if (this.needs.get(id) !== 'unread') return;
    this.needs.delete(id);
    this.changes.fire();
  }

  private statusChanged(id: string, status: SessionStatus): void {
    const before = this.last.get(id);
    this.last.set(id, status);
    if (status === 'waiting') {
      this.set(id, 'permission');
      if (!this.inView(id)) void this.notifyPermission(id);
      return;
    }
    const finishedReply = (before === 'busy' || before === 'waiting') && (status === 'idle' || status === 'error');
    if (finishedReply && this.hasPanel(id) && !this.inView(id)) {
      this.set(id, 'unread');
      void this.notifyUnread(id, status);
      return;
    }
    if (this.needs.get(id) === 'permission') this.clear(id);
  }

  private set(id: string, need: NeedsYou): void {
    if (this.needs.get(id) === need) return;
    this.needs.set(id, need);
    this.changes.fire();
  }

  private clear(id: string): void {
    if (this.needs.delete(id)) this.changes.fire();
  }

  private label(id: string): string {
    const entry = this.index.get(id);
    return entry ? sessionLabel(entry) : id;
  }

  private async notifyPermission(id: string): Promise<void> {
    const live = this.registry.get(id);
    const prompt = live?.permissions[0];
    const open = vscode.l10n.t('Open');
    if (!live || !prompt) return;
    const simple = SIMPLE_KINDS.has(prompt.kind) && prompt.detail.length <= MAX_DETAIL;
    const approve = vscode.l10n.t('Approve');
    const deny = vscode.l10n.t('Deny');
    const message = simple
      ? vscode.l10n.t('"{0}" asks for permission ({1}): {2}', this.label(id), prompt.kind, prompt.detail)
      : vscode.l10n.t('"{0}" asks for permission.', this.label(id));
    const choice = await vscode.window.showInformationMessage(message, ...(simple ? [approve, deny] : []), open);
    if (choice === open) await this.open(id);
    else if (choice === approve || choice === deny) live.answerPermission(prompt.requestId, choice === approve);
  }

  private async notifyUnread(id: string, status: SessionStatus): Promise<void> {
    const open = vscode.l10n.t('Open');
    const message =
      status === 'error'
        ? vscode.l10n.t('"{0}": the reply failed.', this.label(id))
        : vscode.l10n.t('"{0}" has a new reply.', this.label(id));
    if ((await vscode.window.showInformationMessage(message, open)) === open) await this.open(id);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
