import { Controller, Get, HttpStatus, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExcludeController,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, StaffAuthGuard } from '../auth/staff-auth.guard';
import { StaffIdentity } from '../auth/staff-identity';
import { translate } from '../common/i18n/i18n';
import { InputInvalidException } from '../common/validation';
import { ApiErrorDto } from '../common/web/api-error.dto';
import { langOf } from '../common/web/request-context';
import { StaffViews } from '../staff/staff-views.service';
import { CaseTransfersService } from './case-transfers.service';
import { TRANSFER_REASONS } from './transfer-note';

class TransferOrganisationDto {
  @ApiProperty({ example: 'caw-oost-vlaanderen' }) code!: string;
  @ApiProperty({ example: 'CAW Oost-Vlaanderen' }) name!: string;
}

class TransferredOutDto {
  @ApiProperty({ example: 'L-7K3M9QX' }) caseRef!: string;
  @ApiProperty({ format: 'date-time' }) transferredAt!: string;
  @ApiProperty({ example: 'amsterdam', description: 'The sending region (one of yours)' }) fromRegionCode!: string;
  @ApiProperty({ type: TransferOrganisationDto }) toOrganisation!: TransferOrganisationDto;
  @ApiProperty({ enum: TRANSFER_REASONS }) reason!: string;
}

class TransferredOutPageDto {
  @ApiProperty({ type: [TransferredOutDto], description: 'Newest first; never content, never the receiving region' })
  items!: TransferredOutDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Cursor for `after=`; null on the last page' })
  next!: string | null;
}

/**
 * What the sending organisation sees of cases it transferred to another organisation: that it
 * did, when, to whom and why; the case itself answers 404 to it from then on.
 */
@ApiTags('staff cases')
@ApiBearerAuth('staff')
@Controller('api/v1/transfers')
@UseGuards(StaffAuthGuard)
export class CaseTransfersApiController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Get()
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` cursor of the previous page' })
  @ApiOkResponse({
    type: TransferredOutPageDto,
    description: 'Cases your regions transferred to another organisation (platform admin: all)',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async list(
    @Query() q: { limit?: string; after?: string },
    @CurrentStaff() staff: StaffIdentity,
  ): Promise<TransferredOutPageDto> {
    const page = await this.transfers.transferredOut(staff, q);
    return {
      items: page.items.map((i) => ({
        caseRef: i.caseRef,
        transferredAt: new Date(i.transferredAt).toISOString(),
        fromRegionCode: i.fromRegionCode,
        toOrganisation: i.toOrganisation,
        reason: i.reason,
      })),
      next: page.next,
    };
  }
}

/** /inbox/transferred: the "Overgedragen" list beside the inbox. */
@ApiExcludeController()
@Controller('inbox/transferred')
@UseGuards(StaffAuthGuard)
export class CaseTransfersPagesController {
  constructor(
    private readonly transfers: CaseTransfersService,
    private readonly views: StaffViews,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response, @CurrentStaff() staff: StaffIdentity): Promise<void> {
    const lang = langOf(res);
    let page;
    let status: number = HttpStatus.OK;
    try {
      page = await this.transfers.transferredOut(staff, { after: req.query.after });
    } catch (e) {
      if (!(e instanceof InputInvalidException)) throw e;
      page = await this.transfers.transferredOut(staff, {});
      status = HttpStatus.BAD_REQUEST;
    }
    this.views.send(
      req,
      res,
      'staff/transferred',
      {
        titleKey: 'transfers.title',
        rows: page.items.map((i) => ({ ...i, reasonLabel: translate(lang, `transfers.reason.${i.reason}`) })),
        nextHref: page.next ? `/inbox/transferred?after=${encodeURIComponent(page.next)}` : null,
        done: req.query.done === '1',
        invalid: status !== HttpStatus.OK,
      },
      status,
    );
  }
}
