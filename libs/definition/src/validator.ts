import { DefinitionIssueCode as Code, issue, localized, toJsonPointer } from './errors';
import type { DefinitionIssue } from './errors';
import { existingPrefix, isRecord } from './json-path';
import { salvage } from './salvage';
import { DefinitionSchema } from './schema';
import type { Definition } from './schema';
import { semanticIssues } from './semantic-checks';
import { parseSource, type ParsedSource } from './source';
import { structuralIssues } from './structural-checks';
import { textIssues } from './text-checks';

/** What the database knows: department codes and connector (prefill source) names in force. */
export interface ValidationContext {
  departments: readonly string[];
  connectors: readonly string[];
}

export type ValidationResult =
  | { valid: true; definition: Definition; issues: DefinitionIssue[] }
  | { valid: false; issues: DefinitionIssue[] };

/**
 * Checks a definition given as YAML/JSON text or as an already parsed value. Reports every structural and
 * semantic issue at once, never throws. Warnings do not make a definition invalid.
 */
export function validateDefinition(input: unknown, context: ValidationContext): ValidationResult {
  let source: ParsedSource | undefined;
  let issues: DefinitionIssue[];
  let value: unknown = input;
  try {
    if (typeof input === 'string') {
      source = parseSource(input);
      value = source.value;
      if (source.syntaxErrors.length > 0) {
        const syntaxIssues = source.syntaxErrors.map((error) => ({
          ...issue(
            Code.SourceUnparsable,
            [],
            localized(`无法解析 YAML/JSON：${error.message}`, `Cannot parse YAML/JSON: ${error.message}`),
          ),
          ...(error.line !== undefined && error.column !== undefined
            ? { line: error.line, column: error.column }
            : {}),
        }));
        return { valid: false, issues: syntaxIssues };
      }
    }
    issues = collectIssues(value, context);
  } catch (error) {
    // A bug in a check must not turn into a 500 for the administrator: report it as an issue instead.
    const reason = error instanceof Error ? error.message : String(error);
    issues = [
      issue(
        Code.ValidatorFailure,
        [],
        localized(`校验器内部错误：${reason}`, `Validator failure: ${reason}`),
      ),
    ];
  }
  const located = issues.map((found) => locateIssue(found, value, source));
  if (located.some((found) => found.severity === 'error')) return { valid: false, issues: located };
  const parsed = DefinitionSchema.safeParse(value);
  if (!parsed.success) return { valid: false, issues: located };
  return { valid: true, definition: parsed.data, issues: located };
}

/** Keeps the path resolvable (trimmed to the nearest existing node) and adds the source position. */
function locateIssue(
  found: DefinitionIssue,
  document: unknown,
  source: ParsedSource | undefined,
): DefinitionIssue {
  const path = existingPrefix(document, found.path);
  const position = source?.locate(path);
  return { ...found, path, pointer: toJsonPointer(path), ...(position ?? {}) };
}

function collectIssues(value: unknown, context: ValidationContext): DefinitionIssue[] {
  if (!isRecord(value) || Array.isArray(value)) {
    return [
      issue(
        Code.NotAnObject,
        [],
        localized('定义必须是一个对象（映射）。', 'A definition must be an object (a mapping).'),
      ),
    ];
  }
  const issues = [...textIssues(value), ...structuralIssues(value)];
  issues.push(...semanticIssues(salvage(value), context));
  return issues;
}
