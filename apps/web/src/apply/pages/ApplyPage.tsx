import { Alert, Checkbox, List, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import Form from '@rjsf/mantine';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../session/session';
import { usePageTitle } from '../../ui/usePageTitle';
import { ApplyNav } from '../components/ApplyNav';
import { QueryState } from '../components/QueryState';
import { AttachmentsWidget } from '../form/AttachmentsWidget';
import { errorSchemaOf, prepareForm } from '../form/prepareForm';
import { useCatalogEntry } from '../queries';
import type { CatalogDetail, LocalizedText } from '../types';

const widgets = { attachments: AttachmentsWidget };
const CONSENT_METHODS = ['signed_form', 'electronic_signature', 'recorded_verbal'] as const;

interface Consent {
  applicantAccountId: string;
  method: (typeof CONSENT_METHODS)[number] | null;
  reference: string;
  confirmed: boolean;
}

/** The clerk's step before submitting for someone: how the applicant's consent was recorded, and where. */
function ConsentStep(props: { consent: Consent; onChange: (consent: Consent) => void; error?: string }) {
  const { t } = useTranslation('apply');
  const { consent, onChange } = props;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('clerk.title')}
        </Title>
        <Text size="sm">{t('clerk.intro')}</Text>
        <TextInput
          label={t('clerk.applicantAccount')}
          description={t('clerk.applicantAccountHelp')}
          value={consent.applicantAccountId}
          onChange={(event) => onChange({ ...consent, applicantAccountId: event.currentTarget.value.trim() })}
        />
        <Select
          label={t('clerk.method')}
          required
          data={CONSENT_METHODS.map((method) => ({ value: method, label: t(`clerk.methods.${method}`) }))}
          value={consent.method}
          onChange={(method) => onChange({ ...consent, method: method as Consent['method'] })}
        />
        <TextInput
          label={t('clerk.reference')}
          required
          value={consent.reference}
          onChange={(event) => onChange({ ...consent, reference: event.currentTarget.value })}
        />
        <Checkbox
          label={t('clerk.confirm')}
          checked={consent.confirmed}
          onChange={(event) => onChange({ ...consent, confirmed: event.currentTarget.checked })}
        />
        {props.error && (
          <Alert color="red" role="alert">
            {props.error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function EligibilityNotice({ detail, failed }: { detail: CatalogDetail; failed: string[] }) {
  const { t, i18n } = useTranslation('apply');
  const rules = detail.form.eligibility ?? [];
  if (rules.length === 0) return null;
  const language = i18n.language as keyof LocalizedText;
  return (
    <Alert
      color={failed.length > 0 ? 'red' : 'blue'}
      title={t('form.eligibilityTitle')}
      role={failed.length > 0 ? 'alert' : undefined}
    >
      <List size="sm">
        {rules.map((rule) => (
          <List.Item key={rule.id}>
            {failed.includes(rule.id) ? `✗ ${rule.message[language]}` : rule.message[language]}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The one form, rendered from the composed JSON Schema; submitted once with an idempotency key. */
function ApplicationForm({ detail }: { detail: CatalogDetail }) {
  const { t, i18n } = useTranslation('apply');
  const { user } = useSession();
  const navigate = useNavigate();
  const isClerk = !!user?.roles.includes('counter_clerk');
  const language = i18n.language as keyof LocalizedText;
  const { schema, uiSchema } = useMemo(
    () =>
      prepareForm(detail.form, language, {
        province: t('address.province'),
        city: t('address.city'),
        district: t('address.district'),
        detail: t('address.detail'),
      }),
    [detail.form, language, t],
  );
  // One key per intended submission: a second click, or a retry after a lost answer, cannot make two cases.
  const idempotencyKey = useRef(crypto.randomUUID());
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [serverErrors, setServerErrors] = useState<ErrorSchema>();
  const [problem, setProblem] = useState<string>();
  const [failedRules, setFailedRules] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [consent, setConsent] = useState<Consent>({
    applicantAccountId: '',
    method: null,
    reference: '',
    confirmed: false,
  });
  const [consentError, setConsentError] = useState<string>();

  async function submit(application: Record<string, unknown>) {
    if (isClerk && (!consent.method || !consent.reference.trim() || !consent.confirmed)) {
      setConsentError(t('clerk.missing'));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setServerErrors(undefined);
    setConsentError(undefined);
    try {
      const onBehalfOf = isClerk
        ? {
            ...(consent.applicantAccountId ? { applicantAccountId: consent.applicantAccountId } : {}),
            consent: { method: consent.method, reference: consent.reference.trim() },
          }
        : undefined;
      const created = await api<{ id: string }>(
        'POST',
        '/cases',
        { definitionKey: detail.key, application, ...(onBehalfOf ? { onBehalfOf } : {}) },
        { headers: { 'Idempotency-Key': idempotencyKey.current } },
      );
      void navigate(`/apply/cases/${created.id}`);
    } catch (failure) {
      setBusy(false);
      if (!(failure instanceof ApiError)) return setProblem(t('form.failed'));
      if (failure.code === 'NOT_ELIGIBLE')
        setFailedRules(failure.details.map((detail) => (detail as { ruleId?: string }).ruleId ?? ''));
      setServerErrors(errorSchemaOf(failure.details));
      setProblem(failure.title);
      if (failure.code === 'IDEMPOTENCY_KEY_REUSED') idempotencyKey.current = crypto.randomUUID();
    }
  }

  return (
    <Stack>
      <EligibilityNotice detail={detail} failed={failedRules} />
      {isClerk && (
        <ConsentStep
          consent={consent}
          onChange={setConsent}
          {...(consentError ? { error: consentError } : {})}
        />
      )}
      {problem && (
        <Alert color="red" role="alert" title={t('form.refused')}>
          {problem}
        </Alert>
      )}
      <Form
        schema={schema}
        uiSchema={{
          ...uiSchema,
          'ui:submitButtonOptions': { submitText: t('form.submit'), props: { disabled: busy } },
        }}
        validator={validator}
        widgets={widgets}
        formContext={{ definitionKey: detail.key }}
        formData={formData}
        onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(event) => void submit((event.formData ?? {}) as Record<string, unknown>)}
        {...(serverErrors ? { extraErrors: serverErrors } : {})}
        showErrorList="top"
        transformErrors={(errors: RJSFValidationError[]) => errors}
        noHtml5Validate
        experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: 'never' } }}
        focusOnFirstError
      />
    </Stack>
  );
}

export function ApplyPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation('apply');
  const entry = useCatalogEntry(key);
  usePageTitle(entry.data ? t('form.title', { title: entry.data.title }) : t('form.titleShort'));
  return (
    <Stack>
      <ApplyNav />
      <QueryState query={entry}>
        {(detail) => (
          <Stack>
            <Title order={1}>{t('form.title', { title: detail.title })}</Title>
            <ApplicationForm detail={detail} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
