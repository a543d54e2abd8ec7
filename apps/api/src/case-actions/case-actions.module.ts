import { Module } from '@nestjs/common';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';

@Module({ controllers: [CaseActionsController], providers: [CaseActionsService] })
export class CaseActionsModule {}
