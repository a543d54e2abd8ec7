import {
  Badge,
  Button,
  NativeSelect,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../shell';
import { usePageTitle } from '../shell';
import { AdminListPage } from '../shared/AdminListPage';
import { EditorForm } from '../shared/EditorForm';
import type { Connector, ConnectorAuthType, InvalidConnector, Page } from '../shared/types';
import { useEditedItem } from '../shared/use-edited-item';
import { useSubmit } from '../shared/use-submit';

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
  const submitted = useSubmit<Connector>(FIELDS);
  const { submit, errors } = submitted;
  const { editing, form, set, text, start, clear, formProps } = useEditedItem<string, ConnectorForm>(
    EMPTY,
    submitted,
  );

  async function save() {
    const done = await submit(() =>
      editing
        ? api<Connector>('PUT', `/admin/connectors/${editing}`, bodyOf(form, false))
        : api<Connector>('POST', '/admin/connectors', bodyOf(form, true)),
    );
    if (done) clear();
  }

  return (
    <AdminListPage
      title={t('connectors.title')}
      items={list.data?.items}
      rowKey={(connector) => connector.key}
      columns={[
        { header: t('connectors.key'), cell: (connector) => connector.key },
        {
          header: t('connectors.name'),
          cell: (connector) =>
            'invalid' in connector ? (
              <>
                <Badge autoContrast color="red" size="sm">
                  {t('connectors.invalid')}
                </Badge>{' '}
                {connector.invalid.issues.map((issue) => issue.path || '—').join(', ')}
              </>
            ) : i18n.language === 'en' ? (
              connector.name.en
            ) : (
              connector.name['zh-CN']
            ),
        },
        {
          header: t('connectors.department'),
          cell: (connector) => ('invalid' in connector ? '—' : connector.department),
        },
        { header: t('connectors.version'), cell: (connector) => connector.version },
        {
          header: t('connectors.auth'),
          cell: (connector) =>
            'auth' in connector && (
              <>
                {connector.auth.type}
                {connector.auth.secretSet && (
                  <Badge autoContrast ml="xs" size="sm">
                    {t('connectors.secretSet')}
                  </Badge>
                )}
              </>
            ),
        },
        {
          header: t('form.actions'),
          cell: (connector) => (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => start(connector.key, formOf(connector))}
            >
              {t('form.editItem', { name: connector.key })}
            </Button>
          ),
        },
      ]}
    >
      <EditorForm
        id="connector-form-title"
        title={editing ? t('connectors.edit', { key: editing }) : t('connectors.create')}
        onSubmit={save}
        {...formProps}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('connectors.key')} disabled={editing !== undefined} {...text('key')} required />
          <TextInput label={t('connectors.department')} {...text('department')} required />
          <TextInput label={t('connectors.nameZh')} {...text('nameZh', 'name.zh-CN')} required />
          <TextInput label={t('connectors.nameEn')} {...text('nameEn', 'name.en')} required />
          <TextInput label={t('connectors.baseUrl')} {...text('baseUrl')} />
          <TextInput label={t('connectors.compensateUrl')} {...text('compensateUrl')} />
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
            {...text('secret', 'auth.secret')}
            autoComplete="off"
          />
          <Textarea label={t('connectors.requestMapping')} {...text('requestMapping')} autosize minRows={2} />
          <Textarea
            label={t('connectors.responseMapping')}
            {...text('responseMapping')}
            autosize
            minRows={2}
          />
        </SimpleGrid>
      </EditorForm>
    </AdminListPage>
  );
}
