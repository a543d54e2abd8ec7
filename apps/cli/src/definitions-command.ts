import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  composeForm,
  catalogValidationContext,
  diffDefinitions,
  planDefinition,
  type DefinitionPlan,
  validateDefinition,
  type Definition,
  type DefinitionIssue,
  type Locale,
  type ValidationContext,
} from '@onething/definition';
import { ExitCode, type CommandResult } from './command-result';
import { publishDefinition } from './publish-command';
import { connectorKeysFromApi } from './connectors-command';

export { ExitCode, type CommandResult };

// `onething definitions ...`: the library's checks offline, against the built-in demo catalog of
// departments and connectors unless --departments/--connectors say otherwise.

export const USAGE = `Usage: onething definitions <command> [options] <file...>

Commands:
  validate <file...>   check definitions (YAML or JSON): structure and semantics
  plan <file...>       step graph, parallel stages, critical path, data-minimization matrix
  form <file...>       the one applicant form composed from the steps' data contracts
  diff <old> <new>     what changed between two definitions
  publish <file>       save as a new draft through the API and publish it (an administrator's token)

Options:
  --json               machine-readable output
  --lang <zh-CN|en>    language of messages and labels (default: en)
  --mermaid            plan: print only the Mermaid graph
  --departments <a,b>  known department codes (default: the demo catalog)
  --connectors <x,y>   known connectors / prefill sources (default: the demo catalog, or the
                       API's connector catalog when --api is given)
  --api <url>          publish: the Onething API (default: $ONETHING_API_URL); validate, plan, form,
                       diff: check against the connector catalog of this API
  --token <token>      an administrator's access token (default: $ONETHING_TOKEN)

Exit codes: 0 ok, 1 invalid definition, 2 usage error, 3 the API refused or could not be reached.
`;

interface Options {
  json: boolean;
  mermaid: boolean;
  locale: Locale;
  context: ValidationContext;
  api?: string;
  token?: string;
}

/** What the CLI's entry point read from the environment (only `publish` uses it). */
export interface CommandEnvironment {
  ONETHING_API_URL?: string;
  ONETHING_TOKEN?: string;
}

class UsageError extends Error {}

export async function runDefinitionsCommand(
  argv: readonly string[],
  env: CommandEnvironment = {},
): Promise<CommandResult> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: ExitCode.Usage, stdout: '', stderr: `${error.message}\n\n${USAGE}` };
    throw error;
  }
}

async function dispatch(argv: readonly string[], env: CommandEnvironment): Promise<CommandResult> {
  if (argv.includes('--help') || argv.includes('-h'))
    return { exitCode: ExitCode.Ok, stdout: USAGE, stderr: '' };
  const [group, command, ...rest] = argv;
  if (group !== 'definitions')
    throw new UsageError(group === undefined ? 'Missing command.' : `Unknown command: ${group}`);
  const { files, options } = parseOptions(rest);
  if (command !== 'publish' && options.api !== undefined && !rest.includes('--connectors')) {
    const failure = await useApiCatalog(options, env);
    if (failure) return failure;
  }
  switch (command) {
    case 'validate':
      return validateFiles(requireFiles(files, 1), options);
    case 'plan':
      return withDefinitions(requireFiles(files, 1), options, (loaded) => planOutput(loaded, options));
    case 'form':
      return withDefinitions(requireFiles(files, 1), options, (loaded) => formOutput(loaded, options));
    case 'diff':
      if (files.length !== 2) throw new UsageError('diff takes exactly two files: <old> <new>.');
      return withDefinitions(files, options, (loaded) => diffOutput(loaded, options));
    case 'publish':
      return publish(files, options, env);
    default:
      throw new UsageError(
        command === undefined ? 'Missing definitions command.' : `Unknown definitions command: ${command}`,
      );
  }
}

