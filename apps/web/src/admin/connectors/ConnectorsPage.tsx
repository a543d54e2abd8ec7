import {
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shell';
import { usePageTitle } from '../shell';
import { FormError } from '../shared/FormError';
import type { Connector, ConnectorAuthType, InvalidConnector, Page } from '../shared/types';
import { useSubmit } from '../shared/use-submit';
import { ScrollTable } from '../shared/ScrollTable';

const FIELDS = [
  'key',
  'name.zh-CN',
  'name.en',
  'department',
  'baseUrl',
  'compensateUrl',
  'timeoutMs',
  'retry',
  'auth.type',
  'auth.secret',
  'requestMapping',
  'responseMapping',
] as const;
const AUTH_TYPES: ConnectorAuthType[] = ['default', 'none', 'bearer', 'hmac'];

interface ConnectorForm {
  key: string;
  nameZh: string;
  nameEn: string;
  department: string;
  baseUrl: string;
  compensateUrl: string;
  timeoutMs: number | string;
  maximumAttempts: number | string;
  authType: ConnectorAuthType;
  secret: string;
  requestMapping: string;
  responseMapping: string;
}

const EMPTY: ConnectorForm = {
  key: '',
  nameZh: '',
  nameEn: '',
  department: '',
  baseUrl: '',
  compensateUrl: '',
  timeoutMs: '',
  maximumAttempts: '',
  authType: 'default',
  secret: '',
  requestMapping: '{}',
  responseMapping: '{}',
};

function formOf(connector: Connector | InvalidConnector): ConnectorForm {
  // Settings the API cannot read are typed again from an empty form under the same key.
  if ('invalid' in connector) return { ...EMPTY, key: connector.key };
  return {
    key: connector.key,
    nameZh: connector.name['zh-CN'],
    nameEn: connector.name.en,
    department: connector.department,
    baseUrl: connector.baseUrl ?? '',
    compensateUrl: connector.compensateUrl ?? '',
    timeoutMs: connector.timeoutMs ?? '',
    maximumAttempts: connector.retry?.maximumAttempts ?? '',
    authType: connector.auth.type,
    secret: '',
    requestMapping: JSON.stringify(connector.requestMapping, null, 2),
    responseMapping: JSON.stringify(connector.responseMapping, null, 2),
  };
}

/** A mapping typed as JSON; text that is not an object is refused at its field before anything is sent. */
function mappingOf(text: string, field: string): Record<string, string> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // refused below
  }
  throw new ApiError(400, 'VALIDATION_FAILED', field, [
    { path: field, code: 'INVALID_JSON', message: 'JSON {…}' },
  ]);
}

function bodyOf(form: ConnectorForm, creating: boolean): Record<string, unknown> {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    ...(creating ? { key: form.key } : {}),
    name: { 'zh-CN': form.nameZh, en: form.nameEn },
    department: form.department,
    baseUrl: optional(form.baseUrl),
    compensateUrl: optional(form.compensateUrl),
    timeoutMs: form.timeoutMs === '' ? undefined : Number(form.timeoutMs),
    retry: form.maximumAttempts === '' ? undefined : { maximumAttempts: Number(form.maximumAttempts) },
    auth: { type: form.authType, ...(form.secret ? { secret: form.secret } : {}) },
    requestMapping: mappingOf(form.requestMapping, 'requestMapping'),
    responseMapping: mappingOf(form.responseMapping, 'responseMapping'),
  };
}

