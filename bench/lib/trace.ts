/**
 * An optional Chromium trace of one span of a run (open it in DevTools' Performance panel): where the renderer's
 * frames and tasks go, with garbage collections and layouts. Only when the variable names a file.
 */
import type { Page } from 'playwright-core';
import type { Agent } from './agent';

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'toplevel',
  'disabled-by-default-v8.cpu_profiler',
];

export async function traced<T>(
  page: Page,
  variable: 'BENCH_TRACE' | 'BENCH_TRACE_SCROLL' | 'BENCH_TRACE_OVERHEAD',
  span: () => Promise<T>,
): Promise<T> {
  const file = process.env[variable];
  const browser = page.context().browser();
  if (!file || !browser) return span();
  await browser.startTracing(page, { path: file, categories: TRACE_CATEGORIES });
  try {
    return await span();
  } finally {
    await browser.stopTracing();
  }
}

/**
 * BENCH_PROFILE_HOST=<folder>: a CPU profile of the extension host over the span, as <folder>/<name>.cpuprofile
 * (open it in DevTools' Performance panel, or summarize it with scripts/profile-summary.mjs).
 */
export async function profiledHost<T>(agent: Agent, name: string, span: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE_HOST;
  if (!folder) return span();
  await agent.op('profileStart');
  try {
    return await span();
  } finally {
    await agent.op('profileStop', { file: `${folder}/${name}.cpuprofile` });
  }
}
