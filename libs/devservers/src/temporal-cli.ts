import { ensureGoBuild, findOnPath, isExecutableFile, type GoBuild } from './go-build';

export { goIsInstalled } from './go-build';

/** The newest CLI release whose go.mod `go install` accepts (later ones carry a `replace`). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** The CLI's build from the Go module proxy (cached as `temporal`). */
const CLI_BUILD: GoBuild = {
  label: 'the Temporal CLI',
  binaries: [{ module: TEMPORAL_CLI_MODULE, built: 'temporal', cachedName: 'temporal' }],
  expected: 'about 2-5 minutes',
};

const WITHOUT_GO =
  'either install the Temporal CLI (https://docs.temporal.io/cli) and put it on PATH or set TEMPORAL_CLI, ' +
  'install Go 1.23+ so Onething can build it, or set TEMPORAL_ADDRESS to an existing Temporal server.';

export interface FindCliOptions {
  /** An explicit CLI (TEMPORAL_CLI). */
  explicit?: string;
  /** Directories of PATH. */
  searchPath: string[];
  /** The user cache folder shared by every clone on this machine, e.g. ~/.cache/onething. */
  cacheDir: string;
  log: (message: string) => void;
}

/**
 * Finds a Temporal CLI: TEMPORAL_CLI → `temporal` on PATH → the cached build → builds one with Go.
 * The build is the slow path (minutes on 2 cores), so it reports progress and is shared by every clone.
 */
export async function findOrBuildTemporalCli(options: FindCliOptions): Promise<string> {
  if (options.explicit) {
    if (!isExecutableFile(options.explicit)) {
      throw new Error(`TEMPORAL_CLI=${options.explicit} is not an executable file.`);
    }
    return options.explicit;
  }
  const onPath = findOnPath(options.searchPath, 'temporal');
  if (onPath) return onPath;
  const [cli] = await ensureGoBuild(CLI_BUILD, {
    cacheDir: options.cacheDir,
    log: options.log,
    withoutGo: WITHOUT_GO,
  });
  return cli;
}
