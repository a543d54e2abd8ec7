import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { Public } from '@onething/auth';
import { RETRY_AFTER_SECONDS } from '@onething/http';
import { ReadModel } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { z } from 'zod';
import { ApiRoute } from '../openapi/api-route.decorator';

type Check = { status: 'up' | 'down'; latencyMs: number; error?: string };

const checkSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ postgres: checkSchema, temporal: checkSchema }),
});

async function timed(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const started = Date.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message };
  }
}

export const livenessResponseSchema = z.object({ status: z.literal('ok') });

/**
 * Liveness (`/health/live`: the process serves requests; restart it when this fails) and readiness
 * (`/health/ready`, and `/health` as before: PostgreSQL and Temporal answer; send no traffic when 503).
 * A dependency outage makes the API unready, never dead: restarting it would not bring PostgreSQL back.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly readModel: ReadModel,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @Public()
  @ApiRoute({ summary: 'Liveness: the API process answers', response: livenessResponseSchema })
  live() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @Public()
  @ApiRoute({
    summary: 'Readiness: PostgreSQL and Temporal answer (503 when not)',
    response: healthResponseSchema,
    alsoStatus: [503],
  })
  ready(@Res({ passthrough: true }) response: Response) {
    return this.check(response);
  }

  @Get()
  @Public()
  @ApiRoute({
    summary: 'Whether PostgreSQL and Temporal answer (503 when not); the same as /health/ready',
    response: healthResponseSchema,
    alsoStatus: [503],
  })
  async check(@Res({ passthrough: true }) response: Response) {
    const [postgres, temporal] = await Promise.all([
      timed(() => this.readModel.database.ping()),
      // A gRPC deadline, so the probe call ends by itself rather than lingering after the race is lost.
      timed(() =>
        this.temporal.connection.withDeadline(Date.now() + 2000, () =>
          this.temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const up = postgres.status === 'up' && temporal.status === 'up';
    response.status(up ? 200 : 503);
    if (!up) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return { status: up ? 'ok' : 'unavailable', checks: { postgres, temporal } };
  }
}
