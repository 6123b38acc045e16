/**
 * Where a reply that is still streaming can be cut so that what comes before the cut never has to be rendered
 * again: after a finished Markdown block (a blank line outside a code fence), and, inside a long paragraph, after a
 * space where no inline mark (code span, emphasis, link, HTML) is left open. The webview renders each finished part
 * once and re-renders only the open tail (src/webview/streamingRender.ts), so a frame's cost does not grow with the
 * reply. A cut can only differ from the whole text's rendering in details that need later text (a list loosened by
 * a blank line, a reference link defined further down); the finished reply is rendered whole once.
 */

/** An opening code fence: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** The first line of a block that is not a plain paragraph (heading, quote, list, fence, table, HTML, indented code). */
const NOT_PARAGRAPH = /^(?: {0,3}(?:#{1,6}(?:\s|$)|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|`{3,}|~{3,}|<|\|)| {4}|\t)/;
/** A line that would turn the paragraph above it into a heading or end it (setext underline, thematic break, table). */
const PARAGRAPH_BREAKER = /\n {0,3}(?:=+|-+|(?:[-*_] *){3,})[ \t]*(?:\n|$)|\|/;

/**
 * The end of the last finished block of `text` at or after `from` (which must be a block boundary): just after the
 * last blank line that is outside a code fence. `from` when no block finished since.
 */
export function finishedBlocksEnd(text: string, from: number): number {
  let end = from;
  let fence: string | undefined;
  let lineStart = from;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    // The last line is not finished until its newline arrives.
    if (newline < 0) break;
    const line = text.slice(lineStart, newline);
    const next = newline + 1;
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && line.trim() === close[1]) fence = undefined;
    } else {
      const open = FENCE.exec(line);
      if (open) fence = open[1];
      else if (line.trim() === '') end = next;
    }
    lineStart = next;
  }
  return end;
}

/** The open tail is one plain paragraph, whose inline text can be cut into parts (see inlineCuts). */
export function isPlainParagraph(tail: string): boolean {
  return !NOT_PARAGRAPH.test(tail) && !PARAGRAPH_BREAKER.test(tail);
}

/**
 * Offsets (relative to `paragraph`, after `from`) where the paragraph's inline text can be cut into parts of at
 * least `minPart` characters: after a space or newline, with every inline mark before it closed (a code span, an
 * odd number of emphasis runs, a link's brackets or "(destination "title")", an HTML tag), and not after an
 * escaping backslash. `from` must itself be a cut (or 0). Plain counters, not an object: this runs in the webview
 * bundle, whose size has a budget (property names are not minified).
 */
export function inlineCuts(paragraph: string, from: number, minPart: number): number[] {
  const cuts: number[] = [];
  // The backtick run that opened the code span we are in (0: none); it closes with a run of the same length.
  let codeRun = 0;
  let stars = 0;
  let underscores = 0;
  let tildes = 0;
  let brackets = 0;
  let parens = 0;
  let angles = 0;
  let last = from;
  for (let i = from; i < paragraph.length; i++) {
    const c = paragraph[i];
    if (c === '`') {
      let run = 1;
      while (paragraph[i + run] === '`') run++;
      codeRun = codeRun === 0 ? run : codeRun === run ? 0 : codeRun;
      i += run - 1;
    } else if (codeRun) {
      // Inside a code span nothing else is a mark.
    } else if (c === '\\') {
      i++; // The escaped character is literal.
    } else if (c === '*' || c === '_' || c === '~') {
      let run = 1;
      while (paragraph[i + run] === c) run++;
      // snake_case: underscores inside a word are no emphasis (GFM).
      if (c === '*') stars++;
      else if (c === '~') tildes++;
      else if (!(isWordChar(paragraph[i - 1]) && isWordChar(paragraph[i + run]))) underscores++;
      i += run - 1;
    } else if (c === '[') brackets++;
    else if (c === ']') brackets = Math.max(0, brackets - 1);
    else if (c === '(' && (parens > 0 || paragraph[i - 1] === ']')) parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    else if (c === '<') angles++;
    else if (c === '>') angles = Math.max(0, angles - 1);
    else if (
      (c === ' ' || c === '\n') &&
      i + 1 - last >= minPart &&
      i + 1 < paragraph.length &&
      (stars | underscores | tildes) % 2 === 0 &&
      brackets + parens + angles === 0
    ) {
      cuts.push(i + 1);
      last = i + 1;
    }
  }
  return cuts;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * A line, outside code fences, that makes the reply's blocks render differently apart than whole: a list item (a
 * later blank line loosens the list), a reference definition or footnote (used before it is defined), an HTML block
 * or indented code (both can span blank lines).
 */
const RENDERS_WHOLE_ONLY = /^(?: {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)| {0,3}\[[^\]]+\]:| {0,3}<| {4}|\t)/;
/** A hard line break (two spaces or a backslash at the end of a line): a cut after it would lose the break. */
const HARD_BREAK = /(?: {2,}|\\)$/;

/**
 * Whether a finished reply rendered in its streamed parts (src/webview/streamingRender.ts) reads the same as the
 * whole text rendered at once; when it does, the parts on screen are kept instead of rendering the reply again.
 */
export function partsRenderLikeWhole(text: string): boolean {
  let fence: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = FENCE.exec(line);
    if (fence) {
      if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length && line.trim() === marker[1]) fence = undefined;
    } else if (marker) fence = marker[1];
    else if (RENDERS_WHOLE_ONLY.test(line) || (HARD_BREAK.test(line) && i + 1 < lines.length)) return false;
  }
  return true;
}
