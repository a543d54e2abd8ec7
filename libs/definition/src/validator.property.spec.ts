import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { fieldsReadBy } from './conditions';
import { connectorCatalog, departmentCatalog } from './connector-catalog';
import type { JsonPath } from './errors';
import { composeForm } from './form';
import { contractEntries, contractFieldIds } from './outputs';
import { compensationSituations, relatedSteps } from './flow';
import { planDefinition, type DefinitionPlan } from './plan';
import type { Definition } from './schema';
import { parseSource } from './source';
import { buildSubmissionSchema } from './submission';
import { context } from '../testing/definition-fixtures';
import { validateDefinition } from './validator';

// Generated definitions are drawn from small pools of ids so that references, duplicates and cycles happen
// often, and from the demo catalog so that a good share of them is valid.

const fieldIds = ['fullName', 'residentId', 'mobile', 'hasChildren', 'age', 'photo'];
const stepIds = ['certify', 'register', 'insurance', 'housing', 'school'];
const text = fc.record({
  'zh-CN': fc.constantFrom('姓名', '认定', '通过'),
  en: fc.constantFrom('Name', 'Certify', 'OK'),
});
const departments = [...departmentCatalog.map((department) => department.code), 'weather'];
const connectors = [...connectorCatalog.map((connector) => connector.code), 'horoscope'];
const conditions = [
  'fields.hasChildren == true',
  'fields.age >= 18',
  'steps.certify.outcome == "approved"',
  'steps.housing.outcome != "rejected"',
  '1 > 2',
  'true',
  'fields.nope == 1',
  'fields.age >',
  'user.admin',
  '"a" + 1',
];

const fieldArbitrary = fc
  .record(
    {
      id: fc.constantFrom(...fieldIds),
      type: fc.constantFrom('text', 'number', 'boolean', 'phone', 'cn-resident-id', 'date', 'address'),
      label: text,
      required: fc.boolean(),
      prefill: fc.record({ source: fc.constantFrom(...connectors) }),
    },
    { requiredKeys: ['id', 'type', 'label'] },
  )
  .map((field) => field as Record<string, unknown>);

const attachmentArbitrary = fc.record({
  id: fc.constant('photo'),
  type: fc.constant('attachment'),
  label: text,
  accept: fc.constant(['image/jpeg']),
  maxSizeBytes: fc.integer({ min: -5, max: 2_000_000 }),
  minCount: fc.integer({ min: 0, max: 3 }),
  maxCount: fc.integer({ min: 0, max: 3 }),
});

