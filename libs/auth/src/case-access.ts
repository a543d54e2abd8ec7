import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { AccountEntity } from '@onething/persistence';
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
    const applicant = await dataSource
      .getRepository(AccountEntity)
      .findOneBy({ id: ownership.applicantAccountId, active: true });
    if (!applicant?.roles.includes('applicant'))
      throw new AuthError(
        AuthErrorCode.RuleBroken,
        'onBehalfOf.applicantAccountId: no such applicant account',
        'onBehalfOf.applicantAccountId',
      );
  }
  return ownership;
}
