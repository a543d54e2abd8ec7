import type { CallerRole } from '@onething/case-model';

/** Who is calling, as the guard established it; handlers and the policy read nothing else. */
export interface Principal {
  kind: 'account' | 'department_system';
  /** The account id, or the credential id of a department system. */
  id: string;
  /** Set for people (local or external accounts); null for department systems. */
  accountId: string | null;
  username: string;
  roles: readonly CallerRole[];
  /** Department codes the caller acts for (workers, supervisors, department systems). */
  departments: readonly string[];
  via: 'password' | 'oidc' | 'api_credential';
}
