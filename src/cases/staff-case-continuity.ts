import { EntityManager } from 'typeorm';
import * as repo from './continuity.repository';
import { recordCaseEvent } from './case-events';

/**
 * Continuity: a help-seeker who writes again with the same e-mail address (a new e-mail case,
 * or a web question with that address) is offered to the worker who answered them before —
 * the author of the latest reply, else the worker their earlier case was assigned to — as long
 * as that worker is active, works in the new case's region and belongs to that region's
 * organisation: continuity never crosses organisations (not after a transfer, not for someone who
 * changed organisation but kept an old region row, not for the platform admin, who belongs to
 * none). The case is assigned to them but stays `new` (it shows in their "mine" view; they or a
 * colleague can still hand it on). While that worker is absent, their substitute gets it
 * instead, or nobody (the region's team).
 * Returns the worker's id, or null when there is nobody to offer it to.
 */
export async function offerToPreviousWorker(
  m: EntityManager,
  c: { caseId: string; regionId: number; email?: string | null },
): Promise<string | null> {
  const email = c.email?.trim();
  if (!email) return null;
  const w = await repo.previousWorker(m, email, c.caseId, c.regionId);
  if (!w) return null;
  // Absent (issue 17 item 4): to their substitute when that colleague is active, works in this
  // region and is not away too; else to nobody, so the case waits in the region's unassigned view.
  let to: string = w.id;
  let how = 'continuity';
  const away = await repo.currentAbsence(m, w.id);
  if (away) {
    const sub = away.substitute_id ? await repo.availableSubstitute(m, away.substitute_id, c.regionId) : undefined;
    if (!sub) return null;
    to = sub.id;
    how = 'continuity-substitute';
  }
  await repo.assignIfUnassigned(m, c.caseId, to);
  await recordCaseEvent(m, {
    caseId: c.caseId,
    type: 'case.assigned',
    regionId: c.regionId,
    data: { how, to },
  });
  return to;
}
