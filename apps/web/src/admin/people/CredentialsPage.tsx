import { Alert, Badge, Button, Code, Group, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../shell';
import { formatDateTime } from '../shell';
import { usePageTitle } from '../shell';
import { AdminListPage } from '../shared/AdminListPage';
import { EditorForm } from '../shared/EditorForm';
import { FormError } from '../shared/FormError';
import type { Credential, Page } from '../shared/types';
import { useSubmit } from '../shared/use-submit';

type WithSecret = Credential & { secret: string };

/** A department system's API credentials: issue, rotate (the secret is shown once), revoke. */
export default function CredentialsPage() {
  const { code } = useParams();
  const { t, i18n } = useTranslation('admin');
  usePageTitle(t('credentials.title', { code }));
  const base = `/admin/departments/${code}/credentials`;
  const list = useQuery({
    queryKey: ['admin', 'credentials', code],
    queryFn: () => api<Page<Credential>>('GET', base, undefined, { query: { limit: 100 } }),
  });
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<WithSecret | undefined>(undefined);
  const { submit, errors, busy } = useSubmit<WithSecret | void>(['label']);

  async function create() {
    const created = await submit(() => api<WithSecret>('POST', base, { label }));
    if (created) {
      setSecret(created);
      setLabel('');
    }
  }
  const rotate = async (id: string) => {
    const rotated = await submit(() => api<WithSecret>('POST', `${base}/${id}/rotate`));
    if (rotated) setSecret(rotated);
  };
  const revoke = (id: string) => submit(() => api<void>('DELETE', `${base}/${id}`));
  const when = (value: string | null) => (value ? formatDateTime(value, i18n.language) : '—');

  const title = t('credentials.title', { code });
  return (
    <AdminListPage
      title={title}
      above={
        <>
          {secret && (
            <Alert color="yellow" role="status" title={t('credentials.secretOnce', { label: secret.label })}>
              <Code block data-testid="credential-secret">
                {secret.secret}
              </Code>
            </Alert>
          )}
          <FormError message={errors.form} />
        </>
      }
      items={list.data?.items}
      rowKey={(credential) => credential.id}
      columns={[
        { header: t('credentials.label'), cell: (credential) => credential.label },
        { header: t('credentials.created'), cell: (credential) => when(credential.createdAt) },
        { header: t('credentials.lastUsed'), cell: (credential) => when(credential.lastUsedAt) },
        {
          header: t('credentials.state'),
          cell: (credential) =>
            credential.revokedAt ? (
              <Badge autoContrast color="gray.7">
                {t('credentials.revoked')}
              </Badge>
            ) : (
              <Badge autoContrast color="teal.9">
                {t('credentials.active')}
              </Badge>
            ),
        },
        {
          header: t('form.actions'),
          cell: (credential) =>
            !credential.revokedAt && (
              <Group gap="xs">
                <Button size="compact-sm" variant="default" onClick={() => void rotate(credential.id)}>
                  {t('credentials.rotate', { label: credential.label })}
                </Button>
                <Button
                  size="compact-sm"
                  color="red.9"
                  variant="outline"
                  onClick={() => void revoke(credential.id)}
                >
                  {t('credentials.revoke', { label: credential.label })}
                </Button>
              </Group>
            ),
        },
      ]}
    >
      {list.data?.items.length === 0 && <Text c="gray.7">{t('credentials.none')}</Text>}
      <EditorForm
        id="credential-form-title"
        title={t('credentials.create')}
        busy={busy}
        submitLabel={t('credentials.issue')}
        onSubmit={create}
      >
        <TextInput
          label={t('credentials.label')}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          error={errors.fields.label}
          required
        />
      </EditorForm>
    </AdminListPage>
  );
}
