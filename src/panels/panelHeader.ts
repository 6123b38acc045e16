/** The header of a session's panel: its title, model (and the one the runtime really uses), usage and origin. */
import type { SessionIndex } from '../core/sessionIndex';
import { AUTO_MODEL } from '../core/modelChoice';
import type { LiveSession } from '../sessions/liveSession';
import { sessionLabel } from '../sessions/registryTexts';
import type { SessionHeader } from '../shared/protocol';

/** What the runtime says the session uses (`model.getCurrent`). */
export interface RuntimeModel {
  modelId?: string;
  reasoningEffort?: string;
}

/** The tab's and the header's title: what the list calls the session. */
export function panelTitle(index: SessionIndex, id: string): string {
  const entry = index.get(id);
  return entry ? sessionLabel(entry) : id;
}

export function panelHeader(index: SessionIndex, id: string, live: LiveSession | undefined, runtimeModel?: RuntimeModel): SessionHeader {
  const entry = index.get(id);
  const model = entry?.model ?? live?.model ?? '';
  const actual = live?.answeringModel ?? runtimeModel?.modelId;
  const parent = entry?.forkedFrom ? index.get(entry.forkedFrom) : undefined;
  return {
    sessionId: id,
    title: panelTitle(index, id),
    model,
    tokens: live?.usageTokens || undefined,
    cost: live?.usageCost || undefined,
    // Auto resolves to a model per turn: that is not "another model than asked for".
    ...(actual && actual !== model && model !== AUTO_MODEL ? { actualModel: actual } : {}),
    ...(runtimeModel?.reasoningEffort ? { reasoningEffort: runtimeModel.reasoningEffort } : {}),
    ...(live?.context ? { context: live.context } : {}),
    ...(entry?.forkedFrom ? { forkedFrom: { sessionId: entry.forkedFrom, title: parent ? sessionLabel(parent) : entry.forkedFrom } } : {}),
  };
}
