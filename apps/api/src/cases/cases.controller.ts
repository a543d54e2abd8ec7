import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ZodValidationPipe } from '@onething/http';
import { caseIdSchema, CaseView, SubmitCaseDto, submitCaseSchema } from './case.dto';
import { CasesService } from './cases.service';

@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  submit(@Body(new ZodValidationPipe(submitCaseSchema)) body: SubmitCaseDto): Promise<CaseView> {
    return this.cases.submit(body);
  }

  @Get(':id')
  get(@Param('id', new ZodValidationPipe(caseIdSchema)) id: string): Promise<CaseView> {
    return this.cases.get(id);
  }
}
