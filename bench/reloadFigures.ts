/** The window reload figure: every restored panel's history on screen, many panels vs one (bench/sections/reload.ts). */
import type { Figure, Scope } from './figures';
import { median, ms } from './lib/stats';

export function reloadFigures({ raw, sizes, missing, failedSection, fig }: Scope): Figure[] {
  const r = raw.reload;
  const title = (n: number) => `Window reload: ${n} restored panels vs one, every history on screen`;
  if (!r || !r.one.length || !r.many.length) return [missing('reload.panels', title(sizes.reloadPanels), failedSection('reload'))];
  const m = median(r.many.map((x) => x.lastMs));
  const b = median(r.one.map((x) => x.lastMs));
  const part = (list: typeof r.one, key: 'helloMs' | 'afterActivateMs' | 'firstMs') => ms(median(list.map((x) => x[key])));
  const after = median(r.many.map((x) => x.afterActivateMs)) / median(r.one.map((x) => x.afterActivateMs));
  return [
    fig({
      id: 'reload.panels',
      figure: title(r.panels),
      measured: ms(m),
      baseline: ms(b),
      ratio: m / b,
      values: { ...r },
      note: `medians of ${r.many.length} reloads each, alternating, sessions of ${r.turns} turns, Developer: Reload Window → the last restored panel's history-rendered mark; "on screen": the ${r.panels} panels in a grid of ${r.panels} editor groups, each the active tab of its group (VS Code loads only visible webviews, and restores a background tab only when it is shown); the benchmark's copy of the extension activates when the new extension host's agent calls in, not on onWebviewPanel; of the time, the workbench and extension host restart (reload → agent) ${part(r.many, 'helloMs')} vs ${part(r.one, 'helloMs')}; from activate() to the last history ${part(r.many, 'afterActivateMs')} vs ${part(r.one, 'afterActivateMs')} (${after.toFixed(2)}x); first panel's history ${part(r.many, 'firstMs')} after the reload`,
    }),
  ];
}
