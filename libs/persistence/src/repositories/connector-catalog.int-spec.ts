import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../data-source';
import { ConnectorCatalogRepository } from './connector-catalog.repository';
import { ReadModel } from './read-model';

const url = process.env.DATABASE_URL!;
const schema = process.env.DATABASE_SCHEMA!;

let dataSource: DataSource;
let readModel: ReadModel;

beforeAll(async () => {
  dataSource = await new DataSource(dataSourceOptions({ url, schema, poolSize: 4 })).initialize();
  await migrate(dataSource);
  readModel = new ReadModel(dataSource);
});
afterAll(async () => {
  await dataSource?.destroy();
});

// Settings the catalog itself would write: the schema is shared with the API suites, whose connector
// list reads every row through the catalog's settings schema.
const settings = (timeoutMs: number) => ({
  name: { 'zh-CN': '测', en: 'Test' },
  department: 'hrss',
  timeoutMs,
  auth: { type: 'none' },
  requestMapping: {},
  responseMapping: {},
});

/** Adds a version the way the catalog does: lock, then add, in one transaction. */
function addVersion(key: string, timeoutMs: number, createdBy: string | null = null) {
  return dataSource.transaction(async (manager) => {
    const repository = new ConnectorCatalogRepository(manager);
    await repository.lockCurrent(key);
    return repository.addVersion({
      key,
      settings: settings(timeoutMs),
      sealedSecret: null,
      changes: [],
      createdBy,
    });
  });
}

async function submittedCase(): Promise<string> {
  const id = randomUUID();
  await readModel.cases.insertSubmitted({
    id,
    definitionKey: 'connector-test',
    definitionVersion: 1,
    application: {},
    workflowId: `case-${id}`,
    applicantAccountId: null,
    submittedByAccountId: null,
    submissionConsent: null,
  });
  return id;
}

describe('the connector catalog repository', () => {
  it('holds the connectors seeded by its migration at version 1', async () => {
    const keys = await readModel.connectors.allKeys();
    expect(keys).toEqual(expect.arrayContaining(['credit', 'social-insurance', 'subsidy-payment']));
    expect(await readModel.connectors.current('credit')).toMatchObject({
      version: 1,
      settings: { department: 'market-regulation', auth: { type: 'default' } },
      sealedSecret: null,
      changes: ['created'],
    });
  });

  it('numbers versions 1, 2, … and makes the newest current, also when updates race', async () => {
    const key = `repo-${randomUUID().slice(0, 8)}`;
    const admin = randomUUID();
    await addVersion(key, 1000, admin);
    await Promise.all([addVersion(key, 2000), addVersion(key, 3000), addVersion(key, 4000)]);
    const versions = await readModel.connectors.versions(key, 10);
    expect(versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(versions.at(-1)).toMatchObject({ createdBy: admin });
    expect((await readModel.connectors.current(key))?.version).toBe(4);
    expect((await readModel.connectors.versions(key, 2, 3)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('pins the current version for a case once, and keeps it after the connector changes', async () => {
    const key = `pin-${randomUUID().slice(0, 8)}`;
    await addVersion(key, 1000);
    const caseId = await submittedCase();
    await readModel.connectors.pinForCase(caseId, [key, key, 'not-in-the-catalog']);
    await addVersion(key, 2000);
    await readModel.connectors.pinForCase(caseId, [key]);
    expect(await readModel.connectors.pinnedVersion(caseId, key)).toBe(1);
    expect(await readModel.connectors.pinnedVersion(caseId, 'not-in-the-catalog')).toBeUndefined();
    expect((await readModel.connectors.version(key, 1))?.settings).toMatchObject({ timeoutMs: 1000 });
  });

  it('pages current versions by key', async () => {
    const page = await readModel.connectors.listCurrent(2, 'credit');
    expect(page.map((row) => row.key)).toEqual(
      (await readModel.connectors.allKeys()).filter((key) => key > 'credit').slice(0, 2),
    );
  });
});
