import { catalogValidationContext, type Definition } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import type { DataSource } from 'typeorm';

type Retry = {
  maximumAttempts: number;
  initialIntervalSeconds: number;
  backoffCoefficient: number;
  maximumIntervalSeconds: number;
};
/** A retry policy that gives up quickly: tests wait seconds, not minutes, for a failed step. */
export const fastRetry = (maximumAttempts: number): Retry => ({
  maximumAttempts,
  initialIntervalSeconds: 1,
  backoffCoefficient: 1,
  maximumIntervalSeconds: 1,
});

/** Definition text in both languages. */
export const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * A small all-auto definition for interpreter tests: credit and social insurance in parallel, a
 * household step after both, and a school step only when the applicant has children.
 */
export function autoDefinition(key: string, options: { retries?: number } = {}): unknown {
  const retry = fastRetry(options.retries ?? 3);
  return {
    key,
    version: 1,
    title: text('测试一件事', 'Test one thing'),
    description: text('解释器测试', 'Interpreter test'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
      {
        id: 'monthsOfContributions',
        type: 'number',
        label: text('缴费月数', 'Months'),
        required: true,
        integer: true,
        minimum: 0,
      },
      { id: 'hasChildren', type: 'boolean', label: text('有子女', 'Has children'), required: true },
    ],
    steps: [
      {
        id: 'creditCheck',
        title: text('信用', 'Credit'),
        department: 'market-regulation',
        kind: 'auto',
        connector: 'credit',
        contract: ['fullName', 'residentId'],
        required: true,
        sla: { workingDays: 1 },
        retry,
      },
      {
        id: 'insuranceCheck',
        title: text('社保', 'Insurance'),
        department: 'hrss',
        kind: 'auto',
        connector: 'social-insurance',
        contract: ['fullName', 'residentId', 'monthsOfContributions'],
        required: true,
        sla: { workingDays: 1 },
        retry,
      },
      {
        id: 'householdCheck',
        title: text('户籍', 'Household'),
        department: 'public-security',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName', 'residentId'],
        after: ['creditCheck', 'insuranceCheck'],
        required: true,
        sla: { workingDays: 1 },
        retry,
      },
      {
        id: 'schoolCheck',
        title: text('学籍', 'School'),
        department: 'education',
        kind: 'auto',
        connector: 'household-registry',
        contract: ['fullName', 'residentId'],
        when: 'fields.hasChildren == true',
        required: false,
        sla: { workingDays: 1 },
        retry,
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结 {{caseId}}', 'Approved {{caseId}}'),
        rejected: text('未通过 {{caseId}}', 'Rejected {{caseId}}'),
        partial: text('部分办结 {{caseId}}', 'Partly approved {{caseId}}'),
      },
    },
  };
}

/** Validates and publishes a definition into the stack's schema; fails loudly if it does not validate. */
export async function publishTestDefinition(dataSource: DataSource, document: unknown): Promise<Definition> {
  return new DefinitionStore(dataSource).publishDocument(document, catalogValidationContext);
}
