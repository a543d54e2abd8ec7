import { basename } from 'node:path';
import type { DefinitionIssue, Locale } from '@onething/definition';
import { ExitCode, type CommandResult } from './command-result';

// `onething definitions publish <file>`: saves the file as a new draft through the API and publishes it.
// The server checks it again against the departments in force, so offline validity is not enough.

export interface PublishTarget {
  apiUrl: string;
  token: string;
  json: boolean;
  locale: Locale;
}

interface VersionBody {
  key: string;
  version: number;
  revision: number;
  valid: boolean;
  status: string;
  issues: DefinitionIssue[];
}

interface ErrorBody {
  code?: string;
  message?: string;
  path?: string;
  issues?: DefinitionIssue[];
}

export async function publishDefinition(
  file: string,
  source: string,
  target: PublishTarget,
): Promise<CommandResult> {
  const format = file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  const created = await send(target, 'POST', '/definitions/drafts', { source, format });
  if (created.status !== 201) return refused(target, 'creating the draft', created);
  const draft = created.body as VersionBody;
  const label = `${draft.key} v${draft.version}`;
  if (!draft.valid)
    return invalid(target, file, `${label} saved as a draft but not published`, draft.issues, draft);

  const published = await send(
    target,
    'POST',
    `/definitions/${encodeURIComponent(draft.key)}/versions/${draft.version}/publish`,
    { revision: draft.revision },
  );
  if (published.status === 422) {
    const error = published.body as ErrorBody;
    return invalid(target, file, `${label} saved as a draft but not published`, error.issues ?? [], error);
  }
  if (published.status !== 200) return refused(target, `publishing ${label}`, published);
  const version = published.body as VersionBody;
  if (target.json) return { exitCode: ExitCode.Ok, stdout: json(version), stderr: '' };
  return {
    exitCode: ExitCode.Ok,
    stdout: `✔ published ${version.key} v${version.version} (${basename(file)})\n`,
    stderr: '',
  };
}

async function send(
  target: PublishTarget,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, withTrailingSlash(target.apiUrl)), {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not our API answering (a proxy's HTML page): keep the text for the message.
  }
  return { status: response.status, body: parsed };
}

/** `new URL('/x', 'http://h/api')` would drop `/api`; relative paths keep a base path. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function invalid(
  target: PublishTarget,
  file: string,
  headline: string,
  issues: DefinitionIssue[],
  body: unknown,
): CommandResult {
  if (target.json) return { exitCode: ExitCode.Invalid, stdout: json(body), stderr: '' };
  const lines = issues.map((found) => {
    const position = found.line !== undefined ? `:${found.line}:${found.column ?? 1}` : '';
    return `  ${basename(file)}${position} ${found.severity} ${found.code} ${found.pointer || '/'}  ${found.message[target.locale]}`;
  });
  return {
    exitCode: ExitCode.Invalid,
    stdout: '',
    stderr: [`✖ ${headline}:`, ...lines, ''].join('\n'),
  };
}

function refused(
  target: PublishTarget,
  doing: string,
  answer: { status: number; body: unknown },
): CommandResult {
  const error = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as ErrorBody;
  const reason = error.code
    ? `${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message ?? ''}`
    : (typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '')).slice(0, 200);
  const hint =
    answer.status === 401 || answer.status === 403
      ? ' (publishing needs an administrator’s token: --token or ONETHING_TOKEN)'
      : '';
  return {
    exitCode: answer.status === 400 ? ExitCode.Usage : ExitCode.ApiFailure,
    stdout: target.json ? json({ status: answer.status, ...error }) : '',
    stderr: `✖ ${doing} failed: HTTP ${answer.status} ${reason}${hint}\n`,
  };
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
