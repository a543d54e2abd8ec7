import { Alert, Badge, Button, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { parse } from 'yaml';
import { api } from '../shell';
import { usePageTitle } from '../shell';
import { messageOf } from '../shared/errors';
import type { VersionView } from '../shared/types';
import { FormPreview } from './FormPreview';
import { issueRanges } from './issue-positions';
import { IssueList } from './IssueList';
import { MinimisationMatrix } from './MinimisationMatrix';
import { StepGraph } from './StepGraph';
import { useLivePreview } from './use-preview';
import { YamlEditor } from './YamlEditor';

const NEW_SOURCE = `key: my-one-thing
version: 1
title: { zh-CN: 新的一件事, en: A new one-thing }
description: { zh-CN: 说明, en: Description }
leadDepartment: talent-office
fields:
  - { id: fullName, type: text, label: { zh-CN: 姓名, en: Full name }, required: true }
steps:
  - id: review
    title: { zh-CN: 审核, en: Review }
    department: talent-office
    kind: manual
    contract: [fullName]
    required: true
    sla: { workingDays: 5 }
outcome:
  rule: all-required-approved
`;

function useDefinitionSchema() {
  return useQuery({
    queryKey: ['admin', 'definition-schema'],
    queryFn: async () =>
      JSON.parse(await api<string>('GET', '/definitions/schema.json')) as Record<string, unknown>,
    staleTime: Infinity,
  });
}

/** Step id → its `when`, read leniently from the text (a broken text has none). */
function conditionsOf(source: string): Record<string, string> {
  try {
    const document = parse(source) as { steps?: { id?: unknown; when?: unknown }[] } | null;
    return Object.fromEntries(
      (document?.steps ?? [])
        .filter((step) => typeof step.id === 'string' && typeof step.when === 'string')
        .map((step) => [step.id as string, step.when as string]),
    );
  } catch {
    return {};
  }
}

/**
 * The definition editor: YAML with the schema's completion, the validator's issues inline as you type,
 * and beside it the live step graph, the composed applicant form and the data-minimisation matrix.
 * Drafts are saved with the revision read (a stale one is refused), and published once they validate.
 */
export default function EditorPage() {
  const { key, version } = useParams();
  const isNew = key === undefined;
  const { t, i18n } = useTranslation('admin');
  const navigate = useNavigate();
  const queries = useQueryClient();
  const schema = useDefinitionSchema();
  const loaded = useQuery({
    queryKey: ['admin', 'definition-version', key, version],
    queryFn: () => api<VersionView>('GET', `/definitions/${key}/versions/${version}`),
    enabled: !isNew,
  });
  const [source, setSource] = useState(isNew ? NEW_SOURCE : '');
  const [saved, setSaved] = useState<VersionView | undefined>(undefined);
  const [busy, setBusy] = useState<'save' | 'publish' | 'draft' | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [jumpTo, setJumpTo] = useState<{ line: number; nonce: number } | undefined>(undefined);

  useEffect(() => {
    if (loaded.data) {
      setSaved(loaded.data);
      setSource(loaded.data.source);
    }
  }, [loaded.data]);

  const live = useLivePreview(source, i18n.language);
  const title = isNew ? t('editor.newTitle') : t('editor.title', { key, version });
  usePageTitle(title);
  const editable = isNew || saved?.status === 'draft';
  const dirty = isNew || (saved !== undefined && saved.source !== source);
  const issues = live.preview?.issues ?? saved?.issues ?? [];
  const issuesFor = live.checkedSource ?? saved?.source ?? '';
  const ranges = useMemo(() => issueRanges(issuesFor, issues), [issuesFor, issues]);
  const shown = live.preview?.valid ? live.preview : live.lastValid;
  const conditions = useMemo(() => conditionsOf(issuesFor), [issuesFor]);
  const valid = live.preview?.valid === true && live.checkedSource === source;

  async function save(): Promise<VersionView | undefined> {
    setProblem(undefined);
    try {
      const next = isNew
        ? await api<VersionView>('POST', '/definitions/drafts', { source })
        : await api<VersionView>('PUT', `/definitions/${key}/versions/${version}`, {
            source,
            revision: saved?.revision,
          });
      await queries.invalidateQueries({ queryKey: ['admin', 'definitions'] });
      if (isNew) void navigate(`/admin/definitions/${next.key}/versions/${next.version}`, { replace: true });
      setSaved(next);
      setNotice(t('editor.saved', { version: next.version, revision: next.revision }));
      return next;
    } catch (error) {
      setProblem(messageOf(error));
      return undefined;
    }
  }

  async function run(action: 'save' | 'publish' | 'draft', work: () => Promise<void>) {
    setBusy(action);
    setNotice(undefined);
    try {
      await work();
    } finally {
      setBusy(undefined);
    }
  }

  const onSave = () => run('save', async () => void (await save()));
  const onPublish = () =>
    run('publish', async () => {
      const current = dirty ? await save() : saved;
      if (!current) return;
      try {
        const published = await api<VersionView>(
          'POST',
          `/definitions/${current.key}/versions/${current.version}/publish`,
          { revision: current.revision },
        );
        setSaved(published);
        await queries.invalidateQueries({ queryKey: ['admin'] });
        setNotice(t('editor.published', { version: published.version }));
      } catch (error) {
        setProblem(messageOf(error));
      }
    });
  const onNewDraft = () =>
    run('draft', async () => {
      try {
        const draft = await api<VersionView>('POST', '/definitions/drafts', { source });
        await queries.invalidateQueries({ queryKey: ['admin', 'definitions'] });
        void navigate(`/admin/definitions/${draft.key}/versions/${draft.version}`);
      } catch (error) {
        setProblem(messageOf(error));
      }
    });

  if (!isNew && loaded.error) return <Alert color="red">{messageOf(loaded.error)}</Alert>;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{title}</Title>
          {saved && (
            <Group gap="xs">
              <Badge
                autoContrast
                data-testid="version-status"
                color={saved.status === 'published' ? 'teal.9' : 'yellow.4'}
              >
                {t(`status.${saved.status}`)}
              </Badge>
              <Text size="sm">{t('editor.revision', { revision: saved.revision })}</Text>
              <Link to={`/admin/definitions/${saved.key}`}>{t('editor.versions')}</Link>
            </Group>
          )}
        </div>
        <Group>
          {editable ? (
            <>
              <Button
                variant="default"
                onClick={() => void onSave()}
                data-testid="save-draft"
                loading={busy === 'save'}
                disabled={!dirty}
              >
                {t('editor.save')}
              </Button>
              <Button
                onClick={() => void onPublish()}
                data-testid="publish"
                loading={busy === 'publish'}
                disabled={!valid || busy !== undefined}
              >
                {t('editor.publish')}
              </Button>
            </>
          ) : (
            <Button onClick={() => void onNewDraft()} data-testid="new-draft" loading={busy === 'draft'}>
              {t('editor.newDraft')}
            </Button>
          )}
        </Group>
      </Group>
      {problem && (
        <Alert color="red" role="alert" title={t('editor.refused')}>
          {problem}
        </Alert>
      )}
      {notice && (
        <Alert color="teal" role="status" data-testid="editor-notice">
          {notice}
        </Alert>
      )}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('editor.source')}
            </Title>
            {(isNew || saved) && (
              <YamlEditor
                value={source}
                onChange={setSource}
                issues={issues}
                issuesFor={issuesFor}
                schema={schema.data}
                readOnly={!editable}
                language={i18n.language}
                label={t('editor.source')}
                jumpTo={jumpTo}
              />
            )}
            <IssueList
              issues={issues}
              ranges={ranges}
              language={i18n.language}
              onJump={(line) => setJumpTo({ line, nonce: Date.now() })}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {shown?.plan && shown.form ? (
            <Tabs defaultValue="graph" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="graph">{t('editor.tabs.graph')}</Tabs.Tab>
                <Tabs.Tab value="form">{t('editor.tabs.form')}</Tabs.Tab>
                <Tabs.Tab value="matrix">{t('editor.tabs.matrix')}</Tabs.Tab>
              </Tabs.List>
              {shown !== live.preview && (
                <Text size="sm" c="red.9" mt="xs">
                  {t('editor.showingLastValid')}
                </Text>
              )}
              <Tabs.Panel value="graph" pt="sm">
                <StepGraph plan={shown.plan} conditions={conditions} />
              </Tabs.Panel>
              <Tabs.Panel value="form" pt="sm">
                <FormPreview form={shown.form} language={i18n.language} />
              </Tabs.Panel>
              <Tabs.Panel value="matrix" pt="sm">
                <MinimisationMatrix matrix={shown.plan.matrix} />
              </Tabs.Panel>
            </Tabs>
          ) : (
            <Text c="gray.7">{live.checking ? t('editor.checking') : t('editor.noPreview')}</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