const stepArbitrary = fc.record(
  {
    id: fc.constantFrom(...stepIds),
    title: text,
    department: fc.constantFrom(...departments),
    kind: fc.constantFrom('auto', 'manual'),
    connector: fc.constantFrom(...connectors),
    contract: fc.uniqueArray(fc.constantFrom(...fieldIds, 'ghost'), { maxLength: 4 }),
    after: fc.uniqueArray(fc.constantFrom(...stepIds, 'ghost'), { maxLength: 2 }),
    when: fc.constantFrom(...conditions),
    required: fc.boolean(),
    sla: fc.record({ workingDays: fc.integer({ min: -1, max: 400 }) }),
    escalation: fc.record({
      to: fc.constantFrom('supervisor', 'lead-department', ...departments),
      afterWorkingDays: fc.integer({ min: 0, max: 30 }),
    }),
    retry: fc.record({
      maximumAttempts: fc.integer({ min: 0, max: 10 }),
      initialIntervalSeconds: fc.integer({ min: 1, max: 100 }),
      backoffCoefficient: fc.double({ min: 0.5, max: 4, noNaN: true }),
    }),
    compensate: fc.record(
      {
        action: fc.constant('clawback'),
        connector: fc.constantFrom(...connectors),
        when: fc.array(
          fc.constantFrom('withdrawn', 'cancelled', 'case-rejected', 'dependency-rejected', 'never'),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['action'] },
    ),
    runsWhenUpstream: fc.array(fc.constantFrom('skipped', 'rejected', 'blocked', 'approved'), {
      maxLength: 3,
    }),
  },
  { requiredKeys: ['id', 'title', 'department', 'kind', 'sla'] },
);

const definitionArbitrary = fc.record({
  key: fc.constantFrom('demo-thing', 'Bad Key'),
  version: fc.integer({ min: 0, max: 3 }),
  title: text,
  description: text,
  leadDepartment: fc.constantFrom(...departments),
  fields: fc.array(
    fc.oneof({ weight: 5, arbitrary: fieldArbitrary }, { weight: 1, arbitrary: attachmentArbitrary }),
    { maxLength: 7 },
  ),
  steps: fc.array(stepArbitrary, { minLength: 0, maxLength: 5 }),
  outcome: fc.record({
    rule: fc.constantFrom('all-required-approved', 'all-approved', 'majority'),
    notice: fc.record({ approved: text, rejected: text, partial: text }),
  }),
  onRequiredRejection: fc.constantFrom('cancel-open', 'let-finish', 'ignore'),
});

/**
 * Valid by construction (acyclic `after` to earlier steps only, every field in some contract, known codes),
 * so the "accepted definitions can be planned" property sees wide graphs, not only the four samples.
 */
const wellFormedArbitrary = fc
  .record({
    fieldTypes: fc.array(
      fc.constantFrom('text', 'number', 'boolean', 'date', 'phone', 'cn-resident-id', 'address'),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
    prefilled: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    steps: fc.array(
      fc.record({
        after: fc.array(fc.nat(), { maxLength: 3 }),
        contract: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        kind: fc.constantFrom('auto', 'manual'),
        department: fc.constantFrom(...departmentCatalog.map((department) => department.code)),
        sla: fc.integer({ min: 1, max: 30 }),
        conditional: fc.boolean(),
        compensateWhen: fc.option(
          fc.subarray(['withdrawn', 'cancelled', 'case-rejected', 'dependency-rejected']),
        ),
        runsWhenUpstream: fc.option(fc.subarray(['skipped', 'rejected', 'blocked'], { minLength: 1 })),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ fieldTypes, prefilled, steps }) => {
    const fields = fieldTypes.map((type, index) => ({
      id: `field${index}`,
      type,
      label: { 'zh-CN': `字段${index}`, en: `Field ${index}` },
      required: index % 2 === 0,
      ...(prefilled[index] ? { prefill: { source: 'household-registry' } } : {}),
    }));
    const generatedSteps = steps.map((step, index) => ({
      id: `step${index}`,
      title: { 'zh-CN': `步骤${index}`, en: `Step ${index}` },
      department: step.department,
      kind: step.kind,
      ...(step.kind === 'auto' ? { connector: 'credit' } : {}),
      after: index === 0 ? [] : [...new Set(step.after.map((pick) => `step${pick % index}`))],
      contract: [...new Set(step.contract.map((pick) => `field${pick % fields.length}`))],
      ...(step.conditional && index > 0 && step.after.length > 0
        ? { when: `steps.step${(step.after[0] ?? 0) % index}.outcome == "approved"` }
        : {}),
      required: index === 0 || !step.conditional,
      sla: { workingDays: step.sla },
      ...(step.compensateWhen ? { compensate: { action: 'clawback', when: step.compensateWhen } } : {}),
      ...(step.runsWhenUpstream && index > 0 && step.after.length > 0
        ? { runsWhenUpstream: step.runsWhenUpstream }
        : {}),
    }));
    // Every field must be received by someone, or it is over-collection.
    const firstStep = generatedSteps[0];
    if (firstStep) firstStep.contract = fields.map((field) => field.id);
    return {
      key: 'generated-thing',
      version: 1,
      title: { 'zh-CN': '生成', en: 'Generated' },
      description: { 'zh-CN': '生成', en: 'Generated' },
      leadDepartment: 'talent-office',
      fields,
      steps: generatedSteps,
      outcome: {
        rule: 'all-required-approved',
        notice: {
          approved: { 'zh-CN': '通过', en: 'Approved' },
          rejected: { 'zh-CN': '未通过', en: 'Rejected' },
          partial: { 'zh-CN': '部分', en: 'Partial' },
        },
      },
    };
  });

const samplesDirectory = join(__dirname, '..', 'samples');
const samples = readdirSync(samplesDirectory)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => readFileSync(join(samplesDirectory, name), 'utf8'));

/** A sample with one node replaced by junk or removed: near-valid documents exercise the deep checks. */
const mutatedSampleArbitrary = fc
  .tuple(
    fc.constantFrom(...samples),
    fc.nat(),
    fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
  )
  .map(([sample, choice, replacement]) => {
    const document = parseYaml(sample) as unknown;
    const paths = allPaths(document);
    const path = paths[choice % paths.length] ?? [];
    return replaceAt(document, path, replacement);
  });

function allPaths(document: unknown, prefix: JsonPath = []): JsonPath[] {
  if (typeof document !== 'object' || document === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(document)
    ? document.map((item, index) => [index, item])
    : Object.entries(document);
  return [prefix, ...entries.flatMap(([key, value]) => allPaths(value, [...prefix, key]))];
}

function replaceAt(document: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (replacement === undefined && Array.isArray(node)) node.splice(Number(last), 1);
  else if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** Independent of the validator's own path handling: follows the path, failing on any missing step. */
function resolves(document: unknown, path: JsonPath): boolean {
  let node = document;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number' && segment < node.length) node = node[segment];
    else if (
      typeof node === 'object' &&
      node !== null &&
      !Array.isArray(node) &&
      Object.hasOwn(node, segment)
    ) {
      node = (node as Record<string, unknown>)[String(segment)];
    } else return false;
  }
  return true;
}

const anyInput = fc.oneof(
  { weight: 4, arbitrary: definitionArbitrary.map((definition) => definition as unknown) },
  { weight: 3, arbitrary: mutatedSampleArbitrary },
  { weight: 2, arbitrary: wellFormedArbitrary },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.string() },
);

describe('validateDefinition (properties)', () => {
  it('never throws, on generated definitions, mutated samples or junk', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        validateDefinition(input, context);
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on YAML text of generated definitions or arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          definitionArbitrary.map((definition) => stringify(definition)),
          fc.string({ unit: 'binary' }),
        ),
        (source) => {
          const result = validateDefinition(source, context);
          for (const found of result.issues) {
            if (found.line !== undefined) expect(found.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives every issue a path that exists in the document, and a matching pointer', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        // Text is resolved against what it parses to, as an editor would.
        const document = typeof input === 'string' ? parseSource(input).value : input;
        for (const found of validateDefinition(input, context).issues) {
          expect(resolves(document, found.path)).toBe(true);
          expect(found.pointer).toBe(
            found.path
              .map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`)
              .join(''),
          );
          expect(found.message['zh-CN'].length).toBeGreaterThan(0);
          expect(found.message.en.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('can plan and compose a form for every definition it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 1, arbitrary: definitionArbitrary.map((definition) => definition as unknown) },
          { weight: 1, arbitrary: mutatedSampleArbitrary },
          { weight: 2, arbitrary: wellFormedArbitrary },
        ),
        (input) => {
          const result = validateDefinition(input, context);
          if (!result.valid) return;
          accepted += 1;
          const plan = planDefinition(result.definition);
          expect(plan.stages.flat().sort()).toEqual(result.definition.steps.map((step) => step.id).sort());
          expectRejectionsConsistent(result.definition, plan);
          const form = composeForm(result.definition);
          const contracted = new Set(
            result.definition.steps.flatMap((step) => [
              ...contractFieldIds(step),
              ...fieldsReadBy(step.when),
              ...contractEntries(step).flatMap((entry) => fieldsReadBy(entry.when)),
            ]),
          );
          for (const field of form.fields) expect(contracted.has(field.id)).toBe(true);
          buildSubmissionSchema(result.definition, { today: '2026-01-15' });
        },
      ),
      { numRuns: 400 },
    );
    // Guards the generator: a property over no accepted definition would prove nothing.
    expect(accepted).toBeGreaterThan(100);
  });
});

/** What plan says a rejection undoes: approved steps only, each with an undo action that applies. */
function expectRejectionsConsistent(definition: Definition, plan: DefinitionPlan): void {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  expect(plan.rejections.map((consequence) => consequence.rejected)).toEqual(
    definition.steps.map((step) => step.id),
  );
  for (const { rejected, blocked, undone, caseRejected } of plan.rejections) {
    const related = relatedSteps(definition, rejected);
    for (const id of undone) {
      expect(id).not.toBe(rejected);
      expect(blocked).not.toContain(id);
      const when = compensationSituations(byId.get(id)!);
      expect(
        (caseRejected && when.includes('case-rejected')) ||
          (when.includes('dependency-rejected') && related.has(id)),
      ).toBe(true);
    }
    for (const id of blocked) expect(related.has(id)).toBe(true);
  }
}
