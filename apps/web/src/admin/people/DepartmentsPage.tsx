import { Anchor, Button, Checkbox, Group, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { AdminListPage } from '../shared/AdminListPage';
import { EditorForm, YesNoBadge } from '../shared/EditorForm';
import type { Department, Page } from '../shared/types';
import { useEditedItem } from '../shared/use-edited-item';
import { useSubmit } from '../shared/use-submit';

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
  const submitted = useSubmit<Department>(FIELDS);
  const { submit } = submitted;
  const { editing, form, set, text, start, clear, formProps } = useEditedItem<string, typeof EMPTY>(
    EMPTY,
    submitted,
  );

  const edit = (department: Department) =>
    start(department.code, {
      code: department.code,
      nameZh: department.name['zh-CN'],
      nameEn: department.name.en,
      active: department.active,
    });
  async function save() {
    const { code: _code, ...rest } = form;
    const done = await submit(() =>
      editing
        ? api<Department>('PATCH', `/admin/departments/${editing}`, rest)
        : api<Department>('POST', '/admin/departments', form),
    );
    if (done) clear();
  }

  return (
    <AdminListPage
      title={t('departments.title')}
      items={list.data?.items}
      rowKey={(department) => department.code}
      columns={[
        { header: t('departments.code'), cell: (department) => department.code },
        {
          header: t('departments.name'),
          cell: (department) => (i18n.language === 'en' ? department.name.en : department.name['zh-CN']),
        },
        { header: t('departments.active'), cell: (department) => <YesNoBadge value={department.active} /> },
        {
          header: t('form.actions'),
          cell: (department) => (
            <Group gap="xs">
              <Button size="compact-sm" variant="default" onClick={() => edit(department)}>
                {t('form.editItem', { name: department.code })}
              </Button>
              <Anchor component={Link} to={`/admin/departments/${department.code}/credentials`} size="sm">
                {t('departments.credentials')}
              </Anchor>
            </Group>
          ),
        },
      ]}
    >
      <EditorForm
        id="department-form-title"
        title={editing ? t('departments.edit', { code: editing }) : t('departments.create')}
        onSubmit={save}
        {...formProps}
      >
        <TextInput
          label={t('departments.code')}
          disabled={editing !== undefined}
          {...text('code')}
          required
        />
        <TextInput label={t('departments.nameZh')} {...text('nameZh')} required />
        <TextInput label={t('departments.nameEn')} {...text('nameEn')} required />
        <Checkbox
          label={t('departments.active')}
          checked={form.active}
          onChange={(e) => set({ active: e.currentTarget.checked })}
        />
      </EditorForm>
    </AdminListPage>
  );
}
