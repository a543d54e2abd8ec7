import { characterProblem } from '@onething/text';
import { issue, type DefinitionIssue, type JsonPath } from './errors';

// The source text is checked at the API edge, but a YAML or JSON escape (`"\0"`, `"\u0000"`, `"\ud800"`)
// puts a forbidden character into the parsed document all the same: every string and key is checked
// here too, so such a document is never stored or published (PostgreSQL's jsonb cannot hold them).

/** At most this many text issues: one broken character repeated a thousand times is one mistake. */
const MAX_TEXT_ISSUES = 20;

export function textIssues(document: unknown): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const check = (text: string, path: JsonPath) => {
    const problem = characterProblem(text, { kind: 'document' });
    if (problem && issues.length < MAX_TEXT_ISSUES) issues.push(issue(problem.code, path, problem.message));
  };
  const visit = (value: unknown, path: JsonPath): void => {
    if (typeof value === 'string') return check(value, path);
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, [...path, index]));
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        check(key, [...path, key]);
        visit(item, [...path, key]);
      }
    }
  };
  visit(document, []);
  return issues;
}
