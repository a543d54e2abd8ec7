import { sampleResidentId, simulatedDepartments } from '../apps/departments-sim/src';
import { fiveDepartmentSteps } from './five-departments';

/** An applicant all five simulated departments approve (the simulator's own rules decide). */
export function approvedApplication(): Record<string, unknown> {
  for (let digit = 1; digit <= 8; digit += 1) {
    const candidate: Record<string, unknown> = {
      fullName: '张三',
      residentId: sampleResidentId({ sequenceDigit: digit }),
      monthsOfContributions: 36,
      companyName: '集群测试科技有限公司',
    };
    const approved = fiveDepartmentSteps.every(
      (step) =>
        simulatedDepartments[step.connector].check(
          Object.fromEntries(step.contract.map((field) => [field, candidate[field]])),
        ).decision === 'approved',
    );
    if (approved) return candidate;
  }
  throw new Error('no applicant all five departments approve');
}

export interface SubmitOptions {
  apiUrl: string;
  token: string;
  definitionKey: string;
  application: Record<string, unknown>;
  cases: number;
  /** Submissions in flight at once (applicants' browsers). */
  concurrency: number;
  /** Called after each accepted submission with the number accepted so far. */
  onSubmitted?: (count: number) => void;
}

/** Submits `cases` cases through the API (`POST /cases`); resolves with their ids, rejects on any refusal. */
export async function submitCases(options: SubmitOptions): Promise<string[]> {
  const ids: string[] = [];
  let claimed = 0;
  const submitOne = async () => {
    const response = await fetch(`${options.apiUrl}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ definitionKey: options.definitionKey, application: options.application }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || !body.id) throw new Error(`POST /cases answered ${response.status}`);
    ids.push(body.id);
    options.onSubmitted?.(ids.length);
  };
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (claimed < options.cases) {
        claimed += 1;
        await submitOne();
      }
    }),
  );
  return ids;
}
