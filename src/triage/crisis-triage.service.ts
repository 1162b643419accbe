import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SlaService } from '../sla/sla.service';
import { triage } from './crisis-triage';

/** Flags a case as crisis when an incoming message holds a crisis phrase; never clears it. */
@Injectable()
export class CrisisTriageService {
  constructor(private readonly sla: SlaService) {}

  /** Call before the SLA hook of the same message, so its target starts under the crisis policy. */
  async scan(m: EntityManager, caseId: string, text: string, now: Date): Promise<boolean> {
    const r = triage(text);
    // The reason names the matched phrase ids only: case events hold facts, never message text.
    if (r.crisis) await this.sla.setCrisis(m, caseId, true, now, { source: 'triage', reason: r.phraseIds.join(' ') });
    return r.crisis;
  }
}
