import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { FormError } from '../shared/FormError';
import type { Department, Page } from '../shared/types';
import { useSubmit } from '../shared/use-submit';
import { ScrollTable } from '../shared/ScrollTable';

const FIELDS = ['code', 'nameZh', 'nameEn', 'active'] as const;
const EMPTY = { code: '', nameZh: '', nameEn: '', active: true };

/** Departments (the codes definitions name) with their names in both languages. */
export default function DepartmentsPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('departments.title'));
  const list = useQuery({
    queryKey: ['admin', 'departments'],
    queryFn: () => api<Page<Department>>('GET', '/admin/departments', undefined, { query: { limit: 100 } }),
  });
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [form, setForm] = useState(EMPTY);
  const { submit, errors, busy, reset } = useSubmit<Department>(FIELDS);

  function edit(department: Department) {
    reset();
    setEditing(department.code);
    setForm({
      code: department.code,
      nameZh: department.name['zh-CN'],
      nameEn: department.name.en,
      active: department.active,
    });
  }
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const { code: _code, ...rest } = form;
    const done = await submit(() =>
      editing
        ? api<Department>('PATCH', `/admin/departments/${editing}`, rest)
        : api<Department>('POST', '/admin/departments', form),
    );
    if (done) {
      setEditing(undefined);
      setForm(EMPTY);
    }
  }

  return (
    <Stack>
      <Title order={1}>{t('departments.title')}</Title>
      <ScrollTable label={t('departments.title')}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('departments.code')}</Table.Th>
              <Table.Th scope="col">{t('departments.name')}</Table.Th>
              <Table.Th scope="col">{t('departments.active')}</Table.Th>
              <Table.Th scope="col">{t('form.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((department) => (
              <Table.Tr key={department.code}>
                <Table.Td>{department.code}</Table.Td>
                <Table.Td>{i18n.language === 'en' ? department.name.en : department.name['zh-CN']}</Table.Td>
                <Table.Td>
                  <Badge autoContrast color={department.active ? 'teal.9' : 'gray.7'}>
                    {department.active ? t('form.yes') : t('form.no')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="compact-sm" variant="default" onClick={() => edit(department)}>
                      {t('form.editItem', { name: department.code })}
                    </Button>
                    <Anchor
                      component={Link}
                      to={`/admin/departments/${department.code}/credentials`}
                      size="sm"
                    >
                      {t('departments.credentials')}
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(event) => void onSubmit(event)}
        aria-labelledby="department-form-title"
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="department-form-title">
            {editing ? t('departments.edit', { code: editing }) : t('departments.create')}
          </Title>
          <FormError message={errors.form} />
          <TextInput
            label={t('departments.code')}
            value={form.code}
            disabled={editing !== undefined}
            onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
            error={errors.fields.code}
            required
          />
          <TextInput
            label={t('departments.nameZh')}
            value={form.nameZh}
            onChange={(e) => setForm({ ...form, nameZh: e.currentTarget.value })}
            error={errors.fields.nameZh}
            required
          />
          <TextInput
            label={t('departments.nameEn')}
            value={form.nameEn}
            onChange={(e) => setForm({ ...form, nameEn: e.currentTarget.value })}
            error={errors.fields.nameEn}
            required
          />
          <Checkbox
            label={t('departments.active')}
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {editing ? t('form.save') : t('form.create')}
            </Button>
            {editing && (
              <Button
                variant="default"
                onClick={() => {
                  setEditing(undefined);
                  setForm(EMPTY);
                  reset();
                }}
              >
                {t('form.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
