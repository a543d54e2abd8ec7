/// <reference types="jest" />
import { localizeOutputForm, outputErrors } from './output-form';
import type { OutputFormView } from './api';

const form: OutputFormView = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      certificateNumber: { title: '证书编号', type: 'string', maxLength: 200 },
      talentLevel: {
        title: '人才层次',
        type: 'string',
        oneOf: [
          { const: 'a', title: 'A类' },
          { const: 'b', title: 'B类' },
        ],
      },
      licence: { title: '许可证', type: 'object' },
    },
    required: ['certificateNumber', 'licence'],
    additionalProperties: false,
  },
  uiSchema: {
    talentLevel: {
      'ui:widget': 'select',
      'ui:options': {
        optionLabels: { a: { 'zh-CN': 'A类', en: 'Class A' }, b: { 'zh-CN': 'B类', en: 'Class B' } },
      },
    },
  },
  fields: [
    {
      id: 'certificateNumber',
      type: 'text',
      label: { 'zh-CN': '证书编号', en: 'Certificate number' },
      required: true,
      applicantVisible: true,
    },
    {
      id: 'talentLevel',
      type: 'enum',
      label: { 'zh-CN': '人才层次', en: 'Talent level' },
      required: false,
      applicantVisible: false,
    },
    {
      id: 'licence',
      type: 'document',
      label: { 'zh-CN': '许可证', en: 'Licence' },
      required: true,
      applicantVisible: true,
    },
  ],
};

describe('the output form in the user language', () => {
  it('titles and options come from the declaration; documents are left to the system', () => {
    const { schema, uiSchema, documents } = localizeOutputForm(form, 'en');
    expect(schema).toEqual({
      type: 'object',
      properties: {
        certificateNumber: { title: 'Certificate number', type: 'string', maxLength: 200 },
        talentLevel: {
          title: 'Talent level',
          type: 'string',
          oneOf: [
            { const: 'a', title: 'Class A' },
            { const: 'b', title: 'Class B' },
          ],
        },
      },
      required: ['certificateNumber'],
    });
    expect(uiSchema['ui:order']).toEqual(['certificateNumber', 'talentLevel']);
    expect(uiSchema.talentLevel).toEqual({ 'ui:widget': 'select' });
    expect(documents).toEqual(['licence']);
  });

  it('puts the API refusals at their output', () => {
    expect(
      outputErrors([
        { path: 'outputs.certificateNumber', message: 'Required' },
        { path: 'reason', message: 'no' },
      ]),
    ).toEqual({ certificateNumber: { __errors: ['Required'] } });
  });
});
