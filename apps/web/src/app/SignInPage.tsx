import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../session/session';
import { usePageTitle } from '../ui/usePageTitle';
import { homeOf } from './navigation';

/** Only a path inside this app may follow sign-in (no open redirect to another site). */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export function SignInPage() {
  const { t } = useTranslation('app');
  usePageTitle(t('signIn.title'));
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (user && !busy) return <Navigate to={safeNext(params.get('next')) ?? homeOf(user)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await signIn(login, password);
      void navigate(safeNext(params.get('next')) ?? homeOf(signedIn), { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401 ? t('signIn.refused') : t('error.generic'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper maw={420} mx="auto" mt="xl" p="lg" withBorder>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('signIn.title')}
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('signIn.login')}
            name="username"
            autoComplete="username"
            required
            value={login}
            onChange={(event) => setLogin(event.currentTarget.value)}
          />
          <PasswordInput
            label={t('signIn.password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
