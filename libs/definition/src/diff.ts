import { contractEntries } from './outputs';
import type { Definition, Field, Step } from './schema';

export interface DefinitionDiff {
  identical: boolean;
  version: { from: number; to: number };
  fieldsAdded: string[];
  fieldsRemoved: string[];
  /** Same id, different type, label, prefill or constraints. */
  fieldsChanged: string[];
  stepsAdded: string[];
  stepsRemoved: string[];
  /** More data reaches a department: the change a reviewer must look at first. */
  contractsWidened: { stepId: string; department: string; fields: string[] }[];
  contractsNarrowed: { stepId: string; department: string; fields: string[] }[];
  slaChanged: { stepId: string; from: number; to: number }[];
  conditionsChanged: { stepId: string; from?: string; to?: string }[];
  dependenciesChanged: { stepId: string; from: string[]; to: string[] }[];
  otherStepChanges: { stepId: string; properties: string[] }[];
  outcomeChanged: boolean;
}

export function diffDefinitions(a: Definition, b: Definition): DefinitionDiff {
  const fieldsA = new Map(a.fields.map((field) => [field.id, field]));
  const fieldsB = new Map(b.fields.map((field) => [field.id, field]));
  const stepsA = new Map(a.steps.map((step) => [step.id, step]));
  const stepsB = new Map(b.steps.map((step) => [step.id, step]));
  const diff: DefinitionDiff = {
    identical: false,
    version: { from: a.version, to: b.version },
    fieldsAdded: [...fieldsB.keys()].filter((id) => !fieldsA.has(id)),
    fieldsRemoved: [...fieldsA.keys()].filter((id) => !fieldsB.has(id)),
    fieldsChanged: [...fieldsA]
      .filter(([id, field]) => fieldsB.has(id) && !sameJson<Field | undefined>(field, fieldsB.get(id)))
      .map(([id]) => id),
    stepsAdded: [...stepsB.keys()].filter((id) => !stepsA.has(id)),
    stepsRemoved: [...stepsA.keys()].filter((id) => !stepsB.has(id)),
    contractsWidened: [],
    contractsNarrowed: [],
    slaChanged: [],
    conditionsChanged: [],
    dependenciesChanged: [],
    otherStepChanges: [],
    outcomeChanged: !sameJson(a.outcome, b.outcome),
  };
  // An added step widens data flow too: its whole contract now reaches its department.
  for (const id of diff.stepsAdded) {
    const step = stepsB.get(id);
    if (step && step.contract.length > 0)
      diff.contractsWidened.push({ stepId: id, department: step.department, fields: references(step) });
  }
  for (const [id, before] of stepsA) {
    const after = stepsB.get(id);
    if (!after) continue;
    const added = references(after).filter((field) => !references(before).includes(field));
    const removed = references(before).filter((field) => !references(after).includes(field));
    if (added.length > 0)
      diff.contractsWidened.push({ stepId: id, department: after.department, fields: added });
    if (removed.length > 0)
      diff.contractsNarrowed.push({ stepId: id, department: after.department, fields: removed });
    if (before.sla.workingDays !== after.sla.workingDays)
      diff.slaChanged.push({ stepId: id, from: before.sla.workingDays, to: after.sla.workingDays });
    if (before.when !== after.when) {
      diff.conditionsChanged.push({
        stepId: id,
        ...(before.when !== undefined ? { from: before.when } : {}),
        ...(after.when !== undefined ? { to: after.when } : {}),
      });
    }
    if (!sameJson([...before.after].sort(), [...after.after].sort()))
      diff.dependenciesChanged.push({ stepId: id, from: before.after, to: after.after });
    const covered = new Set<keyof Step>(['id', 'contract', 'sla', 'when', 'after']);
    const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Step)[]);
    const properties = [...keys].filter((key) => !covered.has(key) && !sameJson(before[key], after[key]));
    if (properties.length > 0) diff.otherStepChanges.push({ stepId: id, properties });
  }
  const { version: _version, ...restA } = a;
  const { version: _versionB, ...restB } = b;
  diff.identical = sameJson(restA, restB);
  return diff;
}

function sameJson<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a contract may send, as written (a conditional entry by the field it sends). */
function references(step: Step): string[] {
  return contractEntries(step).map((entry) => entry.reference);
}
