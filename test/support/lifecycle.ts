import { randomUUID } from 'node:crypto';
import type { Role } from '@onething/auth';
import { fastRetry, text } from './definitions';
import { loginAt, TEST_PASSWORD } from './identity';
import type { TestStack } from './test-stack';

export interface LifecycleDefinitionOptions {
  /** The housing review escalates (`afterWorkingDays` past its due date; 0: at the breach) to this target. */
  escalation?: { to: string; afterWorkingDays: number };
  /** The same for the school review. */
  schoolEscalation?: { to: string; afterWorkingDays: number };
  /** Working days the manual reviews get. */
  workingDays?: number;
  /** Auto step retry attempts (a down department fails the step after these). */
  autoAttempts?: number;
}

/**
 * A definition exercising the lifecycle. Two auto steps with undo actions approve one after the other
 * (subsidy, then the household record after it); three departments review by hand, in parallel, each
 * with its own data contract; a certificate is issued after the talent office's review.
 */
export function lifecycleDefinition(key: string, options: LifecycleDefinitionOptions = {}): unknown {
  const sla = { workingDays: options.workingDays ?? 5 };
  const retry = fastRetry(options.autoAttempts ?? 3);
  return {
    key,
    version: 1,
    title: text('人才落户一件事（测试）', 'Talent settlement (test)'),
    description: text('生命周期测试', 'Lifecycle test'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
      { id: 'employer', type: 'text', label: text('工作单位', 'Employer'), required: true },
      {
        id: 'diploma',
        type: 'text',
        label: text('学历证书编号', 'Diploma number'),
        required: true,
        minLength: 4,
      },
      {
        id: 'housingProof',
        type: 'text',
        label: text('住房证明编号', 'Housing proof number'),
        required: true,
      },
    ],
    steps: [
      {
        id: 'subsidyGrant',
        title: text('补贴发放', 'Subsidy'),
        department: 'housing',
        kind: 'auto',
        connector: 'subsidy-payment',
        contract: ['fullName'],
        sla,
        retry,
        compensate: { action: 'subsidy-clawback' },
      },
      {
        id: 'householdRecord',
        title: text('户籍登记', 'Household record'),
        department: 'public-security',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName', 'residentId'],
        after: ['subsidyGrant'],
        sla,
        retry,
        compensate: { action: 'household-record-revoke' },
      },
      {
        id: 'talentReview',
        title: text('人才认定', 'Talent review'),
        department: 'talent-office',
        kind: 'manual',
        contract: ['fullName', 'employer', 'diploma'],
        sla,
      },
      {
        id: 'housingReview',
        title: text('住房审核', 'Housing review'),
        department: 'housing',
        kind: 'manual',
        contract: ['fullName', 'housingProof'],
        sla,
        ...(options.escalation ? { escalation: options.escalation } : {}),
      },
      {
        id: 'schoolReview',
        title: text('入学审核', 'School review'),
        department: 'education',
        kind: 'manual',
        contract: ['fullName', 'diploma', 'housingProof'],
        sla,
        ...(options.schoolEscalation ? { escalation: options.schoolEscalation } : {}),
      },
      {
        id: 'certificate',
        title: text('证书签发', 'Certificate'),
        department: 'public-security',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName', 'residentId'],
        after: ['talentReview'],
        sla,
        retry,
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结', 'Approved'),
        rejected: text('未通过', 'Rejected'),
        partial: text('部分办结', 'Partly approved'),
      },
    },
  };
}

export function lifecycleApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: '李四',
    residentId: '11010519491231002X',
    employer: '一件事科技有限公司',
    diploma: 'D-2019-001',
    housingProof: 'H-001',
    ...overrides,
  };
}

export interface TestPerson {
  id: string;
  username: string;
  headers(): Promise<Record<string, string>>;
}

/** A new account (through the admin API) with the role and departments a test needs. */
export async function createPerson(
  stack: TestStack,
  role: Role,
  departments: string[] = [],
): Promise<TestPerson> {
  const username = `${role.replace(/_/g, '-')}-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${stack.baseUrl}/admin/users`, {
    method: 'POST',
    headers: await stack.headers('administrator'),
    body: JSON.stringify({
      username,
      displayName: username,
      password: TEST_PASSWORD,
      roles: [role],
      departments,
    }),
  });
  if (response.status !== 201)
    throw new Error(`creating ${username} answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  let token: Promise<string> | undefined;
  return {
    id,
    username,
    async headers() {
      token ??= loginAt(stack.baseUrl, username).then((pair) => pair.accessToken);
      return { 'content-type': 'application/json', authorization: `Bearer ${await token}` };
    },
  };
}
