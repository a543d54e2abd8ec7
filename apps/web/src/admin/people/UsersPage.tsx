import { Button, Checkbox, MultiSelect, PasswordInput, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { AdminListPage } from '../shared/AdminListPage';
import { EditorForm, YesNoBadge } from '../shared/EditorForm';
import { ROLES, type Account, type Department, type Page } from '../shared/types';
import { useEditedItem } from '../shared/use-edited-item';
import { useSubmit } from '../shared/use-submit';

const FIELDS = ['username', 'displayName', 'password', 'roles', 'departments', 'active'] as const;
const EMPTY = {
  username: '',
  displayName: '',
  password: '',
  roles: [] as string[],
  departments: [] as string[],
  active: true,
};

/** People and their roles and departments; a new account's password follows the password rules. */
export default function UsersPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('users.title'));
  const users = useQuery({
    queryKey: ['admin', 'users'],
    queryFn: () => api<Page<Account>>('GET', '/admin/users', undefined, { query: { limit: 100 } }),
  });
  const departments = useQuery({
    queryKey: ['admin', 'departments'],
    queryFn: () => api<Page<Department>>('GET', '/admin/departments', undefined, { query: { limit: 100 } }),
  });
  const submitted = useSubmit<Account | void>(FIELDS);
  const { submit, errors } = submitted;
  const { editing, form, set, text, start, clear, formProps } = useEditedItem<Account, typeof EMPTY>(
    EMPTY,
    submitted,
  );

  const edit = (account: Account) => start(account, { ...EMPTY, ...account, password: '' });
  async function save() {
    const { displayName, roles, departments: codes, active, username, password } = form;
    const done = await submit(async () => {
      if (!editing)
        return api<Account>('POST', '/admin/users', {
          username,
          displayName,
          password,
          roles,
          departments: codes,
        });
      const account = await api<Account>('PATCH', `/admin/users/${editing.id}`, {
        displayName,
        roles,
        departments: codes,
        active,
      });
      if (password) await api<void>('POST', `/admin/users/${editing.id}/password`, { password });
      return account;
    });
    if (done !== undefined) clear();
  }

  const roleOptions = ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  const departmentOptions =
    departments.data?.items.map((d) => ({
      value: d.code,
      label: i18n.language === 'en' ? d.name.en : d.name['zh-CN'],
    })) ?? [];

  return (
    <AdminListPage
      title={t('users.title')}
      items={users.data?.items}
      rowKey={(account) => account.id}
      columns={[
        { header: t('users.username'), cell: (account) => account.username },
        { header: t('users.displayName'), cell: (account) => account.displayName },
        {
          header: t('users.roles'),
          cell: (account) => account.roles.map((role) => t(`roles.${role}`)).join('、'),
        },
        { header: t('users.departments'), cell: (account) => account.departments.join(', ') || '—' },
        { header: t('users.active'), cell: (account) => <YesNoBadge value={account.active} /> },
        {
          header: t('form.actions'),
          cell: (account) => (
            <Button size="compact-sm" variant="default" onClick={() => edit(account)}>
              {t('form.editItem', { name: account.username })}
            </Button>
          ),
        },
      ]}
    >
      <EditorForm
        id="user-form-title"
        title={editing ? t('users.edit', { username: editing.username }) : t('users.create')}
        onSubmit={save}
        {...formProps}
      >
        <TextInput
          label={t('users.username')}
          disabled={editing !== undefined}
          {...text('username')}
          required
        />
        <TextInput label={t('users.displayName')} {...text('displayName')} required />
        <PasswordInput
          label={editing ? t('users.newPassword') : t('users.password')}
          {...text('password')}
          required={!editing}
          autoComplete="new-password"
        />
        <MultiSelect
          label={t('users.roles')}
          data={roleOptions}
          value={form.roles}
          onChange={(roles) => set({ roles })}
          error={errors.fields.roles}
        />
        <MultiSelect
          label={t('users.departments')}
          data={departmentOptions}
          value={form.departments}
          onChange={(codes) => set({ departments: codes })}
          error={errors.fields.departments}
          searchable
        />
        {editing && (
          <Checkbox
            label={t('users.active')}
            checked={form.active}
            onChange={(e) => set({ active: e.currentTarget.checked })}
          />
        )}
      </EditorForm>
    </AdminListPage>
  );
}
