import type { TestStack } from './test-stack';

/** An application for `autoDefinition` (test/support/definitions.ts) that every simulated department approves. */
export function autoApplication(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: '张三',
    residentId: '11010519491231002X',
    monthsOfContributions: 36,
    hasChildren: false,
    ...overrides,
  };
}

/** Submits a case as the seeded applicant; returns the response status and body. */
export async function postCase(
  stack: TestStack,
  definitionKey: string,
  application: Record<string, unknown>,
): Promise<{ status: number; body: { id: string; status: string } }> {
  const response = await fetch(`${stack.baseUrl}/cases`, {
    method: 'POST',
    headers: await stack.headers('applicant'),
    body: JSON.stringify({ definitionKey, application }),
  });
  return { status: response.status, body: (await response.json()) as { id: string; status: string } };
}

/** Submits a case as the seeded applicant and returns its id (fails unless it was created). */
export async function submitCase(
  stack: TestStack,
  definitionKey: string,
  application: Record<string, unknown>,
): Promise<string> {
  const { status, body } = await postCase(stack, definitionKey, application);
  if (status !== 201) throw new Error(`submission answered ${status}: ${JSON.stringify(body)}`);
  return body.id;
}
