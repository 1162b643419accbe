import { Injectable, NotFoundException } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IntakeService } from '../intake/intake.service';
import { erasures } from '../metrics/process-metrics';
import { eraseCases, ErasureCounts } from './case-erasure';
import * as repo from './erasure.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Erasure on request: by the help-seeker (their case link) or by an admin (a reason, audited). */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('privacy');

  constructor(
    private readonly db: DataSource,
    private readonly intake: IntakeService,
    private readonly audit: AuditService,
  ) {}

  /** Erases the case behind the link at once; unknown (or already erased) links are 404. */
  async eraseByHelpSeeker(token: string): Promise<void> {
    const caseId = await this.db.transaction(async (m) => {
      const id = await this.intake.findCaseIdByToken(token, m);
      if (!id) throw notFound();
      const counts = await eraseCases(m, [id], 'help-seeker', new Date());
      if (!counts.cases) throw notFound();
      await this.audit.record(m, {
        actorId: null,
        action: 'case.erase',
        caseId: id,
        data: { by: 'help-seeker', ...counts },
      });
      return id;
    });
    erasures.inc({ by: 'help-seeker' });
    this.logger.log({ caseId, by: 'help-seeker' }, 'case erased');
  }

  /** The case's reference and whether it is erased, for the admin's confirmation page. */
  async caseSummary(caseId: string): Promise<{ caseRef: string; erased: boolean } | undefined> {
    if (!UUID.test(caseId)) return undefined;
    const c = await repo.caseRefAndErased(this.db, caseId);
    return c ? { caseRef: c.case_ref, erased: c.erased } : undefined;
  }

  /** An admin erases a case on the help-seeker's request (by phone, by mail); the reason goes into the audit log. */
  async eraseByAdmin(adminId: string, caseId: string, reason: string): Promise<ErasureCounts> {
    if (!UUID.test(caseId)) throw notFound();
    const counts = await this.db.transaction(async (m) => {
      const c = await repo.caseErasedAt(m, caseId);
      if (!c) throw notFound();
      const counts = await eraseCases(m, [caseId], 'admin', new Date());
      if (!counts.cases) throw new NotFoundException({ code: 'case_already_erased', message: 'errors.notFound' });
      await this.audit.record(m, {
        actorId: adminId,
        action: 'case.erase',
        caseId,
        data: { by: 'admin', reason, ...counts },
      });
      return counts;
    });
    erasures.inc({ by: 'admin' });
    this.logger.log({ caseId, by: 'admin' }, 'case erased');
    return counts;
  }
}

const notFound = () => new NotFoundException({ code: 'case_not_found', message: 'errors.notFound' });
