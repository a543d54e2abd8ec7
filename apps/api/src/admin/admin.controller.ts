import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import {
  accountPatchSchema,
  Allow,
  Caller,
  departmentCodeSchema,
  departmentPatchSchema,
  IdentityService,
  newAccountSchema,
  newCredentialSchema,
  newDepartmentSchema,
  passwordResetSchema,
  passwordProblems,
  uuidParamSchema,
  type Actor,
  type Principal,
} from '@onething/auth';
import { ApiError, ApiErrorCode, ZodValidationPipe } from '@onething/http';
import { addressOf } from '../auth/auth.controller';
import { AccountReads } from './account-reads.service';
import {
  accountPageResponseSchema,
  accountResponseSchema,
  credentialPageResponseSchema,
  credentialWithSecretResponseSchema,
  departmentPageResponseSchema,
  departmentResponseSchema,
  securityEventPageResponseSchema,
  adminListQuerySchema,
  credentialListCursor,
  departmentListCursor,
  securityEventCursor,
  securityEventListQuerySchema,
  userListCursor,
  type AdminListQuery,
  type SecurityEventListQuery,
} from './admin.dto';
import { ApiRoute } from '../openapi/api-route.decorator';

const actorOf = (caller: Principal, request: Request): Actor => ({
  accountId: caller.accountId,
  address: addressOf(request),
});
const id = new ZodValidationPipe(uuidParamSchema);
const code = new ZodValidationPipe(departmentCodeSchema);

/** Administrators manage people, roles, departments and department credentials; auditors read. */
@Controller('admin')
export class AdminController {
  constructor(
    private readonly identity: IdentityService,
    private readonly accountReads: AccountReads,
  ) {}

  @Get('users')
  @ApiRoute({ summary: 'List accounts', response: accountPageResponseSchema })
  @Allow(['administrator', 'auditor'])
  listUsers(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(adminListQuerySchema)) query: AdminListQuery,
  ) {
    return userListCursor.fetch(query, (page) => this.accountReads.list(caller, page));
  }

  @Post('users')
  @ApiRoute({ summary: 'Create an account', response: accountResponseSchema })
  @Allow(['administrator'])
  @HttpCode(201)
  createUser(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(newAccountSchema)) body: z.infer<typeof newAccountSchema>,
    @Req() request: Request,
  ) {
    return this.identity.createAccount(body, actorOf(caller, request));
  }

  @Get('users/:id')
  @ApiRoute({ summary: 'Read an account', response: accountResponseSchema })
  @Allow(['administrator', 'auditor'])
  getUser(@Caller() caller: Principal, @Param('id', id) userId: string) {
    return this.accountReads.get(caller, userId);
  }

  @Patch('users/:id')
  @ApiRoute({
    summary: 'Change an account (name, roles, departments, active)',
    response: accountResponseSchema,
  })
  @Allow(['administrator'])
  updateUser(
    @Caller() caller: Principal,
    @Param('id', id) userId: string,
    @Body(new ZodValidationPipe(accountPatchSchema)) body: z.infer<typeof accountPatchSchema>,
    @Req() request: Request,
  ) {
    return this.identity.updateAccount(userId, body, actorOf(caller, request));
  }

  @Post('users/:id/password')
  @ApiRoute({ summary: "Reset an account's password", response: null })
  @Allow(['administrator'])
  @HttpCode(204)
  async resetPassword(
    @Caller() caller: Principal,
    @Param('id', id) userId: string,
    @Body(new ZodValidationPipe(passwordResetSchema)) body: z.infer<typeof passwordResetSchema>,
    @Req() request: Request,
  ): Promise<void> {
    const problem = passwordProblems(body.password)[0];
    if (problem)
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        `password: password rule ${problem.code}: ${problem.message}`,
        'password',
      );
    await this.identity.setPassword(userId, body.password, actorOf(caller, request));
  }

  @Get('departments')
  @ApiRoute({ summary: 'List departments', response: departmentPageResponseSchema })
  @Allow(['administrator', 'auditor'])
  listDepartments(@Query(new ZodValidationPipe(adminListQuerySchema)) query: AdminListQuery) {
    return departmentListCursor.fetch(query, (page) => this.identity.listDepartments(page));
  }

  @Post('departments')
  @ApiRoute({ summary: 'Create a department', response: departmentResponseSchema })
  @Allow(['administrator'])
  @HttpCode(201)
  createDepartment(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(newDepartmentSchema)) body: z.infer<typeof newDepartmentSchema>,
    @Req() request: Request,
  ) {
    return this.identity.createDepartment(body, actorOf(caller, request));
  }

  @Patch('departments/:code')
  @ApiRoute({ summary: 'Change a department', response: departmentResponseSchema })
  @Allow(['administrator'])
  updateDepartment(
    @Caller() caller: Principal,
    @Param('code', code) department: string,
    @Body(new ZodValidationPipe(departmentPatchSchema)) body: z.infer<typeof departmentPatchSchema>,
    @Req() request: Request,
  ) {
    return this.identity.updateDepartment(department, body, actorOf(caller, request));
  }

  @Get('departments/:code/credentials')
  @ApiRoute({ summary: "List a department system's credentials", response: credentialPageResponseSchema })
  @Allow(['administrator', 'auditor'])
  listCredentials(
    @Param('code', code) department: string,
    @Query(new ZodValidationPipe(adminListQuerySchema)) query: AdminListQuery,
  ) {
    return credentialListCursor.fetch(query, (page) => this.identity.listCredentials(department, page));
  }

  @Post('departments/:code/credentials')
  @ApiRoute({
    summary: 'Issue a department credential (the secret is shown once)',
    response: credentialWithSecretResponseSchema,
  })
  @Allow(['administrator'])
  @HttpCode(201)
  createCredential(
    @Caller() caller: Principal,
    @Param('code', code) department: string,
    @Body(new ZodValidationPipe(newCredentialSchema)) body: z.infer<typeof newCredentialSchema>,
    @Req() request: Request,
  ) {
    return this.identity.createCredential(department, body.label, actorOf(caller, request));
  }

  @Post('departments/:code/credentials/:id/rotate')
  @ApiRoute({ summary: "Rotate a credential's secret", response: credentialWithSecretResponseSchema })
  @Allow(['administrator'])
  @HttpCode(200)
  rotateCredential(
    @Caller() caller: Principal,
    @Param('code', code) department: string,
    @Param('id', id) credentialId: string,
    @Req() request: Request,
  ) {
    return this.identity.rotateCredential(department, credentialId, actorOf(caller, request));
  }

  @Delete('departments/:code/credentials/:id')
  @ApiRoute({ summary: 'Revoke a credential', response: null })
  @Allow(['administrator'])
  @HttpCode(204)
  async revokeCredential(
    @Caller() caller: Principal,
    @Param('code', code) department: string,
    @Param('id', id) credentialId: string,
    @Req() request: Request,
  ): Promise<void> {
    await this.identity.revokeCredential(department, credentialId, actorOf(caller, request));
  }

  @Get('security-events')
  @ApiRoute({ summary: 'The security log, newest first', response: securityEventPageResponseSchema })
  @Allow(['administrator', 'auditor'])
  securityEvents(@Query(new ZodValidationPipe(securityEventListQuerySchema)) query: SecurityEventListQuery) {
    const { cursor, limit, ...filter } = query;
    return securityEventCursor.fetch({ cursor, limit }, (page) => this.identity.securityEvents(filter, page));
  }
}
