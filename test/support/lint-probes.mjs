// Lints source texts as if they lived at the given paths, with the project's own ESLint config, and prints
// each one's messages as JSON. A child process: ESLint loads its ES-module config with a dynamic import,
// which Jest's module system does not run. Input (stdin): [{ filePath, code }]. Output: [[{ ruleId,
// severity, message }]].
import { ESLint } from 'eslint';

const PROBES = ['libs/*/src/lint-probe-*.ts', 'workflows/src/lint-probe-*.ts'];

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const probes = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: {
      parserOptions: {
        // The probes exist only in memory: type-aware rules see them through a default project with the
        // repository's compiler options (its path aliases included).
        projectService: {
          allowDefaultProject: PROBES,
          defaultProject: 'tsconfig.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: probes.length + 1,
        },
      },
    },
  },
});

const results = [];
for (const { filePath, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })));
}
process.stdout.write(JSON.stringify(results));
