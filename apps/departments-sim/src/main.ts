import { readFileSync } from 'node:fs';
import { loadConfigFromProcess } from '@onething/config';
import { startSimulatedDepartments } from './server';
import { simulationsSchema } from './simulations';

/** DEPARTMENTS_SIM_CONFIG: inline JSON or a file path. */
function loadSimulations(setting: string | undefined) {
  if (!setting) return {};
  const text = setting.startsWith('{') ? setting : readFileSync(setting, 'utf8');
  return simulationsSchema.parse(JSON.parse(text));
}

/** Runs the simulated department systems on their own (`npm start` starts them too). */
async function main() {
  const config = loadConfigFromProcess();
  const departments = await startSimulatedDepartments({
    host: config.departmentsSim.host,
    port: config.departmentsSim.port,
    token: config.connectors.token,
    delayMs: config.departments.simulatedDelayMs,
    simulations: loadSimulations(config.departmentsSim.simulations),
  });
  console.log(`[departments-sim] simulated department systems at ${departments.url}`);
  const stop = () => {
    departments.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[departments-sim] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
