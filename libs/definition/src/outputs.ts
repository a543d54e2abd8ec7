import type { ContractEntry, Definition, LocalizedText, Step, StepOutput } from './schema';
import type { StepOutputValues } from './scheduling';

// Contract entries in one shape: a field of the application or an output of an upstream step, each
// perhaps conditional. Everything that reads `step.contract` goes through here.

export interface OutputReference {
  stepId: string;
  outputId: string;
}

export interface NormalizedEntry {
  /** As written: the field id or `steps.<stepId>.outputs.<outputId>`; also the key in the step's data. */
  reference: string;
  /** Set for a field of the application. */
  fieldId?: string;
  /** Set for an upstream step's output. */
  output?: OutputReference;
  when?: string;
  ifMissing?: 'skip-entry' | 'block-step';
  type?: string;
}

const OUTPUT_REFERENCE = /^steps\.([^.]+)\.outputs\.([^.]+)$/;

export function parseOutputReference(reference: string): OutputReference | undefined {
  const match = OUTPUT_REFERENCE.exec(reference);
  return match ? { stepId: match[1] ?? '', outputId: match[2] ?? '' } : undefined;
}

export function outputReference(stepId: string, outputId: string): string {
  return `steps.${stepId}.outputs.${outputId}`;
}

export function normalizeEntry(entry: ContractEntry): NormalizedEntry {
  const written = typeof entry === 'string' ? { field: entry } : entry;
  const output = parseOutputReference(written.field);
  return {
    reference: written.field,
    ...(output ? { output } : { fieldId: written.field }),
    ...(written.when !== undefined ? { when: written.when } : {}),
    ...(written.ifMissing !== undefined ? { ifMissing: written.ifMissing } : {}),
    ...(written.type !== undefined ? { type: written.type } : {}),
  };
}

export function contractEntries(step: Pick<Step, 'contract'>): NormalizedEntry[] {
  return (step.contract ?? []).map(normalizeEntry);
}

/** Does the step's contract pass on an upstream step's output (so its data needs the outputs so far)? */
export function contractReadsOutputs(step: Pick<Step, 'contract'>): boolean {
  return contractEntries(step).some((entry) => entry.output !== undefined);
}

/** The application's fields the step may receive (conditional ones included): what the form must ask. */
export function contractFieldIds(step: Pick<Step, 'contract'>): string[] {
  return [...new Set(contractEntries(step).flatMap((entry) => (entry.fieldId ? [entry.fieldId] : [])))];
}

/** Histories pinned before outputs existed carry steps without the property. */
export function stepOutputs(step: Pick<Step, 'outputs'>): StepOutput[] {
  return step.outputs ?? [];
}

/** Can the producer end without this output although the consumer runs? */
export function outputMayBeMissing(producer: Step, output: StepOutput): boolean {
  return !producer.required || producer.when !== undefined || !output.required;
}

/** Reads `certificate.number` or `licences.0.id` from a department system's answer. */
export function readAnswerPath(answer: unknown, path: string): unknown {
  let node: unknown = answer;
  for (const segment of path.split('.')) {
    if (Array.isArray(node) && /^[0-9]+$/.test(segment)) node = node[Number(segment)];
    else if (typeof node === 'object' && node !== null && !Array.isArray(node))
      node = Object.prototype.hasOwnProperty.call(node, segment)
        ? (node as Record<string, unknown>)[segment]
        : undefined;
    else return undefined;
  }
  return node;
}

export interface VisibleOutput {
  stepId: string;
  outputId: string;
  /** `steps.<stepId>.outputs.<outputId>` */
  reference: string;
  type: StepOutput['type'];
  label: LocalizedText;
  value: unknown;
}

/** What the applicant sees of the steps' outputs: the applicant-visible ones that were produced, in step order. */
export function applicantVisibleOutputs(definition: Definition, outputs: StepOutputValues): VisibleOutput[] {
  return definition.steps.flatMap((step) =>
    stepOutputs(step)
      .filter((output) => output.applicantVisible)
      .flatMap((output) => {
        const values = outputs[step.id];
        if (!values || !Object.prototype.hasOwnProperty.call(values, output.id)) return [];
        return [
          {
            stepId: step.id,
            outputId: output.id,
            reference: outputReference(step.id, output.id),
            type: output.type,
            label: output.label,
            value: values[output.id],
          },
        ];
      }),
  );
}
