import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shell';
import { formatDateTime } from '../shell';
import { usePageTitle } from '../shell';
import { FormError } from '../shared/FormError';
import type { CalendarDay, CalendarYear } from '../shared/types';
import { useSubmit } from '../shared/use-submit';

/** One day a line: `2026-10-01 国庆节` (the note is optional). */
function linesOf(days: CalendarDay[]): string {
  return days.map((day) => (day.note ? `${day.date} ${day.note}` : day.date)).join('\n');
}

function daysOf(text: string): CalendarDay[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date, ...note] = line.split(/\s+/);
      return note.length > 0 ? { date, note: note.join(' ') } : { date };
    });
}

/** The working calendar the legal time limits count in: a year's holidays and make-up workdays (调休). */
export default function CalendarPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('calendar.title'));
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const found = useQuery({
    queryKey: ['admin', 'calendar', year],
    queryFn: async () => {
      try {
        return await api<CalendarYear>('GET', `/admin/calendar/${year}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  useEffect(() => {
    setHolidays(linesOf(found.data?.holidays ?? []));
    setWorkdays(linesOf(found.data?.workdays ?? []));
  }, [found.data]);
  const { submit, errors, busy } = useSubmit<CalendarYear>(['holidays', 'workdays']);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const done = await submit(() =>
      api<CalendarYear>('PUT', `/admin/calendar/${year}`, {
        holidays: daysOf(holidays),
        workdays: daysOf(workdays),
      }),
    );
    setSaved(done !== undefined);
  }

  const years = Array.from({ length: 5 }, (_, index) => String(thisYear - 1 + index));
  return (
    <Stack>
      <Title order={1}>{t('calendar.title')}</Title>
      <NativeSelect
        label={t('calendar.year')}
        data={years}
        value={year}
        onChange={(e) => setYear(e.currentTarget.value)}
        w={160}
      />
      {found.data === null && <Text c="gray.7">{t('calendar.none', { year })}</Text>}
      {found.data && (
        <Text size="sm">
          {t('calendar.source', {
            source: found.data.source,
            updated: formatDateTime(found.data.updatedAt, i18n.language),
          })}
        </Text>
      )}
      {saved && (
        <Alert color="teal" role="status">
          {t('calendar.saved', { year })}
        </Alert>
      )}
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(event) => void onSubmit(event)}
        aria-label={t('calendar.title')}
      >
        <Stack gap="sm">
          <FormError message={errors.form} />
          <Text size="sm">{t('calendar.help')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea
              label={t('calendar.holidays')}
              value={holidays}
              onChange={(e) => setHolidays(e.currentTarget.value)}
              error={errors.fields.holidays}
              autosize
              minRows={8}
            />
            <Textarea
              label={t('calendar.workdays')}
              value={workdays}
              onChange={(e) => setWorkdays(e.currentTarget.value)}
              error={errors.fields.workdays}
              autosize
              minRows={8}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={busy}>
              {t('calendar.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
