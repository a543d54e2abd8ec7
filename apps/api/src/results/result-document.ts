import { z } from 'zod';
import type { CaseResultSummary } from '@onething/case-model';
import type { Definition } from '@onething/definition';
import type { CaseEntity } from '@onething/persistence';

type LocalText = { 'zh-CN': string; en: string };

/**
 * An issued output as the result summary carries it (the outputs feature puts the applicant-visible ones
 * there); read defensively so a summary written before outputs existed still makes a document.
 */
const resultOutputSchema = z.object({
  stepId: z.string(),
  outputId: z.string(),
  type: z.string(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  value: z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.record(z.string(), z.union([z.string(), z.number()])),
  ]),
});
const summaryOutputsSchema = z.object({ outputs: z.array(resultOutputSchema).optional() });

export interface IssuedOutput {
  id: string;
  type: string;
  label: LocalText;
  value: z.infer<typeof resultOutputSchema>['value'];
}

/** One department's sub-decision, as the document states it. */
export interface DocumentDepartmentDecision {
  stepId: string;
  title: LocalText;
  department: { code: string; name: LocalText };
  decision: CaseResultSummary['steps'][number]['decision'];
  reason?: string;
  compensated?: true;
  /** The numbers and documents the department issued (applicant-visible outputs only). */
  outputs?: IssuedOutput[];
}

/**
 * The merged result as a signed document: what the applicant holds and presents. Its RFC 8785 canonical
 * JSON is what the platform signs; it may carry personal data (reasons, issued numbers), which the
 * public verification never answers with — only `publicFacts`.
 */
export interface ResultDocument {
  type: 'onething.result';
  formatVersion: 1;
  resultId: string;
  caseId: string;
  issuer: string;
  issuedAt: string;
  oneThing: { key: string; version: number; title: LocalText };
  decision: CaseResultSummary['decision'];
  submittedAt: string;
  completedAt: string;
  departments: DocumentDepartmentDecision[];
}

export interface ResultInputs {
  resultId: string;
  issuer: string;
  issuedAt: Date;
  entity: CaseEntity & { result: CaseResultSummary; completedAt: Date };
  definition: Definition;
  departmentNames: ReadonlyMap<string, LocalText>;
}

export function buildResultDocument(input: ResultInputs): ResultDocument {
  const { entity, definition } = input;
  const parsedOutputs = summaryOutputsSchema.safeParse(entity.result);
  const outputs = parsedOutputs.success ? (parsedOutputs.data.outputs ?? []) : [];
  return {
    type: 'onething.result',
    formatVersion: 1,
    resultId: input.resultId,
    caseId: entity.id,
    issuer: input.issuer,
    issuedAt: input.issuedAt.toISOString(),
    oneThing: { key: definition.key, version: entity.definitionVersion, title: definition.title },
    decision: entity.result.decision,
    submittedAt: entity.submittedAt.toISOString(),
    completedAt: entity.completedAt.toISOString(),
    departments: entity.result.steps.map((step) => {
      const issued = outputs
        .filter((output) => output.stepId === step.stepId)
        .map(({ outputId, type, label, value }) => ({ id: outputId, type, label, value }));
      const title = definition.steps.find((candidate) => candidate.id === step.stepId)?.title;
      return {
        stepId: step.stepId,
        title: title ?? { 'zh-CN': step.stepId, en: step.stepId },
        department: {
          code: step.department,
          name: input.departmentNames.get(step.department) ?? {
            'zh-CN': step.department,
            en: step.department,
          },
        },
        decision: step.decision,
        ...(step.reason ? { reason: step.reason } : {}),
        ...(step.compensated ? { compensated: true as const } : {}),
        ...(issued.length > 0 ? { outputs: issued } : {}),
      };
    }),
  };
}

/** What anyone may learn from a valid result: no reasons, no issued numbers, nothing about the person. */
export const publicFactsSchema = z.object({
  resultId: z.uuid(),
  oneThing: z.object({
    key: z.string(),
    version: z.number().int(),
    title: z.object({ 'zh-CN': z.string(), en: z.string() }),
  }),
  decision: z.string(),
  completedAt: z.string(),
  issuedAt: z.string(),
  departments: z.array(
    z.object({
      stepId: z.string(),
      title: z.object({ 'zh-CN': z.string(), en: z.string() }),
      department: z.object({ code: z.string(), name: z.object({ 'zh-CN': z.string(), en: z.string() }) }),
      decision: z.string(),
    }),
  ),
});
export type PublicFacts = z.infer<typeof publicFactsSchema>;

export function publicFacts(document: ResultDocument): PublicFacts {
  return {
    resultId: document.resultId,
    oneThing: document.oneThing,
    decision: document.decision,
    completedAt: document.completedAt,
    issuedAt: document.issuedAt,
    departments: document.departments.map(({ stepId, title, department, decision }) => ({
      stepId,
      title,
      department,
      decision,
    })),
  };
}
