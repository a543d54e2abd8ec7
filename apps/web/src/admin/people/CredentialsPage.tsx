import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../shell';
import { formatDateTime } from '../shell';
import { usePageTitle } from '../shell';
import { FormError } from '../shared/FormError';
import type { Credential, Page } from '../shared/types';
import { useSubmit } from '../shared/use-submit';
import { ScrollTable } from '../shared/ScrollTable';

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

  async function onCreate(event: FormEvent) {
    event.preventDefault();
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

  return (
    <Stack>
      <Title order={1}>{t('credentials.title', { code })}</Title>
      {secret && (
        <Alert color="yellow" role="status" title={t('credentials.secretOnce', { label: secret.label })}>
          <Code block data-testid="credential-secret">
            {secret.secret}
          </Code>
        </Alert>
      )}
      <FormError message={errors.form} />
      <ScrollTable label={t('credentials.title', { code })}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('credentials.label')}</Table.Th>
              <Table.Th scope="col">{t('credentials.created')}</Table.Th>
              <Table.Th scope="col">{t('credentials.lastUsed')}</Table.Th>
              <Table.Th scope="col">{t('credentials.state')}</Table.Th>
              <Table.Th scope="col">{t('form.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.items.map((credential) => (
              <Table.Tr key={credential.id}>
                <Table.Td>{credential.label}</Table.Td>
                <Table.Td>{when(credential.createdAt)}</Table.Td>
                <Table.Td>{when(credential.lastUsedAt)}</Table.Td>
                <Table.Td>
                  {credential.revokedAt ? (
                    <Badge autoContrast color="gray.7">
                      {t('credentials.revoked')}
                    </Badge>
                  ) : (
                    <Badge autoContrast color="teal.9">
                      {t('credentials.active')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {!credential.revokedAt && (
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
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {list.data?.items.length === 0 && <Text c="gray.7">{t('credentials.none')}</Text>}
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(event) => void onCreate(event)}
        aria-labelledby="credential-form-title"
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="credential-form-title">
            {t('credentials.create')}
          </Title>
          <TextInput
            label={t('credentials.label')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.fields.label}
            required
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('credentials.issue')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
