import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes are stored unencrypted by Temporal: ids, keys and states only, never a name, an ID
 * number or a phone number.
 */
export const CaseIdAttribute = defineSearchAttributeKey('OnethingCaseId', SearchAttributeType.KEYWORD);
export const DefinitionKeyAttribute = defineSearchAttributeKey(
  'OnethingDefinitionKey',
  SearchAttributeType.KEYWORD,
);
export const DefinitionVersionAttribute = defineSearchAttributeKey(
  'OnethingDefinitionVersion',
  SearchAttributeType.INT,
);
export const CaseStatusAttribute = defineSearchAttributeKey(
  'OnethingCaseStatus',
  SearchAttributeType.KEYWORD,
);
export const LeadDepartmentAttribute = defineSearchAttributeKey(
  'OnethingLeadDepartment',
  SearchAttributeType.KEYWORD,
);

export const projectSearchAttributes = [
  { name: CaseIdAttribute.name, type: 'Keyword' },
  { name: DefinitionKeyAttribute.name, type: 'Keyword' },
  { name: DefinitionVersionAttribute.name, type: 'Int' },
  { name: CaseStatusAttribute.name, type: 'Keyword' },
  { name: LeadDepartmentAttribute.name, type: 'Keyword' },
] as const;
