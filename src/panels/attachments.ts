/**
 * Attachments on the host: what may become a chip (checked when attached: exists, inside the workspace or agreed to,
 * not binary, not too large), the Attach button's choices, and the check at send time that turns chips into the SDK's
 * attachments (a file that is gone by then, or changed into something refused, stops the send with a message).
 */
import * as vscode from 'vscode';
import {
  attachmentLabel,
  isInsideFolder,
  looksBinary,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_SELECTION_CHARS,
  toSdkAttachment,
  type AttachmentChip,
  type AttachmentRef,
  type SdkAttachment,
} from '../shared/attachments';
import type { CodeActions } from './codeActions';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const t = vscode.l10n.t;
const megabytes = (bytes: number) => (bytes / 1_000_000).toLocaleString(vscode.env.language, { maximumFractionDigits: 1 });

const MAX_PROBLEMS = 200;
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

/** A file's Problems as the model reads them: `path:line:column severity source: message`, one a line. */
export function problemsText(uri: vscode.Uri): string {
  const name = vscode.workspace.asRelativePath(uri);
  const diagnostics = vscode.languages.getDiagnostics(uri);
  if (diagnostics.length === 0) return `No problems are reported for ${name} now.`;
  const lines = diagnostics.slice(0, MAX_PROBLEMS).map((d) => {
    const at = `${name}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    return `${at} ${SEVERITY[d.severity] ?? 'error'}${d.source ? ` ${d.source}` : ''}: ${d.message}`;
  });
  if (diagnostics.length > MAX_PROBLEMS) lines.push(`… and ${diagnostics.length - MAX_PROBLEMS} more`);
  return lines.join('\n');
}

/** Inside one of the window's folders. */
export function insideWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && isInsideFolder(file, f.uri.fsPath));
}

export class Attachments {
  /** Paths outside the workspace the user agreed to attach (this window only). */
  private readonly agreedOutside = new Set<string>();

  constructor(private readonly codeActions: CodeActions) {}

  chipOf(ref: AttachmentRef): AttachmentChip {
    return { ref, label: attachmentLabel(ref), title: vscode.workspace.asRelativePath(vscode.Uri.file(ref.path)) };
  }

  /** Outside the workspace: asked once per path ("ask first"); false when the user says no. */
  private async allowedPlace(path: string): Promise<boolean> {
    if (insideWorkspace(path) || this.agreedOutside.has(path)) return true;
    const attach = t('Attach Anyway');
    const choice = await vscode.window.showWarningMessage(
      t('"{0}" is outside this workspace. Attach it anyway? Copilot will read it.', path),
      { modal: true },
      attach,
    );
    if (choice !== attach) return false;
    this.agreedOutside.add(path);
    return true;
  }

  /** Checks a file or folder on disk: what it is now, or why it cannot go. */
  private async checkOnDisk(ref: AttachmentRef): Promise<Checked<'file' | 'directory'>> {
    const name = vscode.workspace.asRelativePath(vscode.Uri.file(ref.path));
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(vscode.Uri.file(ref.path));
    } catch {
      return { ok: false, message: t('"{0}" no longer exists: remove it from the attachments and send again.', name) };
    }
    if (stat.type & vscode.FileType.Directory)
      return ref.type === 'selection' ? { ok: false, message: t('"{0}" is a folder.', name) } : { ok: true, value: 'directory' };
    if (stat.size > MAX_ATTACHMENT_BYTES) {
      return {
        ok: false,
        message: t(
          '"{0}" is too large to attach ({1} MB; the limit is {2} MB).',
          name,
          megabytes(stat.size),
          megabytes(MAX_ATTACHMENT_BYTES),
        ),
      };
    }
    const head = (await vscode.workspace.fs.readFile(vscode.Uri.file(ref.path))).subarray(0, 8_000);
    if (looksBinary(head)) return { ok: false, message: t('"{0}" is a binary file: only text files can be attached.', name) };
    return { ok: true, value: 'file' };
  }

  /** A file or folder (Explorer, a drop, an open editor) as a chip; refusals are told and nothing is attached. */
  async fromUri(uri: vscode.Uri): Promise<AttachmentChip | undefined> {
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(
        t('Only files on disk can be attached: save "{0}" first.', uri.path.split('/').pop() ?? uri.toString()),
      );
      return undefined;
    }
    if (!(await this.allowedPlace(uri.fsPath))) return undefined;
    const checked = await this.checkOnDisk({ type: 'file', path: uri.fsPath });
    if (!checked.ok) {
      void vscode.window.showWarningMessage(checked.message);
      return undefined;
    }
    return this.chipOf({ type: checked.value, path: uri.fsPath });
  }

  /** The selection of an editor (its whole file when nothing is selected). */
  async fromEditor(uri: vscode.Uri, selection: vscode.Selection | undefined): Promise<AttachmentChip | undefined> {
    if (!selection || selection.isEmpty) return this.fromUri(uri);
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(
        t('Only files on disk can be attached: save "{0}" first.', uri.path.split('/').pop() ?? uri.toString()),
      );
      return undefined;
    }
    if (!(await this.allowedPlace(uri.fsPath))) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.getText(selection).length > MAX_SELECTION_CHARS) {
      void vscode.window.showWarningMessage(
        t('The selection is too long to attach (the limit is {0} characters).', MAX_SELECTION_CHARS.toLocaleString(vscode.env.language)),
      );
      return undefined;
    }
    const { start, end } = selection;
    return this.chipOf({
      type: 'selection',
      path: uri.fsPath,
      range: { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character },
    });
  }

  /** The Attach button: the current selection, the active file, open editors, files and folders from disk. */
  async pick(): Promise<AttachmentChip[]> {
    type Choice = vscode.QuickPickItem & { run: () => Promise<Array<AttachmentChip | undefined>> };
    const last = this.codeActions.lastEditor;
    const choices: Choice[] = [];
    if (last && last.uri.scheme === 'file') {
      const selection = last.selections[0];
      const name = vscode.workspace.asRelativePath(last.uri);
      if (selection && !selection.isEmpty) {
        choices.push({
          label: `$(selection) ${t('Current selection')}`,
          description: name,
          run: async () => [await this.fromEditor(last.uri, selection)],
        });
      }
      choices.push({ label: `$(file) ${t('Active file')}`, description: name, run: async () => [await this.fromUri(last.uri)] });
    }
    if (last && last.uri.scheme === 'file') {
      const count = vscode.languages.getDiagnostics(last.uri).length;
      if (count > 0) {
        const uri = last.uri;
        choices.push({
          label: `$(warning) ${t('Problems of {0} ({1})', vscode.workspace.asRelativePath(uri), count)}`,
          run: async () => [(await this.allowedPlace(uri.fsPath)) ? this.problemsChip(uri) : undefined],
        });
      }
    }
    const open = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined))
      .filter((uri): uri is vscode.Uri => !!uri && uri.scheme === 'file' && uri.toString() !== last?.uri.toString());
    for (const uri of [...new Map(open.map((u) => [u.toString(), u])).values()]) {
      choices.push({
        label: `$(go-to-file) ${vscode.workspace.asRelativePath(uri)}`,
        description: t('Open editor'),
        run: async () => [await this.fromUri(uri)],
      });
    }
    choices.push({
      label: `$(folder-opened) ${t('Files and Folders…')}`,
      run: async () => {
        const uris = await vscode.window.showOpenDialog({
          canSelectFiles: true,
          canSelectFolders: true,
          canSelectMany: true,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: t('Attach'),
        });
        return Promise.all((uris ?? []).map((uri) => this.fromUri(uri)));
      },
    });
    const picked = await vscode.window.showQuickPick(choices, { title: t('Attach to the Prompt'), ignoreFocusOut: true });
    if (!picked) return [];
    return (await picked.run()).filter((chip): chip is AttachmentChip => !!chip);
  }

  private problemsChip(uri: vscode.Uri): AttachmentChip {
    const ref: AttachmentRef = { type: 'problems', path: uri.fsPath };
    return { ref, label: attachmentLabel(ref), title: t('Problems of {0}', vscode.workspace.asRelativePath(uri)) };
  }

  /** Dropped `text/uri-list` entries: only file URIs, each checked like any other. */
  async fromDrop(uris: readonly string[]): Promise<AttachmentChip[]> {
    const chips: AttachmentChip[] = [];
    for (const raw of uris.slice(0, MAX_ATTACHMENTS)) {
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(raw.trim(), true);
      } catch {
        continue;
      }
      // code-server hands the panel vscode-remote URIs of the host's files: the path is what counts.
      if (uri.scheme === 'vscode-remote') uri = vscode.Uri.file(uri.path);
      const chip = await this.fromUri(uri);
      if (chip) chips.push(chip);
    }
    return chips;
  }

  /** At send time: every attachment is checked again and becomes what the SDK takes; the first problem stops the send. */
  async resolve(refs: readonly AttachmentRef[]): Promise<Checked<SdkAttachment[]>> {
    if (refs.length > MAX_ATTACHMENTS) return { ok: false, message: t('At most {0} attachments go with one prompt.', MAX_ATTACHMENTS) };
    const resolved: SdkAttachment[] = [];
    for (const ref of refs) {
      const name = vscode.workspace.asRelativePath(vscode.Uri.file(ref.path));
      if (!insideWorkspace(ref.path) && !this.agreedOutside.has(ref.path)) {
        return { ok: false, message: t('"{0}" is outside this workspace: attach it again to confirm.', ref.path) };
      }
      const checked = await this.checkOnDisk(ref);
      if (!checked.ok) return checked;
      if ((ref.type === 'directory') !== (checked.value === 'directory')) {
        return { ok: false, message: t('"{0}" changed since it was attached: attach it again.', name) };
      }
      if (ref.type === 'problems') {
        resolved.push(toSdkAttachment(ref, Buffer.from(problemsText(vscode.Uri.file(ref.path)), 'utf8').toString('base64')));
        continue;
      }
      if (ref.type !== 'selection') {
        resolved.push(toSdkAttachment(ref));
        continue;
      }
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(ref.path));
      const { startLine, startCharacter, endLine, endCharacter } = ref.range;
      if (endLine >= document.lineCount)
        return {
          ok: false,
          message: t('"{0}" no longer has lines {1}: attach the selection again.', name, attachmentLabel(ref).split(':').pop() ?? ''),
        };
      const text = document.getText(new vscode.Range(startLine, startCharacter, endLine, endCharacter));
      if (text.length > MAX_SELECTION_CHARS)
        return {
          ok: false,
          message: t(
            'The selection is too long to attach (the limit is {0} characters).',
            MAX_SELECTION_CHARS.toLocaleString(vscode.env.language),
          ),
        };
      resolved.push(toSdkAttachment(ref, text));
    }
    return { ok: true, value: resolved };
  }
}

/** An attachment as the API takes it (`send(id, prompt, { attachments })`). */
export type ApiAttachment =
  | { type: 'file'; uri: vscode.Uri }
  | { type: 'directory'; uri: vscode.Uri }
  | { type: 'selection'; uri: vscode.Uri; range: vscode.Range }
  /** The file's Problems (diagnostics) as text. */
  | { type: 'problems'; uri: vscode.Uri };

/** Checks the API's attachments like any other argument: exact shapes, file URIs, at most MAX_ATTACHMENTS. */
export function refsFromApi(raw: unknown): Checked<AttachmentRef[]> {
  if (!Array.isArray(raw)) return { ok: false, message: 'attachments must be an array' };
  if (raw.length > MAX_ATTACHMENTS) return { ok: false, message: `at most ${MAX_ATTACHMENTS} attachments go with one prompt` };
  const refs: AttachmentRef[] = [];
  for (const [i, item] of raw.entries()) {
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const keys = Object.keys(record).sort().join(',');
    const uri = record.uri;
    if (!(uri instanceof vscode.Uri) || uri.scheme !== 'file') return { ok: false, message: `attachments[${i}].uri must be a file URI` };
    if ((record.type === 'file' || record.type === 'directory' || record.type === 'problems') && keys === 'type,uri') {
      refs.push({ type: record.type, path: uri.fsPath });
      continue;
    }
    const range = record.range;
    if (record.type === 'selection' && keys === 'range,type,uri' && range instanceof vscode.Range) {
      const { start, end } = range;
      refs.push({
        type: 'selection',
        path: uri.fsPath,
        range: { startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character },
      });
      continue;
    }
    return {
      ok: false,
      message: `attachments[${i}] must be { type: 'file' | 'directory' | 'problems', uri } or { type: 'selection', uri, range }`,
    };
  }
  return { ok: true, value: refs };
}
