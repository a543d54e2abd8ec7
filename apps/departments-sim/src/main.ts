import { loadConfigFromProcess } from '@onething/config';
import { startSimulatedDepartments } from './server';

/** Runs the simulated department systems on their own (`npm start` starts them too). */
async function main() {
  const config = loadConfigFromProcess();
  const departments = await startSimulatedDepartments({
    host: config.departmentsSim.host,
    port: config.departmentsSim.port,
    token: config.connectors.token,
    delayMs: config.departments.simulatedDelayMs,
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
