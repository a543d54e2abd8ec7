import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { AccountRepository } from './repositories/account.repository';
import { caseOwnership, type AssistedSubmission, type CaseOwnership } from './policy';
import type { Principal } from './principal';

/** `caseOwnership` plus the one fact it needs from the database: the named applicant exists. */
export async function resolveCaseOwnership(
  dataSource: DataSource,
  caller: Principal,
  onBehalfOf: AssistedSubmission | undefined,
): Promise<CaseOwnership> {
  const ownership = caseOwnership(caller, onBehalfOf);
  if (ownership.applicantAccountId !== null && ownership.applicantAccountId !== caller.accountId) {
    const applicant = await new AccountRepository(dataSource.manager).findActive(
      ownership.applicantAccountId,
    );
    if (!applicant?.roles.includes('applicant'))
      throw new AuthError(
        AuthErrorCode.RuleBroken,
        'onBehalfOf.applicantAccountId: no such applicant account',
        'onBehalfOf.applicantAccountId',
      );
  }
  return ownership;
}
