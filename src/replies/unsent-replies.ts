import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CASE_REPLIES, type CaseReplies } from '../cases/case-replies';
import { discardUnsent } from './replies.repository';

/** The replies side of the CASE_REPLIES port: only this module writes `reply`. */
@Injectable()
export class UnsentReplies implements CaseReplies {
  async discardUnsent(m: EntityManager, caseId: string): Promise<number> {
    // Review steps and chosen referrals go with their reply (ON DELETE CASCADE).
    return discardUnsent(m, caseId);
  }
}

/** Global, like the notifications ports, so the cases module can ask without importing replies. */
@Global()
@Module({ providers: [UnsentReplies, { provide: CASE_REPLIES, useExisting: UnsentReplies }], exports: [CASE_REPLIES] })
export class CaseRepliesPortModule {}
