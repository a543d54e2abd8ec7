import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The layering the lint config enforces (eslint.config.mjs), checked on deliberate violations: each file
 * below is linted, in memory, as if it lived at its path.
 */
interface Message {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
}

const probes = {
  libImportsApp: {
    filePath: 'libs/auth/src/lint-probe-app.ts',
    code: "import { bootstrap } from '../../../apps/api/src/main';\nexport const start = bootstrap;\n",
  },
  caseModelImportsNodeFs: {
    filePath: 'libs/case-model/src/lint-probe-fs.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  },
  caseModelImportsTypeorm: {
    filePath: 'libs/case-model/src/lint-probe-typeorm.ts',
    code: "import { DataSource } from 'typeorm';\nexport const source = DataSource;\n",
  },
  caseModelImportsAnotherLibrary: {
    filePath: 'libs/case-model/src/lint-probe-http.ts',
    code: "import { ApiErrorCode } from '@onething/http';\nexport const code = ApiErrorCode.NotFound;\n",
  },
  caseModelImportsItsOwn: {
    filePath: 'libs/case-model/src/lint-probe-own.ts',
    code: "import { z } from 'zod';\nimport { KEBAB_CASE } from './definition-key';\nexport const key = z.string().regex(KEBAB_CASE);\n",
  },
  libImportsWorkflowInternals: {
    filePath: 'libs/orchestration/src/lint-probe-internals.ts',
    code: "import { retryDelayMs } from '@onething/workflows/retry-policies';\nexport const delay = retryDelayMs;\n",
  },
  libImportsWorkflowCode: {
    filePath: 'libs/orchestration/src/lint-probe-workflow-value.ts',
    code: "import { caseWorkflow } from '@onething/workflows';\nexport const run = caseWorkflow;\n",
  },
  libImportsMessageTypes: {
    filePath: 'libs/orchestration/src/lint-probe-message-types.ts',
    code: "import type { caseWorkflow, CaseWorkflowInput } from '@onething/workflows';\nexport type Start = [typeof caseWorkflow, CaseWorkflowInput];\n",
  },
  workflowImportsPersistence: {
    filePath: 'workflows/src/lint-probe-persistence.ts',
    code: "import { CaseEntity } from '@onething/persistence';\nexport const entity = CaseEntity;\n",
  },
  workflowImportsCaseModel: {
    filePath: 'workflows/src/lint-probe-case-model.ts',
    code: "import { supervises } from '@onething/case-model';\nexport const check = supervises;\n",
  },
  sqlOutsideRepository: {
    filePath: 'libs/auth/src/lint-probe-sql.ts',
    code: "import type { DataSource } from 'typeorm';\nexport const count = (db: DataSource): Promise<unknown> => db.query('SELECT count(*) FROM accounts');\n",
  },
  sqlInRepository: {
    filePath: 'libs/auth/src/lint-probe-accounts.repository.ts',
    code: "import type { DataSource } from 'typeorm';\nexport const count = (db: DataSource): Promise<unknown> => db.query('SELECT count(*) FROM accounts');\n",
  },
} satisfies Record<string, { filePath: string; code: string }>;

type Probe = keyof typeof probes;
let messages: Record<Probe, Message[]>;

// One ESLint run with type information for all the probes: loading the TypeScript project dominates.
beforeAll(async () => {
  const names = Object.keys(probes) as Probe[];
  const { stdout } = await lint(names.map((name) => probes[name]));
  const results = JSON.parse(stdout) as Message[][];
  messages = Object.fromEntries(names.map((name, i) => [name, results[i]])) as Record<Probe, Message[]>;
}, 180_000);

function lint(input: { filePath: string; code: string }[]) {
  const root = resolve(__dirname, '..');
  const child = promisify(execFile)(process.execPath, [resolve(__dirname, 'support', 'lint-probes.mjs')], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  child.child.stdin!.end(JSON.stringify(input));
  return child;
}

const errors = (probe: Probe) => messages[probe].filter((m) => m.severity === 2);
const importErrors = (probe: Probe) =>
  errors(probe).filter(
    (m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports',
  );

describe('the lint layering', () => {
  it('refuses a library importing an app', () => {
    expect(
      importErrors('libImportsApp')
        .map((m) => m.message)
        .join('\n'),
    ).toMatch(/never import apps/);
  });

  it('refuses the case model anything with I/O: Node built-ins, database clients, other libraries', () => {
    for (const probe of [
      'caseModelImportsNodeFs',
      'caseModelImportsTypeorm',
      'caseModelImportsAnotherLibrary',
    ] as const) {
      expect(
        importErrors(probe)
          .map((m) => m.message)
          .join('\n'),
      ).toMatch(/case model imports only/);
    }
  });

  it('lets the case model import zod and its own files', () => {
    expect(messages.caseModelImportsItsOwn).toEqual([]);
  });

  it("refuses a library the workflow package's internals and its code, and allows its message types", () => {
    expect(importErrors('libImportsWorkflowInternals')).not.toHaveLength(0);
    expect(
      importErrors('libImportsWorkflowCode')
        .map((m) => m.message)
        .join('\n'),
    ).toMatch(/import type/);
    expect(messages.libImportsMessageTypes).toEqual([]);
  });

  it('lets workflow code import the case model but not persistence', () => {
    expect(
      importErrors('workflowImportsPersistence')
        .map((m) => m.message)
        .join('\n'),
    ).toMatch(/pure libraries/);
    expect(messages.workflowImportsCaseModel).toEqual([]);
  });

  it('refuses SQL outside a repository, and not inside one', () => {
    expect(messages.sqlOutsideRepository).toEqual([
      expect.objectContaining({
        ruleId: 'no-restricted-syntax',
        severity: 2,
        message: expect.stringMatching(/repository/),
      }),
    ]);
    expect(messages.sqlInRepository).toEqual([]);
  });
});
