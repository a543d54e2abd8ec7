import { residentIdCheckCharacter } from '@onething/definition';

/**
 * The simulated department systems' business rules: deterministic functions of the data a step sends,
 * so a demo or a test picks an outcome by picking the data. The README beside this folder lists them.
 */
export type SimulatedData = Record<string, unknown>;

export interface SimulatedDecision {
  decision: 'approved' | 'rejected';
  reason?: string;
  data?: SimulatedData;
}

export type SimulatedLookup = { found: false } | { found: true; data: SimulatedData };

/** The request lacks a field the department needs, or holds one it cannot read (HTTP 400). */
export class InvalidSimulatedRequest extends Error {
  constructor(
    readonly field: string,
    expected: string,
  ) {
    super(`${field}: expected ${expected}`);
    this.name = 'InvalidSimulatedRequest';
  }
}

interface SimulatedDepartment {
  check(data: SimulatedData): SimulatedDecision;
  lookup?(subject: SimulatedData): SimulatedLookup;
}

const approved = (data?: SimulatedData): SimulatedDecision => ({
  decision: 'approved',
  ...(data ? { data } : {}),
});
const rejected = (reason: string): SimulatedDecision => ({ decision: 'rejected', reason });

export const simulatedDepartments: Readonly<Record<string, SimulatedDepartment>> = {
  'household-registry': {
    check: (data) => {
      requireText(data, 'fullName');
      return approved({ householdRecord: reference('HR', residentId(data)) });
    },
    lookup: (subject) => {
      const id = residentId(subject);
      return { found: true, data: { registeredAddress: registeredAddress(id), householdType: 'urban' } };
    },
  },

  'social-insurance': {
    check: (data) => {
      requireText(data, 'fullName');
      const person = personKey(data);
      if ('monthsOfContributions' in data) {
        const months = data.monthsOfContributions;
        if (typeof months !== 'number' || !Number.isInteger(months) || months < 0) {
          throw new InvalidSimulatedRequest('monthsOfContributions', 'a whole number of months');
        }
        if (months < MIN_CONTRIBUTION_MONTHS) {
          return rejected(
            `Only ${months} months of social insurance contributions in the city; at least ${MIN_CONTRIBUTION_MONTHS} are required.`,
          );
        }
        return approved({ contributionMonths: months });
      }
      return approved({ insuranceNumber: reference('SI', person) });
    },
    lookup: (subject) => {
      const id = residentId(subject);
      return { found: true, data: { contributionMonths: contributionMonths(id) } };
    },
  },

  credit: {
    check: (data) => {
      requireText(data, 'fullName');
      if (residentId(data).endsWith('4')) {
        return rejected('Listed as a dishonest judgment debtor (失信被执行人) in the public credit records.');
      }
      return approved({ creditRecord: 'clean' });
    },
  },

  'property-registry': {
    check: (data) => {
      requireText(data, 'fullName');
      if (ownsPropertyInCity(residentId(data))) {
        return rejected('The applicant already owns residential property in the city.');
      }
      const spouse = optionalResidentId(data, 'spouseResidentId');
      if (spouse && ownsPropertyInCity(spouse)) {
        return rejected("The applicant's spouse already owns residential property in the city.");
      }
      return approved({ propertiesInCity: 0 });
    },
  },

  'business-registry': {
    check: (data) => {
      const name = requireText(data, 'companyName');
      if (registeredCompanyNames.has(name.trim()))
        return rejected(`The company name "${name}" is already registered.`);
      return approved({ unifiedSocialCreditCode: reference('91', name) });
    },
  },

  'tax-registry': {
    check: (data) => {
      requireText(data, 'fullName');
      requireText(data, 'companyName');
      const id = residentId(data);
      if (id.endsWith('3'))
        return rejected("Outstanding tax arrears are recorded under the applicant's name.");
      return approved({ taxpayerNumber: reference('TX', id) });
    },
  },

  'academic-credentials': {
    check: (data) => {
      const claimed = requireText(data, 'highestDegree');
      const recorded = highestDegree(residentId(data));
      if (recorded === undefined)
        return rejected('No degree is recorded in the national academic credentials database.');
      if (recorded !== claimed)
        return rejected(`The recorded highest degree is ${recorded}, not ${claimed}.`);
      return approved({ highestDegree: recorded });
    },
    lookup: (subject) => {
      const recorded = highestDegree(residentId(subject));
      return recorded === undefined ? { found: false } : { found: true, data: { highestDegree: recorded } };
    },
  },

  'exit-entry-records': {
    check: (data) => {
      requireText(data, 'fullName');
      const passport = requireText(data, 'passportNumber');
      if (passport.endsWith('4')) return rejected('An exit-entry ban is on record for this passport.');
      return approved({ entryRecord: reference('EE', passport) });
    },
    lookup: (subject) => {
      requireText(subject, 'passportNumber');
      return { found: true, data: { residenceStatus: 'none' } };
    },
  },

  'foreign-work-permit': {
    check: (data) => approved({ permitNumber: reference('WP', requireText(data, 'passportNumber')) }),
  },

  'subsidy-payment': {
    check: (data) => approved({ paymentReference: reference('PAY', JSON.stringify(data)) }),
  },
};

