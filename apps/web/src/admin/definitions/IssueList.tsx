import { Badge, Button, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { issueMessage } from '../shared/text';
import type { DefinitionIssue } from '../shared/types';
import type { IssueRange } from './issue-positions';

interface IssueListProps {
  issues: readonly DefinitionIssue[];
  ranges: readonly IssueRange[];
  language: string;
  onJump: (line: number) => void;
}

/** Every issue with its line, as a button that puts the cursor there; the count is announced politely. */
export function IssueList({ issues, ranges, language, onJump }: IssueListProps) {
  const { t } = useTranslation('admin');
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <div>
      <Text
        role="status"
        aria-live="polite"
        data-testid="issue-summary"
        fw={600}
        c={errors > 0 ? 'red.9' : 'teal.9'}
      >
        {errors === 0 && warnings === 0 ? t('editor.noIssues') : t('editor.issueCount', { errors, warnings })}
      </Text>
      {issues.length > 0 && (
        <List size="sm" spacing={2} listStyleType="none" data-testid="issue-list">
          {issues.map((issue, index) => (
            <List.Item key={`${issue.code}-${issue.pointer}-${index}`}>
              <Button
                variant="subtle"
                size="compact-sm"
                color="dark"
                onClick={() => onJump(ranges[index]?.line ?? 1)}
                data-line={ranges[index]?.line}
                data-severity={issue.severity}
              >
                <Badge
                  autoContrast
                  size="xs"
                  mr={6}
                  color={issue.severity === 'error' ? 'red.9' : 'yellow.4'}
                  variant="filled"
                >
                  {t(`editor.${issue.severity}`)}
                </Badge>
                {t('editor.atLine', { line: ranges[index]?.line ?? 1 })}
              </Button>
              <Text span size="sm">
                {issueMessage(issue, language)} <code>{issue.code}</code>
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
