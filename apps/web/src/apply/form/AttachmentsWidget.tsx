import {
  Button,
  Checkbox,
  FileButton,
  Group,
  Progress,
  Stack,
  Text,
  CloseButton,
  Paper,
  Alert,
} from '@mantine/core';
import type { WidgetProps } from '@rjsf/utils';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { uploadFile } from '../../api/upload';
import { useMaterials } from '../queries';
import type { Attachment, Material } from '../types';

interface AttachmentsContext {
  definitionKey: string;
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
const toAttachment = ({ ref, name, contentType, sizeBytes }: Attachment): Attachment => ({
  ref,
  name,
  contentType,
  sizeBytes,
});

/**
 * An attachment field: upload files (with progress) or pick from "my materials", each becoming a
 * `{ref, name, contentType, sizeBytes}` reference in the application. Labelled by the field's title.
 */
export function AttachmentsWidget(props: WidgetProps) {
  const { t } = useTranslation('apply');
  // Only real references: a renderer may seed an array with empty items to reach its minItems.
  const value = (Array.isArray(props.value) ? props.value : []).filter(
    (item): item is Attachment => typeof (item as Partial<Attachment> | null)?.ref === 'string',
  );
  const accept = typeof props.options.accept === 'string' ? props.options.accept : undefined;
  const context = props.registry.formContext as AttachmentsContext;
  const [progress, setProgress] = useState<{ name: string; fraction: number }>();
  const [error, setError] = useState<string>();
  const [picking, setPicking] = useState(false);
  const materials = useMaterials(picking);
  const labelId = `${props.id}-label`;

  async function upload(files: File[]) {
    setError(undefined);
    let next = value;
    for (const file of files) {
      setProgress({ name: file.name, fraction: 0 });
      try {
        const uploaded = await uploadFile<Attachment>(file, {
          definitionKey: context.definitionKey,
          fieldId: props.name,
          onProgress: (fraction) => setProgress({ name: file.name, fraction }),
        });
        next = [...next.filter((item) => item.ref !== uploaded.ref), toAttachment(uploaded)];
        props.onChange(next);
      } catch (failure) {
        setError(
          failure instanceof ApiError
            ? `${file.name}: ${failure.title}`
            : t('form.uploadFailed', { name: file.name }),
        );
      }
    }
    setProgress(undefined);
  }

  function toggleMaterial(material: Material, checked: boolean) {
    props.onChange(
      checked ? [...value, toAttachment(material)] : value.filter((item) => item.ref !== material.ref),
    );
  }

  return (
    <Stack gap="xs" role="group" aria-labelledby={labelId}>
      <Text id={labelId} fw={500} size="sm">
        {props.label}
        {props.required ? ' *' : ''}
      </Text>
      {value.map((item) => (
        <Paper key={item.ref} withBorder p="xs">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {item.name} · {sizeText(item.sizeBytes)}
            </Text>
            <CloseButton
              aria-label={t('form.removeFile', { name: item.name })}
              onClick={() => props.onChange(value.filter((other) => other.ref !== item.ref))}
            />
          </Group>
        </Paper>
      ))}
      {progress && (
        <Stack gap={2}>
          <Text size="xs">{t('form.uploading', { name: progress.name })}</Text>
          <Progress
            value={Math.round(progress.fraction * 100)}
            aria-label={t('form.uploading', { name: progress.name })}
          />
        </Stack>
      )}
      {error && (
        <Alert color="red" role="alert" p="xs">
          {error}
        </Alert>
      )}
      <Group gap="xs">
        <FileButton onChange={(files) => void upload(files)} accept={accept} multiple>
          {(buttonProps) => (
            <Button
              {...buttonProps}
              variant="default"
              size="sm"
              disabled={props.disabled || props.readonly}
              id={props.id}
            >
              {t('form.upload', { field: props.label })}
            </Button>
          )}
        </FileButton>
        <Button
          variant="subtle"
          size="sm"
          onClick={() => setPicking((open) => !open)}
          aria-expanded={picking}
        >
          {t('form.pickMaterial')}
        </Button>
      </Group>
      {picking && (
        <Stack gap={4} aria-label={t('form.myMaterials')} role="group">
          {materials.isPending && <Text size="sm">{t('form.loadingMaterials')}</Text>}
          {materials.data?.items.length === 0 && <Text size="sm">{t('form.noMaterials')}</Text>}
          {materials.data?.items.map((material) => (
            <Checkbox
              key={material.ref}
              label={`${material.name} · ${sizeText(material.sizeBytes)}`}
              checked={value.some((item) => item.ref === material.ref)}
              onChange={(event) => toggleMaterial(material, event.currentTarget.checked)}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
