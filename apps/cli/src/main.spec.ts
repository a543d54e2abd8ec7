import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Spawns the real CLI, as a user would run it, on the sample catalog.

const root = resolve(__dirname, '..', '..', '..');
const samples = join(root, 'libs', 'definition', 'samples');
const sample = (name: string): string => join(samples, `${name}.yaml`);

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'onething-cli-'));
const broken = join(scratch, 'broken.yaml');
writeFileSync(
  broken,
  readFileSync(sample('talent-settlement'), 'utf8')
    .replace('department: hrss', 'department: weather')
    .replace('after: [talentCertification]', 'after: [talentCertification, ghost]'),
);
const widened = join(scratch, 'widened.yaml');
writeFileSync(
  widened,
  readFileSync(sample('talent-settlement'), 'utf8')
    .replace('version: 1', 'version: 2')
    .replace(
      'contract: [fullName, residentId, employer]',
      'contract: [fullName, residentId, employer, mobile]',
    )
    .replace('sla: { workingDays: 10 }', 'sla: { workingDays: 12 }'),
);

jest.setTimeout(60_000);

describe('onething definitions', () => {
  it('validate: accepts every sample (exit 0)', () => {
    const result = cli(
      'definitions',
      'validate',
      ...['talent-settlement', 'talent-housing', 'talent-startup', 'foreign-talent-work-permit'].map(sample),
    );
    expect(result.status).toBe(0);
    expect(result.stdout.match(/✔/g)).toHaveLength(4);
  });

  it('validate: reports every issue with file, line and column, and exits 1', () => {
    const result = cli('definitions', 'validate', broken, sample('talent-housing'));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✖ .*broken\.yaml: 2 errors/);
    expect(result.stdout).toMatch(/broken\.yaml:\d+:\d+ error UNKNOWN_DEPARTMENT \/steps\/1\/department/);
    expect(result.stdout).toMatch(/broken\.yaml:\d+:\d+ error UNKNOWN_STEP \/steps\/2\/after\/1/);
    expect(result.stdout).toMatch(/✔ .*talent-housing\.yaml/);
  });

  it('validate --json: issues with codes, pointers and positions', () => {
    const result = cli('definitions', 'validate', '--json', '--lang', 'zh-CN', broken);
    expect(result.status).toBe(1);
    const [report] = JSON.parse(result.stdout) as {
      valid: boolean;
      issues: { code: string; pointer: string; line: number }[];
    }[];
    expect(report?.valid).toBe(false);
    expect(report?.issues.map((found) => found.code).sort()).toEqual(['UNKNOWN_DEPARTMENT', 'UNKNOWN_STEP']);
    expect(report?.issues[0]?.line).toBeGreaterThan(1);
  });

  it('plan, form and diff on the samples', () => {
    const plan = cli('definitions', 'plan', sample('talent-settlement'));
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain(
      'Critical path (25 working days at worst):\n  talentCertification → householdRegistration → schoolEnrolment\n',
    );
    expect(plan.stdout).toContain('flowchart LR');
    const newborn = cli('definitions', 'plan', sample('talent-newborn'));
    expect(newborn.stdout).toContain(
      'Critical paths (10 working days at worst):\n' +
        '  talentCheck → householdRegistration → insuranceEnrolment\n' +
        '  talentCheck → householdRegistration → childcareReservation\n' +
        'Commitment: 10 working days — met, 0 to spare\n' +
        'Eligibility childUnderOne: ageInYears(fields.childBirthDate) < 1 (reads childBirthDate)',
    );

    const form = cli('definitions', 'form', '--json', sample('talent-settlement'));
    expect(form.status).toBe(0);
    const [composed] = JSON.parse(form.stdout) as { uiSchema: { 'ui:order': string[] } }[];
    expect(composed?.uiSchema['ui:order']).not.toContain('currentHousehold');

    const diff = cli('definitions', 'diff', sample('talent-settlement'), widened);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('contract WIDENED insuranceTransfer (hrss): + mobile');
    expect(diff.stdout).toContain('SLA housingSubsidy: 10 → 12 working days');
  });

  it('refuses to plan an invalid definition (exit 1)', () => {
    const result = cli('definitions', 'plan', broken);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('UNKNOWN_DEPARTMENT');
  });

  it('exits 2 on usage errors', () => {
    expect(cli('definitions', 'diff', sample('talent-settlement')).status).toBe(2);
    expect(cli('definitions', 'validate').status).toBe(2);
    const unknown = cli('definitions', 'frobnicate', '--json');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage: onething definitions');
    expect(cli('definitions', 'validate', join(scratch, 'missing.yaml')).status).toBe(2);
  });
});
