import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedBinaryPath, ensureGoBuild, findOnPath, type GoBuild } from './go-build';

const build: GoBuild = {
  label: 'the example tools',
  binaries: [
    { module: 'example.org/tool/cmd/server@v1.0.0', built: 'server', cachedName: 'example-server-v1.0.0' },
    { module: 'example.org/tool/cmd/sql@v1.0.0', built: 'sql', cachedName: 'example-sql-v1.0.0' },
  ],
  expected: 'a moment',
};

function executable(path: string): void {
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}

describe('ensureGoBuild', () => {
  let cacheDir: string;
  const path = process.env.PATH;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'go-build-'));
    mkdirSync(join(cacheDir, 'bin'));
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it('returns the cached binaries, in order, without Go', async () => {
    for (const binary of build.binaries) executable(cachedBinaryPath(cacheDir, binary.cachedName));
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-go-'));
    const log: string[] = [];
    await expect(
      ensureGoBuild(build, { cacheDir, log: (m) => log.push(m), withoutGo: 'install Go' }),
    ).resolves.toEqual([
      join(cacheDir, 'bin', 'example-server-v1.0.0'),
      join(cacheDir, 'bin', 'example-sql-v1.0.0'),
    ]);
    expect(log).toEqual([]);
  });

  it('says what is missing and what to do when one binary is not cached and Go is not installed', async () => {
    executable(cachedBinaryPath(cacheDir, 'example-server-v1.0.0'));
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-go-'));
    await expect(
      ensureGoBuild(build, { cacheDir, log: () => undefined, withoutGo: 'install Go 1.23+' }),
    ).rejects.toThrow(
      /the example tools is not in .* and Go is not installed to build it: install Go 1\.23\+/,
    );
  });
});

describe('findOnPath', () => {
  it('finds the first executable of that name, ignoring empty entries and plain files', () => {
    const [plain, good] = [mkdtempSync(join(tmpdir(), 'path-a-')), mkdtempSync(join(tmpdir(), 'path-b-'))];
    writeFileSync(join(plain, 'tool'), 'not executable');
    executable(join(good, 'tool'));
    expect(findOnPath(['', plain, good], 'tool')).toBe(join(good, 'tool'));
    expect(findOnPath([plain], 'tool')).toBeUndefined();
  });
});
