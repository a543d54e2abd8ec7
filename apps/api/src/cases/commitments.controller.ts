import { Controller, Get } from '@nestjs/common';
import { ApiRoute } from '../openapi/api-route.decorator';
import { z } from 'zod';
import { Allow } from '@onething/auth';
import { ReadModel } from '@onething/persistence';

/** `GET /admin/commitments`: per definition, its cases with a commitment by state. */
export const CommitmentSummaryResponseSchema = z.object({
  items: z.array(
    z.object({
      definitionKey: z.string(),
      onTime: z.number().int(),
      dueSoon: z.number().int(),
      breachedOpen: z.number().int(),
      breachedClosed: z.number().int(),
      met: z.number().int(),
    }),
  ),
  /** Open cases past their commitment, over every definition (the figure to alert on). */
  breachedOpen: z.number().int(),
});
export type CommitmentSummaryResponse = z.infer<typeof CommitmentSummaryResponseSchema>;

/**
 * Monitoring of the cases' commitments (承诺时限): how many are on time, due soon, breached. The cases
 * themselves: `GET /cases?commitment=breached`.
 */
@Controller('admin/commitments')
export class CommitmentsController {
  constructor(private readonly readModel: ReadModel) {}

  @Get()
  @ApiRoute({
    summary: 'Cases with a commitment, by its state, per one-thing',
    response: CommitmentSummaryResponseSchema,
  })
  @Allow(['administrator', 'auditor'])
  async summary(): Promise<CommitmentSummaryResponse> {
    const items = await this.readModel.cases.commitmentSummary();
    return { items, breachedOpen: items.reduce((sum, item) => sum + item.breachedOpen, 0) };
  }
}
