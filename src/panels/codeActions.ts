/**
 * A reply's code block, taken out of the panel: Insert at Cursor puts it into the text editor the user last worked in
 * (focusing the panel leaves `activeTextEditor` undefined, so that editor is remembered here), and Open in New
 * Editor shows it in an untitled document in its language.
 */
import * as vscode from 'vscode';
import { languageIdFor } from '../core/codeLanguage';

interface RememberedEditor {
  uri: vscode.Uri;
  selections: readonly vscode.Selection[];
  viewColumn: vscode.ViewColumn | undefined;
}

export class CodeActions implements vscode.Disposable {
  private last: RememberedEditor | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor)),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.remember(event.textEditor);
      }),
    ];
  }

  /** The text editor the user last worked in, with its selections (the Attach button's "current selection"). */
  get lastEditor(): { uri: vscode.Uri; selections: readonly vscode.Selection[] } | undefined {
    return this.last;
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    // The Output panel and similar read-only views are text editors too; they are not where code goes.
    if (!editor || editor.document.uri.scheme === 'output') return;
    this.last = { uri: editor.document.uri, selections: editor.selections, viewColumn: editor.viewColumn };
  }

  async insert(code: string): Promise<void> {
    const last = this.last;
    if (!last) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Open a file in an editor and place the cursor, then choose Insert at Cursor again.'),
      );
      return;
    }
    const target = last.uri.toString();
    // Still visible (e.g. in the group beside the panel): edit it where it is. Otherwise bring it back first.
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target) ??
      (await vscode.window.showTextDocument(last.uri, { viewColumn: last.viewColumn, selection: last.selections[0] }));
    const selections = editor.document.uri.toString() === target && last.selections.length ? last.selections : editor.selections;
    const done = await editor.edit((edit) => {
      for (const selection of selections) edit.replace(selection, code);
    });
    if (!done) void vscode.window.showWarningMessage(vscode.l10n.t('The code could not be inserted: the editor did not accept the edit.'));
  }

  async open(code: string, label: string | undefined): Promise<void> {
    const language = languageIdFor(label, await vscode.languages.getLanguages());
    const document = await vscode.workspace.openTextDocument({ content: code, ...(language ? { language } : {}) });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
