import { z } from 'zod';
import { checkResidentId } from '@onething/definition';

/**
 * The fixed two-department example the vertical slice runs (人才引进: the talent office certifies the
 * applicant's talent category; HR and social security transfers their insurance record). The
 * definition language replaces this with authored, versioned definitions; the shape below is the
 * subset of it that the slice needs.
 */
export interface ExampleStep {
  id: string;
  department: string;
  /** The only application fields this department ever receives. */
  contract: readonly (keyof ExampleApplication)[];
}

export const exampleApplicationSchema = z.strictObject({
  fullName: z.string().trim().min(1).max(100),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (v) => checkResidentId(v, new Date().toISOString().slice(0, 10)).valid,
      'a valid 18-character resident ID number',
    ),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number, 11 digits starting with 1'),
  talentCategory: z.enum(['A', 'B', 'C', 'D', 'E']),
  employerName: z.string().trim().min(1).max(200),
  previousInsuranceCity: z.string().trim().min(1).max(100),
  monthsContributed: z.number().int().min(0).max(1200),
});

export type ExampleApplication = z.infer<typeof exampleApplicationSchema>;

export const exampleDefinition = {
  key: 'talent-introduction',
  version: 1,
  leadDepartment: 'talent-office',
  title: { 'zh-CN': '人才引进一件事', en: 'Talent introduction' },
  steps: [
    {
      id: 'talent-certification',
      department: 'talent-office',
      contract: ['fullName', 'idNumber', 'talentCategory', 'employerName'],
    },
    {
      id: 'insurance-transfer',
      department: 'hrss',
      contract: ['fullName', 'idNumber', 'previousInsuranceCity', 'monthsContributed'],
    },
  ] satisfies ExampleStep[],
} as const;

export function findExampleStep(stepId: string): ExampleStep {
  const step = exampleDefinition.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`unknown step ${stepId}`);
  return step;
}

/** Hands a department only the fields of its data contract. */
export function projectContract(
  step: ExampleStep,
  application: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(step.contract.filter((f) => f in application).map((f) => [f, application[f]]));
}
