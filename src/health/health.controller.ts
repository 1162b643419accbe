import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/** Liveness for load balancers: 200 while the database answers, 503 otherwise. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOkResponse({ description: '{ status: "ok", database: "up" }' })
  @ApiServiceUnavailableResponse({ description: '{ status: "error", database: "down" }' })
  async check(@Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      res.status(200).json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'error', database: 'down' });
    }
  }
}
