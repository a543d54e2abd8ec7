import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ExitCode, type CommandResult } from './command-result';

// `onething connectors ...`: the connector catalog through the API's documented routes
// (`/admin/connectors`), with an administrator's token. Secrets go in, never come out.

export const CONNECTORS_USAGE = `Usage: onething connectors <command> [options]

Commands:
  list                 every connector: key, version, department, auth, base URL
  show <key>           one connector's current version (without its secret)
  put <file>           create the connector described in the file (JSON or YAML, with its "key"),
                       or add a new version of it; the secret may come from $ONETHING_CONNECTOR_SECRET
  versions <key>       the connector's versions: who made each, when, and what changed

Options:
  --json               machine-readable output
  --api <url>          the Onething API (default: $ONETHING_API_URL)
  --token <token>      an administrator's access token (default: $ONETHING_TOKEN)

Exit codes: 0 ok, 1 the API refused the input, 2 usage error, 3 the API refused or could not be reached.
`;

export interface ConnectorsEnvironment {
  ONETHING_API_URL?: string;
  ONETHING_TOKEN?: string;
  ONETHING_CONNECTOR_SECRET?: string;
}

interface Target {
  apiUrl: string;
  token: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

class UsageError extends Error {}
class ApiRefused extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export async function runConnectorsCommand(
  argv: readonly string[],
  env: ConnectorsEnvironment = {},
): Promise<CommandResult> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: ExitCode.Usage, stdout: '', stderr: `${error.message}\n\n${CONNECTORS_USAGE}` };
    if (error instanceof ApiRefused)
      return { exitCode: error.exitCode, stdout: '', stderr: `✖ ${error.message}\n` };
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    return { exitCode: ExitCode.ApiFailure, stdout: '', stderr: `✖ cannot reach the API: ${reason}\n` };
  }
}

async function dispatch(argv: readonly string[], env: ConnectorsEnvironment): Promise<CommandResult> {
  if (argv.includes('--help') || argv.includes('-h'))
    return { exitCode: ExitCode.Ok, stdout: CONNECTORS_USAGE, stderr: '' };
  const [, command, ...rest] = argv;
  const { args, json, api, token } = parseOptions(rest);
  const target = targetOf(api ?? env.ONETHING_API_URL, token ?? env.ONETHING_TOKEN);
  const output = (value: unknown, text: string): CommandResult => ({
    exitCode: ExitCode.Ok,
    stdout: json ? `${JSON.stringify(value, null, 2)}\n` : text,
    stderr: '',
  });
  switch (command) {
    case 'list': {
      const items = await allPages(target, '/admin/connectors');
      return output(items, items.map(summaryLine).join(''));
    }
    case 'show': {
      const found = expectOk(await send(target, 'GET', `/admin/connectors/${keyArg(args)}`), 'showing');
      return output(found, `${JSON.stringify(found, null, 2)}\n`);
    }
    case 'versions': {
      const items = await allPages(target, `/admin/connectors/${keyArg(args)}/versions`);
      return output(items, items.map(versionLine).join(''));
    }
    case 'put': {
      const saved = await put(target, args, env.ONETHING_CONNECTOR_SECRET);
      return output(saved, `✔ saved ${String(saved.key)} v${String(saved.version)}\n`);
    }
    default:
      throw new UsageError(
        command ? `Unknown connectors command: ${command}` : 'Missing connectors command.',
      );
  }
}

/** The catalog's keys, for `definitions validate --api`: definitions checked against the database catalog. */
export async function connectorKeysFromApi(apiUrl: string, token: string): Promise<string[]> {
  const items = await allPages(targetOf(apiUrl, token), '/admin/connectors');
  return items.map((item) => String(item.key));
}

async function put(target: Target, args: string[], secretFromEnv: string | undefined) {
  if (args.length !== 1) throw new UsageError('put takes exactly one file.');
  const document = readDocument(args[0]);
  const { key, ...settings } = document;
  if (typeof key !== 'string' || key === '') throw new UsageError(`${args[0]}: the file needs a "key".`);
  const auth = (settings.auth ?? {}) as Record<string, unknown>;
  if (auth.secret === undefined && secretFromEnv) settings.auth = { ...auth, secret: secretFromEnv };
  const existing = await send(target, 'GET', `/admin/connectors/${encodeURIComponent(key)}`);
  const saved =
    existing.status === 404
      ? await send(target, 'POST', '/admin/connectors', { key, ...settings })
      : await send(target, 'PUT', `/admin/connectors/${encodeURIComponent(key)}`, settings);
  return expectOk(saved, `saving ${key}`);
}

