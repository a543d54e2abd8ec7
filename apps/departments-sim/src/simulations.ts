import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidSimulatedRequest, type SimulatedData, type SimulatedDecision } from './rules';

/**
 * A department system simulated from configuration rather than code, so any definition (with any
 * connector and any field names) runs end to end locally: which request properties it needs, when it
 * says no, and what it answers with. Set per connector with `PUT /simulations/<code>` or at start
 * (DEPARTMENTS_SIM_CONFIG); it replaces the built-in talent-domain rules for that code.
 */
const fieldName = z.string().min(1).max(200);
export const simulationSchema = z.strictObject({
  /** What the department requires of callers; without it, the service-wide token (if any). */
  auth: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('bearer'), token: z.string().min(1) }),
      z.strictObject({ type: z.literal('hmac'), secret: z.string().min(1) }),
    ])
    .optional(),
  /** Request `data` properties that must be present and not empty (400 naming the field otherwise). */
  required: z.array(fieldName).max(100).default([]),
  /** The first rule that matches rejects with its reason. */
  rejectWhen: z
    .array(
      z.strictObject({
        field: fieldName,
        equals: z.unknown().optional(),
        endsWith: z.string().min(1).optional(),
        reason: z.string().min(1).max(2000),
      }),
    )
    .max(100)
    .default([]),
  /**
   * The approved answer's `data`. Strings may hold `{{property}}` (a request data property),
   * `{{$caseId}}`, `{{$stepId}}` and `{{$reference}}` (a stable reference derived from the request).
   */
  outputs: z.record(z.string().min(1), z.unknown()).default({}),
});
export type SimulationInput = z.input<typeof simulationSchema>;
export type Simulation = z.output<typeof simulationSchema>;
export type SimulationAuth = NonNullable<Simulation['auth']>;

/** `{ "<connector code>": simulation }`, as DEPARTMENTS_SIM_CONFIG holds it. */
export const simulationsSchema = z.record(z.string().regex(/^[a-z0-9-]+$/), simulationSchema);

export interface CheckIds {
  caseId?: string;
  stepId?: string;
}

export function simulatedCheck(
  simulation: Simulation,
  data: SimulatedData,
  ids: CheckIds,
): SimulatedDecision {
  for (const field of simulation.required) {
    const value = data[field];
    if (value === undefined || value === null || value === '')
      throw new InvalidSimulatedRequest(field, 'a value');
  }
  const rule = simulation.rejectWhen.find((candidate) => matches(candidate, data[candidate.field]));
  if (rule) return { decision: 'rejected', reason: rule.reason };
  const variables = {
    ...Object.fromEntries(Object.entries(data).map(([key, value]) => [key, scalarText(value)])),
    $caseId: ids.caseId ?? '',
    $stepId: ids.stepId ?? '',
    $reference: createHash('sha256')
      .update(JSON.stringify([ids, data]))
      .digest('hex')
      .slice(0, 12)
      .toUpperCase(),
  };
  return { decision: 'approved', data: fill(simulation.outputs, variables) as SimulatedData };
}

function matches(rule: Simulation['rejectWhen'][number], value: unknown): boolean {
  if (rule.equals !== undefined && JSON.stringify(value) === JSON.stringify(rule.equals)) return true;
  return rule.endsWith !== undefined && typeof value === 'string' && value.endsWith(rule.endsWith);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function fill(template: unknown, variables: Record<string, string>): unknown {
  if (typeof template === 'string')
    return template.replace(
      /\{\{\s*([$A-Za-z0-9_.-]+)\s*\}\}/g,
      (_all, name: string) => variables[name] ?? '',
    );
  if (Array.isArray(template)) return template.map((item) => fill(item, variables));
  if (template !== null && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value, variables)]));
  return template;
}
