import type { ExampleApplication } from '@onething/cases';

/** A valid application for the example definition; the ID number's check character is correct. */
export function exampleApplication(overrides: Partial<ExampleApplication> = {}): ExampleApplication {
  return {
    fullName: '张三',
    idNumber: '11010519491231002X',
    phone: '13800138000',
    talentCategory: 'B',
    employerName: '杭州未来科技有限公司',
    previousInsuranceCity: '上海',
    monthsContributed: 36,
    ...overrides,
  };
}

export const PERSONAL_DATA_MARKERS = ['11010519491231002X', '13800138000', '张三'];
