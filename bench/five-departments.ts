/**
 * The benchmark's case: five departments checked in parallel, all automatic, through connectors the
 * simulated department systems know. Shared by the interpreter run (as a published definition) and the
 * hand-written workflow (as constants), so both send every department the same contract data.
 */
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const BENCH_DEFINITION_KEY = 'bench-five-departments';

/** Connector → the fields of its data contract, in the definition and in the hand-written workflow. */
export const fiveDepartmentSteps = [
  {
    id: 'creditCheck',
    department: 'market-regulation',
    connector: 'credit',
    contract: ['fullName', 'residentId'],
  },
  {
    id: 'insuranceCheck',
    department: 'hrss',
    connector: 'social-insurance',
    contract: ['fullName', 'residentId', 'monthsOfContributions'],
  },
  {
    id: 'householdCheck',
    department: 'public-security',
    connector: 'household-registry',
    contract: ['fullName', 'residentId'],
  },
  {
    id: 'propertyCheck',
    department: 'natural-resources',
    connector: 'property-registry',
    contract: ['fullName', 'residentId'],
  },
  {
    id: 'taxCheck',
    department: 'tax',
    connector: 'tax-registry',
    contract: ['fullName', 'residentId', 'companyName'],
  },
] as const;

export type BenchStep = (typeof fiveDepartmentSteps)[number];

/** Same retry policy for both: three attempts, one second apart (nothing fails in the benchmark). */
export const benchRetry = {
  maximumAttempts: 3,
  initialIntervalSeconds: 1,
  backoffCoefficient: 1,
  maximumIntervalSeconds: 1,
};

export function fiveDepartmentDefinition(): unknown {
  return {
    key: BENCH_DEFINITION_KEY,
    version: 1,
    title: text('五部门基准', 'Five-department benchmark'),
    description: text('五个部门并行自动核验', 'Five departments checked automatically in parallel'),
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true },
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
      {
        id: 'monthsOfContributions',
        type: 'number',
        label: text('缴费月数', 'Months of contributions'),
        required: true,
        integer: true,
        minimum: 0,
      },
      { id: 'companyName', type: 'text', label: text('企业名称', 'Company name'), required: true },
    ],
    steps: fiveDepartmentSteps.map((step) => ({
      id: step.id,
      title: text(step.connector, step.connector),
      department: step.department,
      kind: 'auto',
      connector: step.connector,
      contract: [...step.contract],
      required: true,
      sla: { workingDays: 1 },
      retry: benchRetry,
    })),
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
