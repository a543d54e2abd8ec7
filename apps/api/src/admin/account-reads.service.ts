import { Injectable } from '@nestjs/common';
import { AccessTrail, oversightBasis } from '@onething/audit';
import { IdentityService, type AccountView, type Principal } from '@onething/auth';
import type { KeysetRequest, KeysetResult } from '@onething/persistence';

/** What an account view shows of its person (staff are people too: their names are personal data). */
const ACCOUNT_FIELDS = ['username', 'displayName', 'roles', 'departments', 'active'];

/** Administrators' and auditors' reads of people's accounts, each recorded in the access trail. */
@Injectable()
export class AccountReads {
  constructor(
    private readonly identity: IdentityService,
    private readonly trail: AccessTrail,
  ) {}

  async list(caller: Principal, page: KeysetRequest): Promise<KeysetResult<AccountView>> {
    const accounts = await this.identity.listAccounts(page);
    // A page of the directory in one record: a list names no one case, and one row per person would flood the trail.
    await this.trail.record({ ...oversightBasis(caller), resource: 'accounts', fields: ACCOUNT_FIELDS });
    return accounts;
  }

  async get(caller: Principal, id: string): Promise<AccountView> {
    const account = await this.identity.getAccount(id);
    await this.trail.record({
      ...oversightBasis(caller),
      subjectAccountId: id,
      resource: 'account',
      fields: ACCOUNT_FIELDS,
    });
    return account;
  }
}
