import { HttpException, HttpStatus } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AppSecrets } from './common/app-secrets.service';
import { httpLogger, PinoNestLogger } from './common/logging/logger';
import { ViewService } from './common/views/view.service';
import { sendError } from './common/web/error.filter';
import { inputGuard } from './common/web/input-guard';
import { MetricsService } from './metrics/metrics.service';
import { languageMiddleware, proxyWarningMiddleware } from './common/web/request-context';
import { AppConfig, PROJECT_ROOT } from './config/config';

/** Icons browsers fetch from the root on their own (the pages name the same files under /static). */
const ICON_PATHS = new Map([
  ['/favicon.ico', 'favicon.ico'],
  ['/apple-touch-icon.png', 'apple-touch-icon.png'],
  ['/apple-touch-icon-precomposed.png', 'apple-touch-icon.png'],
]);

/** Builds the HTTP application (not listening yet) on an already migrated database. */
export async function createApp(
  config: AppConfig,
  dataSource: DataSource,
  logger: Logger,
): Promise<NestExpressApplication> {
  // Routes match case-sensitively: /C/<token> is no case link (and so never served under a path
  // spelled in a way a log filter might miss). Set before Nest builds the router, which reads it once.
  const server = express();
  server.set('case sensitive routing', true);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, dataSource),
    new ExpressAdapter(server),
    {
      bodyParser: false,
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    },
  );
  await app.get(AppSecrets).load();
  const views = app.get(ViewService);

  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      // The case link is a secret in the URL: it must never travel in a Referer header.
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: config.behindTls ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Nothing but the static assets may be kept by a browser or proxy: API answers hold message
  // text and personal data, pages a help-seeker's case. A route that is public may say otherwise.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/static/') && !ICON_PATHS.has(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(httpLogger(logger.child({ component: 'http' })));
  app.use(cookieParser());
  app.use(languageMiddleware(config.behindTls));
  app.use(
    proxyWarningMiddleware(config.trustProxy, (message) => {
      logger.warn({ component: 'http' }, message);
      if (config.env !== 'test') process.stderr.write(`\nWARNING: ${message}\n\n`);
    }),
  );
  app.use('/static', express.static(path.join(PROJECT_ROOT, 'templates', 'static'), { maxAge: '1h', index: false }));
  // Browsers ask for these at the root whatever the page says: answer them, not 404.
  for (const [route, file] of ICON_PATHS)
    app.use(route, (req: Request, res: Response) =>
      res.sendFile(path.join(PROJECT_ROOT, 'templates', 'static', file), { maxAge: '1d' }),
    );

  // Body parsers wrapped so an oversized or malformed body becomes our 413/400, not Express's page.
  const parsers = [
    express.json({ limit: config.bodyLimitBytes }),
    express.urlencoded({ extended: false, limit: config.bodyLimitBytes, parameterLimit: 100 }),
  ];
  for (const parse of parsers) {
    app.use((req: Request, res: Response, next: NextFunction) =>
      parse(req, res, (err?: { status?: number; type?: string }) => {
        if (!err) return next();
        const tooLarge = err.status === 413 || err.type === 'entity.too.large';
        const e = tooLarge
          ? new HttpException(
              { statusCode: 413, code: 'payload_too_large', message: 'errors.http413' },
              HttpStatus.PAYLOAD_TOO_LARGE,
            )
          : new HttpException(
              { statusCode: 400, code: 'invalid_body', message: 'errors.invalidBody' },
              HttpStatus.BAD_REQUEST,
            );
        sendError(req, res, e, views);
      }),
    );
  }
  // Prototype keys, NUL bytes, lone surrogates, absurd nesting: a 400 naming the field, before any route.
  app.use(inputGuard((req, res, e) => sendError(req, res, e, views)));

  const openApi = new DocumentBuilder()
    .setTitle('Luister API')
    .setDescription(
      'Anonymous e-mail counselling: help-seeker intake and case access. Errors: `{ statusCode, code, message, fields? }`.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The case token from POST /api/v1/questions' },
      'case-token',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'A staff access token from POST /api/v1/auth/login. Browsers use the luister.sid session cookie instead; ' +
          "with the cookie, POST/PUT/PATCH/DELETE also need the page's CSRF token in X-CSRF-Token and a same-origin " +
          'Origin (403 `csrf_failed` otherwise). Any route: a body or query with a prototype key, a NUL byte, a lone ' +
          'surrogate, or nested deeper than 10 / more than 1,000 fields is a 400 naming the field.',
      },
      'staff',
    )
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });

  return app;
}