function parseOptions(args: readonly string[]): { files: string[]; options: Options } {
  const files: string[] = [];
  const options: Options = { json: false, mermaid: false, locale: 'en', context: catalogValidationContext };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const value = (): string => {
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      index += 1;
      return next;
    };
    const list = (): string[] =>
      value()
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    if (arg === '--json') options.json = true;
    else if (arg === '--mermaid') options.mermaid = true;
    else if (arg === '--lang') {
      const locale = value();
      if (locale !== 'zh-CN' && locale !== 'en')
        throw new UsageError(`--lang must be zh-CN or en, not ${locale}.`);
      options.locale = locale;
    } else if (arg === '--departments') options.context = { ...options.context, departments: list() };
    else if (arg === '--connectors') options.context = { ...options.context, connectors: list() };
    else if (arg === '--api') options.api = value();
    else if (arg === '--token') options.token = value();
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option: ${arg}`);
    else files.push(arg);
  }
  return { files, options };
}

async function publish(files: string[], options: Options, env: CommandEnvironment): Promise<CommandResult> {
  if (files.length !== 1) throw new UsageError('publish takes exactly one file.');
  const apiUrl = options.api ?? env.ONETHING_API_URL;
  const token = options.token ?? env.ONETHING_TOKEN;
  if (!apiUrl) throw new UsageError('publish needs the API: --api <url> or ONETHING_API_URL.');
  if (!token)
    throw new UsageError('publish needs an administrator token: --token <token> or ONETHING_TOKEN.');
  if (!URL.canParse(apiUrl)) throw new UsageError(`--api is not a URL: ${apiUrl}`);
  const [file] = files as [string];
  const source = readSource(file);
  try {
    return await publishDefinition(file, source, {
      apiUrl,
      token,
      json: options.json,
      locale: options.locale,
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    return { exitCode: ExitCode.ApiFailure, stdout: '', stderr: `✖ cannot reach ${apiUrl}: ${reason}\n` };
  }
}

/** `--api` with an offline command: the database's connector catalog instead of the built-in one. */
async function useApiCatalog(options: Options, env: CommandEnvironment): Promise<CommandResult | undefined> {
  const token = options.token ?? env.ONETHING_TOKEN;
  if (!token) throw new UsageError('--api needs an administrator token: --token <token> or ONETHING_TOKEN.');
  try {
    options.context = { ...options.context, connectors: await connectorKeysFromApi(options.api!, token) };
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      exitCode: ExitCode.ApiFailure,
      stdout: '',
      stderr: `✖ cannot read the connector catalog: ${reason}\n`,
    };
  }
}

function requireFiles(files: string[], minimum: number): string[] {
  if (files.length < minimum) throw new UsageError('No definition file given.');
  return files;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface Checked {
  file: string;
  valid: boolean;
  definition?: Definition;
  issues: DefinitionIssue[];
}

function check(file: string, options: Options): Checked {
  const result = validateDefinition(readSource(file), options.context);
  return result.valid
    ? { file, valid: true, definition: result.definition, issues: result.issues }
    : { file, valid: false, issues: result.issues };
}

function formatIssue(file: string, found: DefinitionIssue, locale: Locale): string {
  const position = found.line !== undefined ? `:${found.line}:${found.column ?? 1}` : '';
  return `  ${basename(file)}${position} ${found.severity} ${found.code} ${found.pointer || '/'}  ${found.message[locale]}`;
}

function validateFiles(files: string[], options: Options): CommandResult {
  const results = files.map((file) => check(file, options));
  const exitCode = results.every((result) => result.valid) ? ExitCode.Ok : ExitCode.Invalid;
  if (options.json) {
    const json = results.map(({ file, valid, definition, issues }) => ({
      file,
      valid,
      ...(definition ? { key: definition.key, version: definition.version } : {}),
      issues,
    }));
    return { exitCode, stdout: JSON.stringify(json, null, 2) + '\n', stderr: '' };
  }
  const lines = results.flatMap((result) => {
    const errors = result.issues.filter((found) => found.severity === 'error').length;
    const warnings = result.issues.length - errors;
    const head = result.valid
      ? `✔ ${result.file}: ${result.definition?.key} v${result.definition?.version} is valid (${warnings} warning${warnings === 1 ? '' : 's'})`
      : `✖ ${result.file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    return [head, ...result.issues.map((found) => formatIssue(result.file, found, options.locale))];
  });
  return { exitCode, stdout: lines.join('\n') + '\n', stderr: '' };
}

/** Commands that need valid definitions: report the issues of any invalid one instead (exit 1). */
function withDefinitions(
  files: string[],
  options: Options,
  render: (loaded: { file: string; definition: Definition }[]) => string,
): CommandResult {
  const results = files.map((file) => check(file, options));
  if (results.some((result) => !result.valid)) {
    const invalid = validateFiles(files, options);
    return { exitCode: ExitCode.Invalid, stdout: '', stderr: invalid.stdout };
  }
  const loaded = results.flatMap((result) =>
    result.definition ? [{ file: result.file, definition: result.definition }] : [],
  );
  return { exitCode: ExitCode.Ok, stdout: render(loaded), stderr: '' };
}

