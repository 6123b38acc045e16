/**
 * The packaged extension in another display language, as a user sees it: for each shipped locale, code-server is
 * started with `--locale <xx>`, then the Sessions view, the command palette, a new session's quick inputs and its
 * panel are checked against the translations in package.nls.<xx>.json and l10n/bundle.l10n.<xx>.json (read at run
 * time, never copied here). Screenshots: test-results/locale-<xx>.png.
 *
 * What `--locale` does on its own: VS Code resolves the display language only if a language pack for it is
 * installed; otherwise it falls back to English, and so does `vscode.env.language` in the extension host, which is
 * what picks package.nls.<xx>.json and the vscode.l10n bundle. So each locale first proves that fallback, then
 * installs a stand-in language pack (a real language-pack extension that contributes the locale with no workbench
 * translations, built here because only npm and Debian are reachable) through "Extensions: Install from VSIX...",
 * reloads, and checks the extension's own strings. The workbench's strings stay English: the stand-in translates
 * nothing of VS Code itself, and none of its strings are asserted.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { repoRoot } from '../fixtures/codeServer';
import { type Harness, useHarness } from './harness';

const LOCALES = ['pt-br', 'zh-cn', 'zh-tw'] as const;
type Locale = (typeof LOCALES)[number];

type Messages = Record<string, string | { message: string }>;

function readMessages(relative: string): Record<string, string> {
  const raw = JSON.parse(readFileSync(path.join(repoRoot, relative), 'utf8')) as Messages;
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]));
}

/** A message by key; fails loudly (not with `undefined` in a selector) when a translation file lacks it. */
function pick(messages: Record<string, string>, key: string, file: string): string {
  const value = messages[key];
  assert.ok(typeof value === 'string' && value.trim() !== '', `${file} has no translation for ${JSON.stringify(key)}`);
  return value;
}

const format = (template: string, ...args: string[]): string =>
  template.replace(/\{(\d+)\}/g, (whole, i: string) => args[Number(i)] ?? whole);

