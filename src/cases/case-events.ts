import { EntityManager } from 'typeorm';

/** Case event types written so far; later modules add theirs. Facts only, never text. */
export type CaseEventType = 'case.created' | 'message.received' | 'case.reopened';

export interface CaseEventInput {
  caseId: string;
  type: CaseEventType;
  regionId?: number;
  channel?: string;
  actorId?: string;
  data?: Record<string, string | number | boolean | null>;
}

export async function recordCaseEvent(manager: EntityManager, e: CaseEventInput): Promise<void> {
  await manager.query(
    `INSERT INTO case_event (case_id, type, region_id, channel, actor_id, data) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.caseId, e.type, e.regionId ?? null, e.channel ?? null, e.actorId ?? null, JSON.stringify(e.data ?? {})],
  );
}