export const MIN_CONTRIBUTION_MONTHS = 6;

/** Names the simulated business registry already holds. */
export const registeredCompanyNames: ReadonlySet<string> = new Set([
  '一件事科技有限公司',
  'Onething Technology Ltd',
]);

/** The 17th character (the last sequence digit) decides the record-based rules. */
const sequenceDigit = (id: string) => Number(id[16]);

export function ownsPropertyInCity(id: string): boolean {
  return sequenceDigit(id) === 9;
}

export function contributionMonths(id: string): number {
  return Number(id.slice(15, 17));
}

export function highestDegree(id: string): 'doctorate' | 'master' | 'bachelor' | undefined {
  const digit = sequenceDigit(id);
  if (digit === 0) return undefined;
  return digit <= 3 ? 'doctorate' : digit <= 6 ? 'master' : 'bachelor';
}

const provinces: Record<string, { province: string; city: string }> = {
  '11': { province: '北京市', city: '北京市' },
  '31': { province: '上海市', city: '上海市' },
  '33': { province: '浙江省', city: '杭州市' },
  '44': { province: '广东省', city: '深圳市' },
};

function registeredAddress(id: string) {
  const place = provinces[id.slice(0, 2)] ?? { province: '四川省', city: '成都市' };
  return { ...place, district: `${id.slice(0, 6)}区`, detail: `人民路${Number(id.slice(14, 17)) + 1}号` };
}

/**
 * A valid resident ID (correct check character) for demos and tests, born 1990-01-01 in Shanghai,
 * whose sequence digit and last character are the given ones when asked.
 */
export function sampleResidentId(wanted: { sequenceDigit?: number; lastCharacter?: string } = {}): string {
  for (let sequence = 1; sequence < 1000; sequence += 1) {
    if (wanted.sequenceDigit !== undefined && sequence % 10 !== wanted.sequenceDigit) continue;
    const first17 = `31010419900101${String(sequence).padStart(3, '0')}`;
    const check = residentIdCheckCharacter(first17);
    if (wanted.lastCharacter !== undefined && check !== wanted.lastCharacter) continue;
    return first17 + check;
  }
  throw new Error(`no resident ID with ${JSON.stringify(wanted)}`);
}

function requireText(data: SimulatedData, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidSimulatedRequest(field, 'a non-empty string');
  return value;
}

function residentId(data: SimulatedData, field = 'residentId'): string {
  const id = optionalResidentId(data, field);
  if (id === undefined)
    throw new InvalidSimulatedRequest(field, 'a resident ID (17 digits and a check character)');
  return id;
}

function optionalResidentId(data: SimulatedData, field: string): string | undefined {
  const value = data[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{17}[\dXx]$/.test(value)) {
    throw new InvalidSimulatedRequest(field, 'a resident ID (17 digits and a check character)');
  }
  return value.toUpperCase();
}

/** Residents are known by resident ID, foreigners by passport number. */
function personKey(data: SimulatedData): string {
  if (data.residentId !== undefined) return residentId(data);
  return requireText(data, 'passportNumber');
}

/** A stable, opaque reference number derived from the request (FNV-1a), never the data itself. */
function reference(prefix: string, seed: string): string {
  let hash = 0x811c9dc5;
  for (const character of seed) hash = Math.imul(hash ^ character.codePointAt(0)!, 0x01000193) >>> 0;
  return `${prefix}${hash.toString(36).toUpperCase().padStart(7, '0')}`;
}