// ---- a stand-in language pack, as a VSIX (a zip with extension/package.json) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A minimal zip (stored entries) of `files`. */
function zip(files: Array<[name: string, content: string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const LANGUAGE_NAMES: Record<Locale, [languageName: string, localizedLanguageName: string]> = {
  'pt-br': ['Portuguese (Brazil)', 'Português (Brasil)'],
  'zh-cn': ['Chinese Simplified', '中文(简体)'],
  'zh-tw': ['Chinese Traditional', '中文(繁體)'],
};

/** A language-pack extension for `locale` that translates nothing of VS Code itself; returns the VSIX's path. */
function writeStandInLanguagePack(locale: Locale, dir: string): string {
  const [languageName, localizedLanguageName] = LANGUAGE_NAMES[locale];
  const manifest = {
    name: `stand-in-language-pack-${locale}`,
    displayName: `Stand-in language pack (${locale})`,
    publisher: 'copilot-sessions-tests',
    version: '0.0.1',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName,
          localizedLanguageName,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  const file = path.join(dir, `stand-in-language-pack-${locale}.vsix`);
  writeFileSync(
    file,
    zip([
      ['extension/package.json', JSON.stringify(manifest, null, 2)],
      ['extension/translations/main.i18n.json', JSON.stringify({ version: '1.0.0', contents: {} })],
    ]),
  );
  return file;
}

/** A JSON object file, or undefined while it is missing or half written. */
function readJsonFile(file: string): Record<string, unknown> | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Words a relative time ("5 minutes ago") has in each locale; the English ones must not appear. */
const RELATIVE_TIME: Record<Locale, RegExp> = {
  'pt-br': /agora|há|segundo|minuto/,
  'zh-cn': /[现秒分钟前]/,
  'zh-tw': /[現秒分鐘前]/,
};

describe('Locales: the packaged VSIX in pt-br, zh-cn and zh-tw', function () {
  for (const locale of LOCALES) {
    describe(`Locale ${locale}`, function () {
      this.timeout(180000);
      const nlsFile = `package.nls.${locale}.json`;
      const bundleFile = `l10n/bundle.l10n.${locale}.json`;
      const nls = readMessages(nlsFile);
      const bundle = readMessages(bundleFile);
      const english = readMessages('package.nls.json');
      const nlsText = (key: string) => pick(nls, key, nlsFile);
      const t = (key: string) => pick(bundle, key, bundleFile);
      let h: Harness;

      useHarness({ name: `e2e-locale-${locale}`, locale, screenshotPrefix: `${locale}-` }, (started) => (h = started));

      const panel = (): FrameLocator => h.webview();
      const sidebar = (): Locator => h.page.locator('.sidebar');
      const quickInputTitle = (): Locator => h.quickInput().locator('.quick-input-title');

      /** Clicks the container's activity-bar entry (by its translated title) unless it is showing. */
      async function openSessionsView(): Promise<void> {
        const title = nlsText('copilotSessions.container');
        const icon = h.page.locator(`.activitybar [aria-label^="${title}"]`).first();
        await icon.waitFor({ state: 'visible', timeout: 60000 });
        const sidebarTitle = h.page.locator('.sidebar .composite.title', { hasText: title });
        if ((await sidebarTitle.count()) === 0) await icon.click();
        await sidebarTitle.first().waitFor({ state: 'visible', timeout: 30000 });
      }

      it('with --locale alone (no language pack) VS Code falls back to English, and so does the extension', async () => {
        const englishTitle = pick(english, 'copilotSessions.container', 'package.nls.json');
        await h.page.locator(`.activitybar [aria-label^="${englishTitle}"]`).first().waitFor({ state: 'visible', timeout: 60000 });
        assert.equal(
          await h.page.locator(`.activitybar [aria-label^="${nlsText('copilotSessions.container')}"]`).count(),
          0,
          'the container is already translated before any language pack: if --locale alone now localizes extensions, the stand-in pack is no longer needed',
        );
      });

      it('after installing a language pack and reloading, the view shows the translated welcome', async function () {
        this.timeout(240000);
        const vsix = writeStandInLanguagePack(locale, h.sandbox.root);
        // As a user: Extensions: Install from VSIX..., type the path in the file dialog, Enter.
        await h.runCommand('Extensions: Install from VSIX...');
        const input = h.quickInput().locator('input');
        // The dialog fills in its start folder once it has listed it; typing before that would be overwritten.
        await h.quickInput().locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15000 });
        await assertEventually(async () => {
          if ((await input.inputValue()) !== vsix) await input.fill(vsix);
          await h.page.waitForTimeout(300);
          return (await input.inputValue()) === vsix;
        });
        // The dialog may still be completing the path when Enter arrives (it then stays open): type and press again.
        for (let attempt = 1; ; attempt++) {
          await input.press('Enter');
          try {
            await h.quickInput().waitFor({ state: 'hidden', timeout: 10000 });
            break;
          } catch (error) {
            if (attempt === 3) throw error;
            if ((await input.inputValue()) !== vsix) await input.fill(vsix);
            await h.page.waitForTimeout(500);
          }
        }
        // The server records installed language packs in languagepacks.json; the next page load resolves the locale.
        const languagePacks = path.join(h.sandbox.userData, 'languagepacks.json');
        await until(`${locale} in ${languagePacks}`, () => locale in (readJsonFile(languagePacks) ?? {}), 60000);
        await h.reload();

        await openSessionsView();
        const welcome = nlsText('copilotSessions.welcome').split('\n')[0];
        await sidebar().getByText(welcome).waitFor({ state: 'visible', timeout: 30000 });
        // The welcome's button is the translated "New Session" (a command link in the same message).
        const button = /\[([^\]]+)\]\(command:copilotSessions\.newSession\)/.exec(nlsText('copilotSessions.welcome'))?.[1];
        assert.ok(button, `${nlsFile}: the welcome message has no New Session link`);
        await sidebar().getByRole('button', { name: button }).first().waitFor({ state: 'visible', timeout: 15000 });
        // The view's own name is translated too (its header is hidden while it is the container's only view).
        await sidebar()
          .locator('.pane-header', { hasText: nlsText('copilotSessions.view') })
          .first()
          .waitFor({ state: 'attached', timeout: 15000 });
      });

      it('the palette lists New Session under its translated title and category', async () => {
        const title = `${nlsText('copilotSessions.category')}: ${nlsText('cmd.newSession')}`;
        await h.page.keyboard.press('F1');
        const input = h.quickInput().locator('input');
        await input.waitFor({ state: 'visible', timeout: 15000 });
        await input.fill(`>${title}`);
        const row = h
          .quickInput()
          .locator('.quick-input-list .monaco-list-row', { hasText: nlsText('cmd.newSession') })
          .first();
        await row.waitFor({ state: 'visible', timeout: 15000 });
        const label = (await row.getAttribute('aria-label')) ?? (await row.textContent()) ?? '';
        assert.ok(label.includes(title), `palette row ${JSON.stringify(label)} shows ${JSON.stringify(title)}`);
        await input.press('Escape');
        await h.quickInput().waitFor({ state: 'hidden', timeout: 10000 });
      });

      it('New Session from the palette asks in the locale and opens a panel with translated labels', async () => {
        await h.runCommand(`${nlsText('copilotSessions.category')}: ${nlsText('cmd.newSession')}`);
        await quickInputTitle()
          .filter({ hasText: t('New Session: choose a model') })
          .waitFor({ state: 'visible', timeout: 60000 });
        await h.quickPick('stand-in-alpha');
        await quickInputTitle()
          .filter({ hasText: format(t('New Session ({0})'), 'stand-in-alpha') })
          .waitFor({ state: 'visible', timeout: 15000 });
        await h.acceptInput('');

        const prompt = panel().locator('#prompt');
        await prompt.waitFor({ state: 'visible', timeout: 60000 });
        await assertEventually(
          async () => (await prompt.getAttribute('placeholder')) === t('Ask Copilot (Enter to send, Shift+Enter for a new line)'),
        );
        assert.equal(await prompt.getAttribute('placeholder'), t('Ask Copilot (Enter to send, Shift+Enter for a new line)'));
        assert.equal(await prompt.getAttribute('aria-label'), t('Ask Copilot (Enter to send, Shift+Enter for a new line)'));
        assert.equal(await panel().locator('#send').getAttribute('title'), t('Send'));
        assert.equal(await panel().locator('#stop').getAttribute('title'), t('Stop'));
        await panel()
          .locator('#header .status', { hasText: t('Ready') })
          .waitFor({ timeout: 15000 });
        // vscode.env.language reaches the webview as its document language.
        assert.equal((await panel().locator('html').getAttribute('lang'))?.toLowerCase(), locale);
      });

      it('a reply shows translated role labels and times in the locale', async () => {
        const text = `hello from ${locale}`;
        const prompt = panel().locator('#prompt');
        await prompt.fill(text);
        await prompt.press('Enter');
        const reply = panel().locator('article.message.assistant', { hasText: `ECHO model=stand-in-alpha users=1 [${text}]` });
        await reply.waitFor({ timeout: 30000 });
        const mine = panel().locator('article.message.user', { hasText: text });
        assert.equal((await mine.locator('.role').textContent())?.trim(), t('You'));
        assert.equal((await reply.locator('.role').textContent())?.trim(), t('Copilot'));

        // The message time: formatted by the webview's Intl in vscode.env.language, not in English.
        const time = mine.locator('time');
        const shown = await time.evaluate((el: HTMLTimeElement, tag: string) => {
          const date = new Date(el.dateTime);
          return {
            text: el.textContent ?? '',
            title: el.title,
            inLocale: new Intl.DateTimeFormat(tag, { timeStyle: 'short' }).format(date),
            inEnglish: new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(date),
            fullInEnglish: new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'medium' }).format(date),
          };
        }, locale);
        assert.equal(shown.text, shown.inLocale, `message time ${JSON.stringify(shown.text)}`);
        assert.notEqual(shown.text, shown.inEnglish);
        assert.doesNotMatch(shown.text, /\b[AP]M\b/);
        assert.notEqual(shown.title, shown.fullInEnglish);
        if (locale === 'pt-br') assert.match(shown.title, / de \d{4}/, `full date ${JSON.stringify(shown.title)}`);
        else assert.match(shown.title, /\d{4}年\d{1,2}月\d{1,2}日/, `full date ${JSON.stringify(shown.title)}`);
        // zh-TW writes short times on a 12-hour clock with a day period (上午, 中午, 下午, 晚上, 凌晨, 午夜...).
        if (locale === 'zh-tw') assert.match(shown.text, /[午晨早晚夜]/, `12-hour time with a day period: ${shown.text}`);

        // The Sessions view: the item's last activity is a relative time in the locale, its status translated.
        await openSessionsView();
        // The first session row (the rows above it are its date group).
        const item = sidebar().locator('.monaco-list-row[role="treeitem"][aria-level="2"]').first();
        await item.waitFor({ state: 'visible', timeout: 15000 });
        const description = (await item.locator('.label-description').textContent()) ?? '';
        const relative = description.split(' · ').pop() ?? '';
        assert.ok(description.startsWith('stand-in-alpha · '), `item description ${JSON.stringify(description)}`);
        assert.match(relative, RELATIVE_TIME[locale], `relative time ${JSON.stringify(relative)}`);
        assert.doesNotMatch(relative, /\b(now|ago|second|minute)s?\b/i);
        await assertEventually(async () => ((await item.getAttribute('aria-label')) ?? '').endsWith(`, stand-in-alpha, ${t('Idle')}`));

        const file = await h.screenshot(`locale-${locale}`);
        assert.ok(existsSync(file));
      });
    });
  }
});

/** Polls `check` until it holds (10 s), then fails with its last state. */
async function assertEventually(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`condition still false after ${timeoutMs} ms: ${check.toString().slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
