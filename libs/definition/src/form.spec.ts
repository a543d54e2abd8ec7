import { loadDemoCatalog } from './catalog';
import { fieldsReadBy } from './conditions';
import { composeForm } from './form';
import { contractEntries, contractFieldIds } from './outputs';
import { planDefinition } from './plan';
import type { Definition } from './schema';

const catalog = loadDemoCatalog();
const sample = (key: string): Definition => {
  const entry = catalog.find((candidate) => candidate.definition.key === key);
  if (!entry) throw new Error(`no sample ${key}`);
  return entry.definition;
};

describe('composeForm on the samples', () => {
  it.each(catalog.map((entry) => [entry.definition.key, entry.definition] as const))(
    '%s: asks each contracted datum once and leaves prefilled ones out',
    (_key, definition) => {
      const form = composeForm(definition);
      const order = form.uiSchema['ui:order'] as string[];
      expect(new Set(order).size).toBe(order.length);
      const contracted = new Set(definition.steps.flatMap((step) => contractFieldIds(step)));
      const readByConditions = definition.steps.flatMap((step) => [
        ...fieldsReadBy(step.when),
        ...contractEntries(step).flatMap((entry) => fieldsReadBy(entry.when)),
      ]);
      const used = new Set([...contracted, ...readByConditions]);
      const prefilled = new Set(definition.fields.filter((field) => field.prefill).map((field) => field.id));
      expect(new Set(order)).toEqual(new Set([...used].filter((id) => !prefilled.has(id))));
      expect(Object.keys(form.schema['properties'] as object).sort()).toEqual([...order].sort());
      expect(form.prefilled.map((entry) => entry.id).sort()).toEqual(
        [...prefilled].filter((id) => contracted.has(id)).sort(),
      );
    },
  );

  it('asks the shared name and ID once although five departments receive them', () => {
    const form = composeForm(sample('talent-settlement'));
    const order = form.uiSchema['ui:order'] as string[];
    expect(order.filter((id) => id === 'residentId')).toHaveLength(1);
    expect(form.fields.find((field) => field.id === 'residentId')?.usedBy).toEqual([
      'talentCertification',
      'insuranceTransfer',
      'householdRegistration',
      'housingSubsidy',
    ]);
    expect(form.fields.find((field) => field.id === 'settlementAddress')?.usedBy).toEqual([
      'householdRegistration',
      'housingSubsidy',
      'schoolEnrolment',
    ]);
  });

  it('fetches the household address and degree instead of asking for them', () => {
    const form = composeForm(sample('talent-settlement'));
    expect(form.prefilled).toEqual([
      {
        id: 'highestDegree',
        source: 'academic-credentials',
        path: 'highestDegree',
        usedBy: ['talentCertification'],
      },
      {
        id: 'currentHousehold',
        source: 'household-registry',
        path: 'registeredAddress',
        usedBy: ['householdRegistration'],
      },
    ]);
    expect(form.uiSchema['ui:order']).not.toContain('currentHousehold');
  });

  it('asks what a condition reads although no department receives it', () => {
    const definition = sample('talent-settlement');
    const hasChildren = composeForm(definition).fields.find((field) => field.id === 'hasChildren');
    expect(hasChildren).toMatchObject({ usedBy: [], conditionOf: ['schoolEnrolment'] });
    expect(definition.steps.some((step) => step.contract.includes('hasChildren'))).toBe(false);
  });

  it('orders questions by first use in topological order, then by definition order', () => {
    const order = composeForm(sample('talent-settlement')).uiSchema['ui:order'] as string[];
    expect(order).toEqual([
      'fullName',
      'residentId',
      'talentCategory',
      'employer',
      'laborContract',
      'mobile',
      'settlementAddress',
      'bankAccount',
      'hasChildren',
      'childName',
      'childResidentId',
      'schoolStage',
    ]);
  });

  it('produces a draft 2020-12 schema with labels in the chosen language and UI hints in both', () => {
    const form = composeForm(sample('talent-settlement'), { locale: 'en' });
    expect(form.schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    const properties = form.schema['properties'] as Record<string, Record<string, unknown>>;
    expect(properties['mobile']?.['title']).toBe('Mobile number');
    expect(properties['talentCategory']?.['oneOf']).toContainEqual({ const: 'a', title: 'A类（顶尖人才）' });
    expect(form.schema['required']).toContain('residentId');
    expect(form.schema['required']).not.toContain('childName');
    expect(form.uiSchema['laborContract']).toMatchObject({
      'ui:widget': 'files',
      'ui:options': {
        labels: { 'zh-CN': '劳动合同', en: 'Employment contract' },
        accept: 'application/pdf,image/jpeg,image/png',
      },
    });
  });
});

describe('the data-minimization matrix', () => {
  it.each(catalog.map((entry) => [entry.definition.key, entry.definition] as const))(
    '%s: a department receives a field exactly when one of its steps has it in its contract',
    (_key, definition) => {
      const { matrix } = planDefinition(definition);
      for (const department of matrix.departments) {
        for (const field of matrix.fields) {
          const expected = definition.steps
            .filter(
              (step) =>
                step.department === department &&
                contractEntries(step).some((entry) => entry.reference === field),
            )
            .map((step) => step.id);
          expect(matrix.cells[department]?.[field] ?? []).toEqual(expected);
        }
      }
      expect(matrix.askedButUnused).toEqual([]);
    },
  );

  it('flags a field no step receives', () => {
    const definition = sample('talent-housing');
    const withSpare: Definition = {
      ...definition,
      fields: [
        ...definition.fields,
        { id: 'shoeSize', type: 'number', label: { 'zh-CN': '鞋码', en: 'Shoe size' }, required: false },
      ],
    };
    expect(planDefinition(withSpare).matrix.askedButUnused).toEqual(['shoeSize']);
  });
});
