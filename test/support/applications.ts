import { sampleResidentId } from '../../apps/departments-sim/src';

/**
 * A valid application for the `talent-introduction` sample (libs/definition/samples). The simulated
 * credit department rejects resident IDs ending in 4; this one ends otherwise.
 */
export function exampleApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: '张三',
    residentId: '11010519491231002X',
    mobile: '13800138000',
    talentCategory: 'b',
    employer: '杭州未来科技有限公司',
    monthsOfContributions: 36,
    ...overrides,
  };
}

/** A resident ID the simulated credit department turns down (失信被执行人). */
export const residentIdWithCreditRecord = (): string => sampleResidentId({ lastCharacter: '4' });

export const PERSONAL_DATA_MARKERS = ['11010519491231002X', '13800138000', '张三', '杭州未来科技有限公司'];
