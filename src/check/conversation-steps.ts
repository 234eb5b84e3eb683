// The ActiveSync conversation in the `check` checklist: one eas.sync run becomes the steps
// provision, foldersync, settings, sync (and ping when asked), each with its own status, so
// the verdict names the first command that did not succeed.
import type { StepRecord, StepId } from '../probes/lib/eas/conversation.js';

/** How the conversation's steps read in the checklist. */
export const CONVERSATION_LABELS: Readonly<Record<StepId, string>> = { provision: 'Provision', foldersync: 'FolderSync', settings: 'Settings', sync: 'Sync', ping: 'Ping' };

/** The step ids shown: ping only when asked. */
export function conversationIds(ping: boolean): StepId[] {
  return (['provision', 'foldersync', 'settings', 'sync', 'ping'] as const).filter((id) => ping || id !== 'ping');
}

/** What each conversation report is built from (the shape of run-check's StepReport). */
export interface ConversationBase {
  probe: string;
  params: Record<string, unknown>;
  status: 'pass' | 'warn' | 'fail' | 'skip';
  classification?: string;
  summary: string;
  evidence?: Record<string, unknown>;
  durationMs: number;
}

/**
 * One eas.sync result -> one report per conversation step. A failure before the first command
 * (OPTIONS, protocol version, withheld credentials, a timeout) is shown on `provision`.
 */
export function conversationReports<R extends ConversationBase>(base: R, ping: boolean): (R & { step: StepId; label: string })[] {
  const ids = conversationIds(ping);
  const at = (id: StepId, r: Partial<ConversationBase>) => ({ ...base, ...r, step: id, label: CONVERSATION_LABELS[id] });
  if (base.status === 'skip') return ids.map((id) => at(id, {}));
  const records = base.evidence?.steps as StepRecord[] | undefined;
  const { steps: _steps, ...shared } = base.evidence ?? {};
  if (!records) {
    return ids.map((id, i) => (i === 0 ? at(id, { evidence: shared }) : at(id, { status: 'skip', classification: undefined, summary: `skipped: the conversation ended at ${base.classification}`, evidence: undefined, durationMs: 0 })));
  }
  const brief = { protocolVersion: shared.protocolVersion, deviceId: shared.deviceId, deviceType: shared.deviceType };
  return ids.map((id) => {
    const rec = records.find((r) => r.step === id);
    if (!rec || rec.outcome === 'skipped') return at(id, { status: 'skip', classification: undefined, summary: rec?.summary ?? 'skipped', evidence: undefined, durationMs: 0 });
    const evidence = { ...(id === 'provision' ? shared : brief), commands: rec.commands, ...(rec.detail ? { detail: rec.detail } : {}) };
    if (rec.outcome === 'ok') return at(id, { status: 'pass', classification: 'ok', summary: rec.summary, evidence, durationMs: rec.ms });
    return at(id, { summary: rec.summary, evidence, durationMs: rec.ms });
  });
}
