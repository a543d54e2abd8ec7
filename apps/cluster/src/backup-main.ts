import { backupCluster, restoreCluster } from './backup';

/**
 * `npm run cluster:backup -- <data dir> <archive>` / `npm run cluster:restore -- <archive> <fresh data dir>`
 * (docs/operators/backups.md).
 */
async function main() {
  const [command, first, second] = process.argv.slice(2);
  if (command === 'backup' && first && second) {
    await backupCluster(first, second);
    console.log(`[cluster] backed up ${first} to ${second}`);
  } else if (command === 'restore' && first && second) {
    await restoreCluster(first, second);
    console.log(`[cluster] restored ${first} into ${second}`);
  } else {
    throw new Error('usage: backup <data dir> <archive> | restore <archive> <fresh data dir>');
  }
}

main().catch((error: unknown) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
