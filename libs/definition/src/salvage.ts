import type { z } from 'zod';
import { isRecord } from './json-path';
import {
  CommitmentSchema,
  EligibilityRuleSchema,
  FieldSchema,
  OutcomeSchema,
  StepSchema,
  TriggerSchema,
} from './schema';
import type { Commitment, EligibilityRule, Field, Outcome, Step, Trigger } from './schema';

// Salvage: the semantic checks run on the well-formed fields and steps even when other parts are not,
// so one pass reports structural and semantic issues together.

export interface Indexed<T> {
  index: number;
  value: T;
}

export interface Salvaged {
  leadDepartment: string | undefined;
  fields: Indexed<Field>[];
  steps: Indexed<Step>[];
  outcome: Outcome | undefined;
  eligibility: Indexed<EligibilityRule>[];
  commitment: Commitment | undefined;
  trigger: Trigger | undefined;
  /** Ids of every field/step item that names one, well-formed or not, so references to them are not "unknown". */
  fieldIds: Set<string>;
  stepIds: Set<string>;
}

export function salvage(value: Record<string, unknown>): Salvaged {
  const items = (key: string): unknown[] => (Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
  const parseEach = <T>(list: unknown[], schema: z.ZodType<T>): Indexed<T>[] =>
    list.flatMap((item, index) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [{ index, value: parsed.data }] : [];
    });
  const idsOf = (list: unknown[]): Set<string> =>
    new Set(list.flatMap((item) => (isRecord(item) && typeof item['id'] === 'string' ? [item['id']] : [])));
  const outcome = OutcomeSchema.safeParse(value['outcome']);
  const commitment = CommitmentSchema.safeParse(value['commitment']);
  const trigger = TriggerSchema.safeParse(value['trigger']);
  return {
    leadDepartment: typeof value['leadDepartment'] === 'string' ? value['leadDepartment'] : undefined,
    fields: parseEach(items('fields'), FieldSchema),
    steps: parseEach(items('steps'), StepSchema),
    outcome: outcome.success ? outcome.data : undefined,
    eligibility: parseEach(items('eligibility'), EligibilityRuleSchema),
    commitment: commitment.success ? commitment.data : undefined,
    trigger: trigger.success ? trigger.data : undefined,
    fieldIds: idsOf(items('fields')),
    stepIds: idsOf(items('steps')),
  };
}
