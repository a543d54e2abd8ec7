import { z } from 'zod';
import { DefinitionIssueCode as Code, issue, localized } from './errors';
import type { DefinitionIssue, JsonPath } from './errors';
import { existingPrefix } from './json-path';
import { DefinitionSchema } from './schema';

const zhCustomMessages: Record<string, string> = {
  'expected kebab-case': '应为小写短横线格式（kebab-case）',
  'expected an identifier such as hasChildren': '应为标识符，例如 hasChildren',
  'expected a content type': '应为内容类型，例如 application/pdf',
  'expected a dot path such as certificate.number': '应为点分路径，例如 certificate.number',
  'expected a field id or steps.<stepId>.outputs.<outputId>':
    '应为字段 id 或 steps.<步骤id>.outputs.<输出id>',
};
const zhLocale = z.locales.zhCN();

export function structuralIssues(value: Record<string, unknown>): DefinitionIssue[] {
  const english = DefinitionSchema.safeParse(value);
  if (english.success) return [];
  const chinese = DefinitionSchema.safeParse(value, { error: zhLocale.localeError });
  const chineseIssues = chinese.success ? [] : chinese.error.issues;
  return english.error.issues.flatMap((zodIssue, index) => {
    const zhMessage = chineseIssues[index]?.message ?? zodIssue.message;
    const zh = zhCustomMessages[zhMessage] ?? zhMessage;
    const path = zodIssue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    if (zodIssue.code === 'unrecognized_keys') {
      return zodIssue.keys.map((key) =>
        issue(
          Code.UnknownProperty,
          [...path, key],
          localized(`未知属性：${key}`, `Unknown property: ${key}`),
        ),
      );
    }
    if (zodIssue.code === 'invalid_type' && isMissing(value, path)) {
      const name = String(path[path.length - 1]);
      return [
        issue(
          Code.MissingProperty,
          path,
          localized(`缺少必填属性：${name}`, `Missing required property: ${name}`),
          { property: name },
        ),
      ];
    }
    if (zodIssue.code === 'too_big' || zodIssue.code === 'too_small') {
      if (path.includes('sla') || path.includes('escalation')) {
        return [
          issue(
            Code.SlaOutOfRange,
            path,
            localized(`时限超出范围：${zh}`, `SLA out of range: ${zodIssue.message}`),
          ),
        ];
      }
      if (path.includes('maxLength') || path.includes('minLength')) {
        return [
          issue(
            Code.FieldRangeInvalid,
            path,
            localized(`文本长度超出范围：${zh}`, `Text length out of range: ${zodIssue.message}`),
          ),
        ];
      }
      if (path.includes('retry')) {
        return [
          issue(
            Code.RetryOutOfRange,
            path,
            localized(`重试参数超出范围：${zh}`, `Retry value out of range: ${zodIssue.message}`),
          ),
        ];
      }
    }
    return [issue(Code.InvalidValue, path, localized(zh, zodIssue.message))];
  });
}

function isMissing(document: unknown, path: JsonPath): boolean {
  const parent = existingPrefix(document, path.slice(0, -1));
  return parent.length === path.length - 1 && existingPrefix(document, path).length === path.length - 1;
}
