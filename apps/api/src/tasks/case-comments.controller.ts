import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { z } from 'zod';
import { ApiRoute } from '../openapi/api-route.decorator';
import { CommentListQuery, commentListQuerySchema, CommentListResponseSchema } from './task.dto';
import { TaskCommentsService } from './task-comments.service';

export const caseIdSchema = z.uuid({ message: 'a case id (UUID)' });

/** The applicant's side of task comments: only those the department marked for them. */
@Controller('cases')
export class CaseCommentsController {
  constructor(private readonly comments: TaskCommentsService) {}

  @Get(':id/comments')
  @ApiRoute({
    summary: 'Comments the departments marked for the applicant',
    response: CommentListResponseSchema,
  })
  @Allow(['applicant', 'counter_clerk'])
  list(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Query(new ZodValidationPipe(commentListQuerySchema)) query: CommentListQuery,
  ) {
    return this.comments.forApplicant(caller, id, query);
  }
}