function planOutput(loaded: { file: string; definition: Definition }[], options: Options): string {
  const plans = loaded.map(({ file, definition }) => ({
    file,
    key: definition.key,
    plan: planDefinition(definition),
  }));
  if (options.mermaid) return plans.map(({ plan }) => plan.mermaid).join('\n');
  if (options.json) return JSON.stringify(plans, null, 2) + '\n';
  return plans
    .map(({ file, key, plan }) => {
      const stages = plan.stages.map((stage, index) => `  ${index + 1}. ${stage.join(' ∥ ')}`);
      const matrix = plan.matrix.departments.map((department) => {
        const row = plan.matrix.cells[department] ?? {};
        return `  ${department}: ${plan.matrix.fields.filter((field) => row[field]).join(', ') || '(nothing)'}`;
      });
      return [
        `${key} (${file})`,
        'Stages (steps in one stage run in parallel):',
        ...stages,
        `Critical path${plan.criticalPath.paths.length > 1 ? 's' : ''} (${plan.criticalPath.workingDays} working days at worst):`,
        ...plan.criticalPath.paths.map((path) => `  ${path.join(' → ')}`),
        ...commitmentLines(plan),
        ...plan.eligibility.map(
          (rule) => `Eligibility ${rule.id}: ${rule.rule} (reads ${rule.paths.join(', ')})`,
        ),
        'Data each department receives:',
        ...matrix,
        `Asked of the applicant but used by no step: ${plan.matrix.askedButUnused.join(', ') || 'none'}`,
        `A department receives more than it needs: ${
          plan.matrix.receivedBeyondNeed
            .map((row) => `${row.department} (${row.stepId}) ← ${row.datum}`)
            .join(', ') || 'none'
        }`,
        `Outputs no step reads and the applicant never sees: ${plan.matrix.outputsUnused.join(', ') || 'none'}`,
        'If a step is rejected (what never runs; what is undone, latest first):',
        ...plan.rejections.map(
          ({ rejected, caseRejected, blocked, undone }) =>
            `  ${rejected}${caseRejected ? ' (case rejected)' : ''}: blocks ${blocked.join(', ') || 'nothing'}; undoes ${undone.join(', ') || 'nothing'}`,
        ),
        '',
        plan.mermaid,
      ].join('\n');
    })
    .join('\n');
}

function commitmentLines(plan: DefinitionPlan): string[] {
  const commitment = plan.commitment;
  if (!commitment) return [];
  const verdict = commitment.met
    ? `met, ${commitment.slackWorkingDays} to spare`
    : `EXCEEDED by ${-commitment.slackWorkingDays}${commitment.enforce ? ' (enforced: an error)' : ''}`;
  return [`Commitment: ${commitment.workingDays} working days — ${verdict}`];
}

function formOutput(loaded: { file: string; definition: Definition }[], options: Options): string {
  const forms = loaded.map(({ file, definition }) => ({
    file,
    key: definition.key,
    form: composeForm(definition, { locale: options.locale }),
  }));
  if (options.json)
    return (
      JSON.stringify(
        forms.map(({ file, key, form }) => ({ file, key, ...form })),
        null,
        2,
      ) + '\n'
    );
  return forms
    .map(({ file, key, form }) =>
      [
        `${key} (${file}): ${form.fields.length} questions, ${form.prefilled.length} fetched instead of asked`,
        ...form.fields.map(
          (field, index) =>
            `  ${index + 1}. ${field.label[options.locale]} [${field.id}: ${field.type}${field.required ? ', required' : ''}] → ${[...field.usedBy, ...field.conditionOf.map((id) => `when of ${id}`)].join(', ')}`,
        ),
        ...form.prefilled.map((entry) => `  ↺ ${entry.id} from ${entry.source} → ${entry.usedBy.join(', ')}`),
        '',
      ].join('\n'),
    )
    .join('\n');
}

function diffOutput(loaded: { file: string; definition: Definition }[], options: Options): string {
  const [before, after] = loaded;
  if (!before || !after) throw new UsageError('diff takes exactly two files: <old> <new>.');
  const diff = diffDefinitions(before.definition, after.definition);
  if (options.json) return JSON.stringify(diff, null, 2) + '\n';
  if (diff.identical) return `No changes (version ${diff.version.from} → ${diff.version.to}).\n`;
  const lines = [`${before.definition.key}: version ${diff.version.from} → ${diff.version.to}`];
  const add = (label: string, items: string[]): void => {
    if (items.length > 0) lines.push(`  ${label}: ${items.join(', ')}`);
  };
  add('steps added', diff.stepsAdded);
  add('steps removed', diff.stepsRemoved);
  add('fields added', diff.fieldsAdded);
  add('fields removed', diff.fieldsRemoved);
  add('fields changed', diff.fieldsChanged);
  for (const change of diff.contractsWidened)
    lines.push(`  contract WIDENED ${change.stepId} (${change.department}): + ${change.fields.join(', ')}`);
  for (const change of diff.contractsNarrowed)
    lines.push(`  contract narrowed ${change.stepId} (${change.department}): - ${change.fields.join(', ')}`);
  for (const change of diff.slaChanged)
    lines.push(`  SLA ${change.stepId}: ${change.from} → ${change.to} working days`);
  for (const change of diff.conditionsChanged)
    lines.push(`  condition ${change.stepId}: ${change.from ?? '(none)'} → ${change.to ?? '(none)'}`);
  for (const change of diff.dependenciesChanged)
    lines.push(`  after ${change.stepId}: [${change.from.join(', ')}] → [${change.to.join(', ')}]`);
  for (const change of diff.otherStepChanges)
    lines.push(`  step ${change.stepId}: ${change.properties.join(', ')} changed`);
  if (diff.outcomeChanged) lines.push('  outcome rule or notice changed');
  return lines.join('\n') + '\n';
}
