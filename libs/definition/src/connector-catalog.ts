import type { LocalizedText } from './schema';
import type { ValidationContext } from './validator';

// The departments and connectors a deployment ships with: the seed creates these departments, the
// connector catalog's migration seeds these connectors (the database catalog is what the API and the
// worker use from then on), and the CLI validates against them offline (`--api` uses the database's).

export interface CatalogDepartment {
  code: string;
  name: LocalizedText;
}

export interface CatalogConnector {
  code: string;
  name: LocalizedText;
  /** Department that operates the system behind the connector. */
  department: string;
}

export const departmentCatalog: readonly CatalogDepartment[] = [
  { code: 'talent-office', name: { 'zh-CN': '人才工作领导小组办公室', en: 'Talent Office' } },
  { code: 'public-security', name: { 'zh-CN': '公安局', en: 'Public Security Bureau' } },
  {
    code: 'hrss',
    name: { 'zh-CN': '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau' },
  },
  {
    code: 'housing',
    name: { 'zh-CN': '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' },
  },
  { code: 'education', name: { 'zh-CN': '教育局', en: 'Education Bureau' } },
  { code: 'market-regulation', name: { 'zh-CN': '市场监督管理局', en: 'Market Regulation Administration' } },
  { code: 'tax', name: { 'zh-CN': '税务局', en: 'Tax Bureau' } },
  {
    code: 'science-technology',
    name: { 'zh-CN': '科学技术局（外国专家局）', en: 'Science and Technology Bureau (Foreign Experts)' },
  },
  { code: 'exit-entry', name: { 'zh-CN': '出入境管理局', en: 'Exit and Entry Administration' } },
  {
    code: 'natural-resources',
    name: { 'zh-CN': '自然资源和规划局', en: 'Natural Resources and Planning Bureau' },
  },
];

export const connectorCatalog: readonly CatalogConnector[] = [
  {
    code: 'household-registry',
    name: { 'zh-CN': '人口户籍信息', en: 'Household registry' },
    department: 'public-security',
  },
  {
    code: 'social-insurance',
    name: { 'zh-CN': '社会保险参保信息', en: 'Social insurance records' },
    department: 'hrss',
  },
  {
    code: 'credit',
    name: { 'zh-CN': '公共信用信息', en: 'Public credit records' },
    department: 'market-regulation',
  },
  {
    code: 'property-registry',
    name: { 'zh-CN': '不动产登记信息', en: 'Real property registry' },
    department: 'natural-resources',
  },
  {
    code: 'business-registry',
    name: { 'zh-CN': '市场主体登记信息', en: 'Business registry' },
    department: 'market-regulation',
  },
  { code: 'tax-registry', name: { 'zh-CN': '税务登记信息', en: 'Tax registry' }, department: 'tax' },
  {
    code: 'academic-credentials',
    name: { 'zh-CN': '学历学位信息', en: 'Academic credentials' },
    department: 'education',
  },
  {
    code: 'exit-entry-records',
    name: { 'zh-CN': '出入境及居留信息', en: 'Exit, entry and residence records' },
    department: 'exit-entry',
  },
  {
    code: 'foreign-work-permit',
    name: { 'zh-CN': '外国人来华工作管理服务系统', en: 'Foreigner work permit system' },
    department: 'science-technology',
  },
  {
    code: 'subsidy-payment',
    name: { 'zh-CN': '财政补贴发放', en: 'Subsidy payments' },
    department: 'housing',
  },
];

export const catalogValidationContext: ValidationContext = {
  departments: departmentCatalog.map((department) => department.code),
  connectors: connectorCatalog.map((connector) => connector.code),
};