function readDocument(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed: unknown = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`${file}: expected an object describing one connector.`);
  return parsed as Record<string, unknown>;
}

async function allPages(target: Target, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectOk(await send(target, 'GET', `${path}${query}`), 'listing');
    items.push(...(page.items as Record<string, unknown>[]));
    cursor = page.nextCursor as string | null;
  } while (cursor);
  return items;
}

function expectOk(answer: Answer, doing: string): Record<string, unknown> {
  if (answer.status === 200 || answer.status === 201) return answer.body ?? {};
  const body = (answer.body ?? {}) as { code?: string; path?: string; details?: unknown };
  const details = Array.isArray(body.details)
    ? (body.details as { path?: string; message?: string }[])
        .map((d) => `\n  ${d.path ?? ''}: ${d.message ?? ''}`)
        .join('')
    : '';
  const reason = `${body.code ?? answer.status}${body.path ? ` at ${body.path}` : ''}`;
  const exitCode = answer.status === 400 || answer.status === 409 ? ExitCode.Invalid : ExitCode.ApiFailure;
  throw new ApiRefused(exitCode, `${doing}: the API answered ${answer.status} ${reason}${details}`);
}

async function send(target: Target, method: string, path: string, body?: unknown): Promise<Answer> {
  const base = target.apiUrl.endsWith('/') ? target.apiUrl : `${target.apiUrl}/`;
  const response = await fetch(new URL(path.replace(/^\//, ''), base), {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    parsed = { message: text.slice(0, 200) };
  }
  return { status: response.status, body: parsed };
}

function parseOptions(rest: string[]) {
  const args: string[] = [];
  let json = false;
  let api: string | undefined;
  let token: string | undefined;
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index];
    const value = () => {
      const next = rest[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      index += 1;
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--api') api = value();
    else if (arg === '--token') token = value();
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option: ${arg}`);
    else args.push(arg);
  }
  return { args, json, api, token };
}

function targetOf(apiUrl: string | undefined, token: string | undefined): Target {
  if (!apiUrl) throw new UsageError('connectors needs the API: --api <url> or ONETHING_API_URL.');
  if (!URL.canParse(apiUrl)) throw new UsageError(`--api is not a URL: ${apiUrl}`);
  if (!token)
    throw new UsageError("connectors needs an administrator's token: --token <token> or ONETHING_TOKEN.");
  return { apiUrl, token };
}

function keyArg(args: string[]): string {
  if (args.length !== 1) throw new UsageError('Give exactly one connector key.');
  return encodeURIComponent(args[0]);
}

interface ConnectorSummary {
  key: string;
  version: number;
  department: string;
  baseUrl?: string;
  auth?: { type?: string };
  /** Set when the stored settings do not parse: the catalog lists the connector with the reason. */
  invalid?: { code: string; issues: { path: string }[] };
}

interface VersionSummary {
  version: number;
  createdAt: string;
  createdBy: string | null;
  changes?: string[];
}

function summaryLine(answered: Record<string, unknown>): string {
  const item = answered as unknown as ConnectorSummary;
  if (item.invalid) {
    const paths = item.invalid.issues.map((issue) => issue.path || '(settings)').join(', ');
    return `${item.key}\tv${item.version}\t${item.invalid.code}\t${paths}\n`;
  }
  const url = item.baseUrl ?? '(deployment routing)';
  return `${item.key}\tv${item.version}\t${item.department}\t${item.auth?.type ?? ''}\t${url}\n`;
}

function versionLine(answered: Record<string, unknown>): string {
  const item = answered as unknown as VersionSummary;
  const changes = item.changes ?? [];
  return `v${item.version}\t${item.createdAt}\t${item.createdBy ?? 'seed'}\t${changes.join(', ')}\n`;
}