/** The connector catalog: department systems the auto steps call; each change is a new version. */
export default function ConnectorsPage() {
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('connectors.title'));
  const list = useQuery({
    queryKey: ['admin', 'connectors'],
    queryFn: () =>
      api<Page<Connector | InvalidConnector>>('GET', '/admin/connectors', undefined, {
        query: { limit: 100 },
      }),
  });
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [form, setForm] = useState<ConnectorForm>(EMPTY);
  const { submit, errors, busy, reset } = useSubmit<Connector>(FIELDS);
  const set = (patch: Partial<ConnectorForm>) => setForm({ ...form, ...patch });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const done = await submit(() =>
      editing
        ? api<Connector>('PUT', `/admin/connectors/${editing}`, bodyOf(form, false))
        : api<Connector>('POST', '/admin/connectors', bodyOf(form, true)),
    );
    if (done) {
      setEditing(undefined);
      setForm(EMPTY);
    }
  }

  return (
    <Stack>
      <Title order={1}>{t('connectors.title')}</Title>
      <ScrollTable label={t('connectors.title')}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('connectors.key')}</Table.Th>
              <Table.Th scope="col">{t('connectors.name')}</Table.Th>
              <Table.Th scope="col">{t('connectors.department')}</Table.Th>
              <Table.Th scope="col">{t('connectors.version')}</Table.Th>
              <Table.Th scope="col">{t('connectors.auth')}</Table.Th>
              <Table.Th scope="col">{t('form.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((connector) => (
              <Table.Tr key={connector.key}>
                <Table.Td>{connector.key}</Table.Td>
                {'invalid' in connector ? (
                  <Table.Td colSpan={2}>
                    <Badge autoContrast color="red" size="sm">
                      {t('connectors.invalid')}
                    </Badge>{' '}
                    {connector.invalid.issues.map((issue) => issue.path || '—').join(', ')}
                  </Table.Td>
                ) : (
                  <>
                    <Table.Td>
                      {i18n.language === 'en' ? connector.name.en : connector.name['zh-CN']}
                    </Table.Td>
                    <Table.Td>{connector.department}</Table.Td>
                  </>
                )}
                <Table.Td>{connector.version}</Table.Td>
                <Table.Td>
                  {'auth' in connector && connector.auth.type}
                  {'auth' in connector && connector.auth.secretSet && (
                    <Badge autoContrast ml="xs" size="sm">
                      {t('connectors.secretSet')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="default"
                    onClick={() => {
                      reset();
                      setEditing(connector.key);
                      setForm(formOf(connector));
                    }}
                  >
                    {t('form.editItem', { name: connector.key })}
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
        aria-labelledby="connector-form-title"
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="connector-form-title">
            {editing ? t('connectors.edit', { key: editing }) : t('connectors.create')}
          </Title>
          <FormError message={errors.form} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('connectors.key')}
              value={form.key}
              disabled={editing !== undefined}
              onChange={(e) => set({ key: e.currentTarget.value })}
              error={errors.fields.key}
              required
            />
            <TextInput
              label={t('connectors.department')}
              value={form.department}
              onChange={(e) => set({ department: e.currentTarget.value })}
              error={errors.fields.department}
              required
            />
            <TextInput
              label={t('connectors.nameZh')}
              value={form.nameZh}
              onChange={(e) => set({ nameZh: e.currentTarget.value })}
              error={errors.fields['name.zh-CN']}
              required
            />
            <TextInput
              label={t('connectors.nameEn')}
              value={form.nameEn}
              onChange={(e) => set({ nameEn: e.currentTarget.value })}
              error={errors.fields['name.en']}
              required
            />
            <TextInput
              label={t('connectors.baseUrl')}
              value={form.baseUrl}
              onChange={(e) => set({ baseUrl: e.currentTarget.value })}
              error={errors.fields.baseUrl}
            />
            <TextInput
              label={t('connectors.compensateUrl')}
              value={form.compensateUrl}
              onChange={(e) => set({ compensateUrl: e.currentTarget.value })}
              error={errors.fields.compensateUrl}
            />
            <NumberInput
              label={t('connectors.timeoutMs')}
              value={form.timeoutMs}
              onChange={(value) => set({ timeoutMs: value })}
              error={errors.fields.timeoutMs}
              allowDecimal={false}
            />
            <NumberInput
              label={t('connectors.maximumAttempts')}
              value={form.maximumAttempts}
              onChange={(value) => set({ maximumAttempts: value })}
              error={errors.fields.retry}
              allowDecimal={false}
            />
            <NativeSelect
              label={t('connectors.authType')}
              data={AUTH_TYPES}
              value={form.authType}
              onChange={(e) => set({ authType: e.currentTarget.value as ConnectorAuthType })}
              error={errors.fields['auth.type']}
            />
            <PasswordInput
              label={t('connectors.secret')}
              description={t('connectors.secretHelp')}
              value={form.secret}
              onChange={(e) => set({ secret: e.currentTarget.value })}
              error={errors.fields['auth.secret']}
              autoComplete="off"
            />
            <Textarea
              label={t('connectors.requestMapping')}
              value={form.requestMapping}
              onChange={(e) => set({ requestMapping: e.currentTarget.value })}
              error={errors.fields.requestMapping}
              autosize
              minRows={2}
            />
            <Textarea
              label={t('connectors.responseMapping')}
              value={form.responseMapping}
              onChange={(e) => set({ responseMapping: e.currentTarget.value })}
              error={errors.fields.responseMapping}
              autosize
              minRows={2}
            />
          </SimpleGrid>
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
