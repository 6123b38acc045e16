/**
 * Part of section `panels`: one reply of `deltas` deltas streamed as fast as the model sends, compared by content
 * with what the model sent (`#long:n` streams "w0 ", "w1 ", ...) at each step: what the SDK handed the extension,
 * what the webview built from the host's messages, what it showed while streaming; and the host's posts per frame.
 */
import type * as probes from '../probes';
import type { Agent, Deltas, Timeline } from '../lib/agent';
import { log, type Bench } from '../lib/context';
import { measureCpu } from '../lib/proc';
import type { PanelSession } from '../lib/panel';
import type { StreamRun } from '../lib/raw';
import type { BareSend } from '../lib/sdk';

type Post = Timeline['posts'][number];

/** One frame at 60 Hz. */
const FRAME = 1000 / 60;

export async function measureStream(bench: Bench, agent: Agent, panel: PanelSession, bareStream: BareSend): Promise<void> {
  const n = bench.sizes.deltas;
  const since = Date.now();
  const { result: r, cpu } = await measureCpu(() => panel.send(`#long:${n} stream`, 'w0', `w${n - 1}`, 300_000));
  const hostDeltas = (await agent.op<Deltas>('deltas', { id: panel.sessionId, since }))[0];
  if (!hostDeltas) throw new Error('the hooks saw no streamed delta');
  // The host's times on the webview's clock: they are compared with what the webview saw.
  const clock = await panel.clockOffset();
  const shift = (t: number) => t + clock.offsetMs;
  const d = { ...hostDeltas, first: shift(hostDeltas.first), last: shift(hostDeltas.last) };
  const hostTimeline = await agent.op<Timeline>('timeline', { since });
  const timeline = { ...hostTimeline, posts: hostTimeline.posts.map((p) => ({ ...p, t: shift(p.t) })) };
  bench.raw.stream = { ...streamRun(n, r, d, timeline, bareStream), cpu, clock };
  log(`stream: ${JSON.stringify(bench.raw.stream)}`);
}

/** The most posts within one frame's span, sliding over the posts in time order. */
function busiest(list: Post[]): Post[] {
  let best: Post[] = [];
  for (let i = 0, j = 0; i < list.length; i++) {
    while (list[i].t - list[j].t >= FRAME) j++;
    if (i - j + 1 > best.length) best = list.slice(j, i + 1);
  }
  return best;
}

interface TokenComparison {
  expectedTokens: string[];
  tokens: string[];
  missingTokens: number;
  extraTokens: number;
  /** The first token index where they differ, -1 when the streamed tokens start what was sent. */
  differsAt: number;
}

/** Streamed text vs what was sent, as a multiset of tokens (missing, extra) and in order (first difference). */
function compareTokens(streamed: string, expected: string): TokenComparison {
  const expectedTokens = expected.split(/\s+/).filter(Boolean);
  const tokens = streamed.split(/\s+/).filter(Boolean);
  const unmatched = new Map<string, number>();
  for (const token of expectedTokens) unmatched.set(token, (unmatched.get(token) ?? 0) + 1);
  let extraTokens = 0;
  for (const token of tokens) {
    const left = unmatched.get(token) ?? 0;
    if (left > 0) unmatched.set(token, left - 1);
    else extraTokens++;
  }
  const missingTokens = [...unmatched.values()].reduce((sum, left) => sum + left, 0);
  const differsAt = tokens.findIndex((token, i) => token !== expectedTokens[i]);
  return { expectedTokens, tokens, missingTokens, extraTokens, differsAt };
}

function streamRun(n: number, r: probes.Recording, d: Deltas[number], timeline: Timeline, bareStream: BareSend): StreamRun {
  const streamed = r.stream[d.messageId] ?? Object.values(r.stream).sort((x, y) => y.length - x.length)[0] ?? '';
  const expected = Array.from({ length: n }, (_, i) => `w${i} `).join('');
  const { expectedTokens, tokens, missingTokens, extraTokens, differsAt } = compareTokens(streamed, expected);
  const shown = r.streamingText.split(/\s+/).filter(Boolean);
  const finalTokens = r.finalText.split(/\s+/).filter(Boolean);
  const posts = timeline.posts.filter((p) => p.t >= d.first && p.t <= r.doneAt);
  // Per frame while the deltas arrive; after the last one its text goes at once (PanelOutbox), judged apart.
  const whileStreaming = posts.filter((p) => p.t <= d.last);
  const worst = busiest(whileStreaming);
  const firstMsg = r.msgs.find((m) => m.type === 'deltas' || m.type === 'upsert')?.t ?? r.sendAt;
  const windowMsgs = r.msgs.filter((m) => m.t >= firstMsg && m.t <= r.doneAt);
  const frames = r.frames.filter((f) => f >= firstMsg && f <= r.doneAt);
  const perFrame = new Map<number, number>();
  for (const m of windowMsgs) {
    const slot = frames.filter((f) => f <= m.t).length;
    perFrame.set(slot, (perFrame.get(slot) ?? 0) + 1);
  }
  const lastDeltaMsg = [...r.msgs].reverse().find((m) => m.type === 'deltas');
  const lastPost = timeline.posts.find((p) => p.t >= d.last);
  const lastArrival = lastPost ? r.msgs.find((m) => m.t >= lastPost.t) : undefined;
  return {
    lastDeltaToPostMs: lastPost ? lastPost.t - d.last : Number.NaN,
    postToWebviewMs: lastPost && lastArrival ? lastArrival.t - lastPost.t : Number.NaN,
    webviewToDomMs: lastArrival ? r.lastAt - lastArrival.t : Number.NaN,
    hostDeltaSpanMs: d.last - d.first,
    minDeltaPostGapMs: Math.min(
      ...posts.filter((p) => p.type === 'deltas').map((p, i, list) => (i ? p.t - list[i - 1].t : Number.POSITIVE_INFINITY)),
    ),
    longestFrameGapMs: Math.max(0, ...frames.map((f, i) => (i ? f - frames[i - 1] : 0))),
    bareDeltaSpanMs: bareStream.lastDeltaMs - bareStream.firstDeltaMs,
    deltas: n,
    hostDeltas: d.count,
    receivedTokens: tokens.length,
    missingTokens,
    extraTokens,
    inOrder: streamed === expected,
    firstDifferenceAt: streamed === expected ? undefined : differsAt >= 0 ? differsAt : Math.min(tokens.length, n),
    sdkTextExact: d.text === expected,
    shownWhileStreamingTokens: shown.length,
    shownWhileStreamingIsPrefix: shown.every((token, i) => token === expectedTokens[i]),
    finalComplete: finalTokens.length === n && finalTokens.every((token, i) => token === `w${i}`),
    hostPosts: posts.length,
    hostDeltaPosts: posts.filter((p) => p.type === 'deltas').length,
    maxHostPostsPerFrame: worst.length,
    maxHostDeltaPostsPerFrame: busiest(whileStreaming.filter((p) => p.type === 'deltas')).length,
    lastTextPostGapMs: lastPost ? lastPost.t - Math.max(0, ...whileStreaming.filter((p) => p.t < lastPost.t).map((p) => p.t)) : Number.NaN,
    worstFrameTypes: worst.map((p) => p.type),
    webviewMessages: windowMsgs.length,
    webviewFrames: frames.length,
    maxWebviewMessagesPerFrame: Math.max(0, ...perFrame.values()),
    lastTextMs: r.lastAt - d.last,
    lastTextFromWebviewMs: lastDeltaMsg ? r.lastAt - lastDeltaMsg.t : Number.NaN,
    streamMs: r.doneAt - d.first,
  };
}
