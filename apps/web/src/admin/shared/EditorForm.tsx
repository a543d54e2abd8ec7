import { Badge, Button, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from './FormError';

/**
 * The form under an administrator's list: a titled panel, the refusal that names no field, the fields,
 * and submit (with cancel while an existing item is edited).
 */
export function EditorForm(props: {
  id: string;
  title: string;
  error?: string;
  busy: boolean;
  /** An existing item is being edited: submit saves it, and cancel goes back to creating. */
  editing?: boolean;
  /** The submit button's label when it is not "create" or "save". */
  submitLabel?: string;
  onSubmit: () => Promise<unknown>;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('admin');
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSubmit();
      }}
      aria-labelledby={props.id}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id={props.id}>
          {props.title}
        </Title>
        <FormError message={props.error} />
        {props.children}
        <Group>
          <Button type="submit" loading={props.busy}>
            {props.submitLabel ?? (props.editing ? t('form.save') : t('form.create'))}
          </Button>
          {props.editing && props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              {t('form.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Yes or no, as the lists show whether something is active. */
export function YesNoBadge({ value }: { value: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <Badge autoContrast color={value ? 'teal.9' : 'gray.7'}>
      {value ? t('form.yes') : t('form.no')}
    </Badge>
  );
}
