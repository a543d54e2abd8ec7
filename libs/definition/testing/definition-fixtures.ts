import type { DefinitionInput } from '../src/schema';
import { catalogValidationContext } from '../src/connector-catalog';

// Shared by the definition specs only (outside src: no library entry ships it): a small valid definition
// to break one way at a time.

export const context = catalogValidationContext;

export function minimalDefinition(): DefinitionInput {
  return {
    key: 'demo-thing',
    version: 1,
    title: { 'zh-CN': '示例', en: 'Demo' },
    description: { 'zh-CN': '示例一件事', en: 'A demo one-thing' },
    leadDepartment: 'talent-office',
    fields: [
      { id: 'fullName', type: 'text', label: { 'zh-CN': '姓名', en: 'Name' }, required: true },
      { id: 'residentId', type: 'cn-resident-id', label: { 'zh-CN': '身份证号', en: 'ID' }, required: true },
      { id: 'hasChildren', type: 'boolean', label: { 'zh-CN': '有子女', en: 'Has children' } },
      {
        id: 'household',
        type: 'address',
        label: { 'zh-CN': '户籍地址', en: 'Household address' },
        prefill: { source: 'household-registry' },
      },
    ],
    steps: [
      {
        id: 'certify',
        title: { 'zh-CN': '认定', en: 'Certify' },
        department: 'talent-office',
        kind: 'manual',
        contract: ['fullName', 'residentId'],
        sla: { workingDays: 5 },
      },
      {
        id: 'register',
        title: { 'zh-CN': '落户', en: 'Register' },
        department: 'public-security',
        kind: 'manual',
        after: ['certify'],
        contract: ['fullName', 'residentId', 'household'],
        sla: { workingDays: 5 },
      },
      {
        id: 'insurance',
        title: { 'zh-CN': '社保', en: 'Insurance' },
        department: 'hrss',
        kind: 'auto',
        connector: 'social-insurance',
        contract: ['residentId'],
        sla: { workingDays: 2 },
        retry: { maximumAttempts: 3, initialIntervalSeconds: 5, backoffCoefficient: 2 },
      },
      {
        id: 'school',
        title: { 'zh-CN': '入学', en: 'School' },
        department: 'education',
        kind: 'manual',
        after: ['register'],
        when: 'fields.hasChildren == true',
        required: false,
        contract: ['fullName'],
        sla: { workingDays: 10 },
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: { 'zh-CN': '通过', en: 'Approved' },
        rejected: { 'zh-CN': '未通过', en: 'Rejected' },
        partial: { 'zh-CN': '部分通过', en: 'Partly approved' },
      },
    },
  };
}

/** A mutable deep copy typed loosely enough to break on purpose. */
export type Loose = Record<string, unknown> & {
  fields: Record<string, unknown>[];
  steps: Record<string, unknown>[];
};
export function looseDefinition(): Loose {
  return structuredClone(minimalDefinition());
}
