import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppSecrets } from './common/app-secrets.service';
import { RateLimitService } from './common/rate-limit/rate-limit.service';
import { ViewService } from './common/views/view.service';
import { CsrfService } from './common/web/csrf.service';
import { ErrorFilter } from './common/web/error.filter';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { InboxModule } from './inbox/inbox.module';
import { SearchModule } from './search/search.module';
import { StaffModule } from './staff/staff.module';
import { StaffCaseModule } from './cases/staff-case.module';
import { IntakeModule } from './intake/intake.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { MailboxesModule } from './mail/mailboxes/mailboxes.module';
import { OutboundMailModule } from './mail/outbound/outbound-mail.module';
import { RoutingModule } from './routing/routing.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ReferralsModule } from './referrals/referrals.module';
import { RepliesModule } from './replies/replies.module';
import { CaseRepliesPortModule } from './replies/unsent-replies';
import { PrivacyModule } from './privacy/privacy.module';
import { MetricsModule } from './metrics/metrics.module';
import { EvaluationWebModule } from './evaluation/evaluation-web.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { CaseLinkModule } from './intake/case-link.module';
import { NotificationsModule } from './notifications/notifications.module';

/** Configuration, database and the small shared web services, available to every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useValue: dataSource },
        AppSecrets,
        RateLimitService,
        ViewService,
        CsrfService,
      ],
      exports: [APP_CONFIG, DataSource, AppSecrets, RateLimitService, ViewService, CsrfService],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, dataSource),
        JobsModule,
        RoutingModule,
        OrganisationsModule,
        IntakeModule,
        OutboundMailModule,
        NotificationsModule,
        CaseRepliesPortModule,
        MailModule,
        MailboxesModule,
        AuthModule,
        InboxModule,
        StaffCaseModule,
        AuditModule,
        AdminModule,
        ReferralsModule,
        RepliesModule,
        PrivacyModule,
        MetricsModule,
        EvaluationWebModule,
        DashboardModule,
        SearchModule,
        StaffModule,
        // Last: its `c/:token` route must come after every fixed `/c/…` route (CaseLinkController).
        CaseLinkModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
