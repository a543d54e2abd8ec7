export interface DepartmentDecision {
  decision: 'approved' | 'rejected';
  reason?: string;
}

/**
 * Stand-ins for the departments' own systems in the slice: each sees only its contract fields and
 * answers with a business decision. (The connector layer replaces these with HTTP department systems.)
 */
export const simulatedDepartments: Record<string, (data: Record<string, unknown>) => DepartmentDecision> = {
  'talent-certification': (data) =>
    data.talentCategory === 'E'
      ? { decision: 'rejected', reason: 'Category E is not covered by the city talent catalogue' }
      : { decision: 'approved' },
  'insurance-transfer': (data) =>
    data.monthsContributed === 0
      ? { decision: 'rejected', reason: 'No contribution record to transfer' }
      : { decision: 'approved' },
};
