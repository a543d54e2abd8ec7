import { Anchor, Badge, Checkbox, Table, Text, VisuallyHidden } from '@mantine/core';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../i18n';
import type { TaskView } from './api';
import { SlaBadge } from './SlaBadge';
import { StatusBadge } from './StatusBadge';

interface Props {
  tasks: TaskView[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
}

const NEXT = new Set(['ArrowDown', 'j']);
const PREVIOUS = new Set(['ArrowUp', 'k']);

/** A task's short reference: the case's first characters (the full ids are long and say nothing). */
export function caseRef(caseId: string): string {
  return caseId.slice(0, 8);
}

/**
 * The queue as a table whose first cell in each row is the task's link: ↑/↓ (or j/k) move between the
 * links, Home/End jump, Enter opens (a link's own behaviour). Tab still walks every control.
 */
export function TaskList({ tasks, selected, onToggle, onToggleAll }: Props) {
  const { t, i18n } = useTranslation('work');
  const body = useRef<HTMLTableSectionElement>(null);

  function move(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    // Letters typed into a control are the control's.
    if (target.tagName === 'INPUT' && (event.key === 'j' || event.key === 'k')) return;
    const links = [...(body.current?.querySelectorAll<HTMLAnchorElement>('a[data-task-link]') ?? [])];
    const row = target.closest('tr');
    const current = links.findIndex((link) => link.closest('tr') === row);
    let next: number | undefined;
    if (NEXT.has(event.key)) next = Math.min(current + 1, links.length - 1);
    else if (PREVIOUS.has(event.key)) next = Math.max(current - 1, 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = links.length - 1;
    if (next === undefined || links.length === 0) return;
    event.preventDefault();
    links[next].focus();
  }

  const allSelected = tasks.length > 0 && tasks.every((task) => selected.has(task.id));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover aria-describedby="work-queue-keys">
        <caption>
          <VisuallyHidden>{t('queue.caption')}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              <Checkbox
                aria-label={t('queue.selectAll')}
                checked={allSelected}
                indeterminate={!allSelected && tasks.some((task) => selected.has(task.id))}
                onChange={onToggleAll}
              />
            </Table.Th>
            <Table.Th scope="col">{t('queue.column.task')}</Table.Th>
            <Table.Th scope="col">{t('queue.column.status')}</Table.Th>
            <Table.Th scope="col">{t('queue.column.sla')}</Table.Th>
            <Table.Th scope="col">{t('queue.column.holder')}</Table.Th>
            <Table.Th scope="col">{t('queue.column.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={body} onKeyDown={move}>
          {tasks.map((task) => (
            <Table.Tr key={task.id} data-task-id={task.id}>
              <Table.Td>
                <Checkbox
                  aria-label={t('queue.select', { step: task.stepId, ref: caseRef(task.caseId) })}
                  checked={selected.has(task.id)}
                  onChange={() => onToggle(task.id)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/work/tasks/${task.id}`} data-task-link fw={600}>
                  {task.stepId}
                  <Text span c="gray.8" size="sm">
                    {' '}
                    · {t('task.caseRef', { ref: caseRef(task.caseId) })}
                  </Text>
                </Anchor>{' '}
                {task.priority === 'urgent' && (
                  <Badge component="span" color="red.9" variant="filled">
                    {t('priority.urgent')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={task.status} />
              </Table.Td>
              <Table.Td>
                <SlaBadge sla={task.sla} />
              </Table.Td>
              <Table.Td>
                {task.holder ? (task.holder.displayName ?? t('holder.someone')) : t('holder.nobody')}
              </Table.Td>
              <Table.Td>{formatDateTime(task.createdAt, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
