import {
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  PasswordInput,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { FormError } from '../shared/FormError';
import { ROLES, type Account, type Department, type Page } from '../shared/types';
import { useSubmit } from '../shared/use-submit';
import { ScrollTable } from '../shared/ScrollTable';

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
  const [editing, setEditing] = useState<Account | undefined>(undefined);
  const [form, setForm] = useState(EMPTY);
  const { submit, errors, busy, reset } = useSubmit<Account | void>(FIELDS);

  function edit(account: Account) {
    reset();
    setEditing(account);
    setForm({ ...EMPTY, ...account, password: '' });
  }
  function clear() {
    setEditing(undefined);
    setForm(EMPTY);
  }
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
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
    <Stack>
      <Title order={1}>{t('users.title')}</Title>
      <ScrollTable label={t('users.title')}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('users.username')}</Table.Th>
              <Table.Th scope="col">{t('users.displayName')}</Table.Th>
              <Table.Th scope="col">{t('users.roles')}</Table.Th>
              <Table.Th scope="col">{t('users.departments')}</Table.Th>
              <Table.Th scope="col">{t('users.active')}</Table.Th>
              <Table.Th scope="col">{t('form.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((account) => (
              <Table.Tr key={account.id}>
                <Table.Td>{account.username}</Table.Td>
                <Table.Td>{account.displayName}</Table.Td>
                <Table.Td>{account.roles.map((role) => t(`roles.${role}`)).join('、')}</Table.Td>
                <Table.Td>{account.departments.join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Badge autoContrast color={account.active ? 'teal.9' : 'gray.7'}>
                    {account.active ? t('form.yes') : t('form.no')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-sm" variant="default" onClick={() => edit(account)}>
                    {t('form.editItem', { name: account.username })}
                  </Button>
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
        aria-labelledby="user-form-title"
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="user-form-title">
            {editing ? t('users.edit', { username: editing.username }) : t('users.create')}
          </Title>
          <FormError message={errors.form} />
          <TextInput
            label={t('users.username')}
            value={form.username}
            disabled={editing !== undefined}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            error={errors.fields.username}
            required
          />
          <TextInput
            label={t('users.displayName')}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            error={errors.fields.displayName}
            required
          />
          <PasswordInput
            label={editing ? t('users.newPassword') : t('users.password')}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={errors.fields.password}
            required={!editing}
            autoComplete="new-password"
          />
          <MultiSelect
            label={t('users.roles')}
            data={roleOptions}
            value={form.roles}
            onChange={(roles) => setForm({ ...form, roles })}
            error={errors.fields.roles}
          />
          <MultiSelect
            label={t('users.departments')}
            data={departmentOptions}
            value={form.departments}
            onChange={(codes) => setForm({ ...form, departments: codes })}
            error={errors.fields.departments}
            searchable
          />
          {editing && (
            <Checkbox
              label={t('users.active')}
              checked={form.active}
              onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })}
            />
          )}
          <Group>
            <Button type="submit" loading={busy}>
              {editing ? t('form.save') : t('form.create')}
            </Button>
            {editing && (
              <Button variant="default" onClick={clear}>
                {t('form.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
