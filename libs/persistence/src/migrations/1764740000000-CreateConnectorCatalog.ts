import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The connector catalog: one row per connector (its current version) and every version it had, each
 * with who made it and which settings changed; the secret (a bearer token or HMAC secret) sealed apart
 * from the settings. Cases pin the version of each connector they use when they are submitted.
 *
 * Seeded here with the connectors the deployment shipped in code, as version 1 with `default` auth and
 * no base URL (the deployment's CONNECTOR_BASE_URL / CONNECTOR_ENDPOINTS routing, as before), so
 * published definitions stay valid and running cases keep calling the same systems. The list is copied,
 * not imported: a migration must not change when code does.
 */
const seeded: [key: string, zh: string, en: string, department: string][] = [
  ['household-registry', '人口户籍信息', 'Household registry', 'public-security'],
  ['social-insurance', '社会保险参保信息', 'Social insurance records', 'hrss'],
  ['credit', '公共信用信息', 'Public credit records', 'market-regulation'],
  ['property-registry', '不动产登记信息', 'Real property registry', 'natural-resources'],
  ['business-registry', '市场主体登记信息', 'Business registry', 'market-regulation'],
  ['tax-registry', '税务登记信息', 'Tax registry', 'tax'],
  ['academic-credentials', '学历学位信息', 'Academic credentials', 'education'],
  ['exit-entry-records', '出入境及居留信息', 'Exit, entry and residence records', 'exit-entry'],
  ['foreign-work-permit', '外国人来华工作管理服务系统', 'Foreigner work permit system', 'science-technology'],
  ['subsidy-payment', '财政补贴发放', 'Subsidy payments', 'housing'],
];

export class CreateConnectorCatalog1764740000000 implements MigrationInterface {
  name = 'CreateConnectorCatalog1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE connectors (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        current_version integer NOT NULL CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // `created_by`: the administrator's account (no foreign key: the history outlives accounts); null for the seed.
    // `changes`: names of the settings that changed, `auth.secret` when a new secret was given (never its value).
    await q.query(`
      CREATE TABLE connector_versions (
        key text NOT NULL REFERENCES connectors (key),
        version integer NOT NULL CHECK (version >= 1),
        settings jsonb NOT NULL,
        sealed_secret text,
        changes jsonb NOT NULL DEFAULT '[]',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key, version)
      )`);
    await q.query(`
      CREATE TABLE case_connector_versions (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        connector_key text NOT NULL,
        version integer NOT NULL,
        PRIMARY KEY (case_id, connector_key),
        FOREIGN KEY (connector_key, version) REFERENCES connector_versions (key, version)
      )`);
    for (const [key, zh, en, department] of seeded) {
      const settings = {
        name: { 'zh-CN': zh, en },
        department,
        auth: { type: 'default' },
        requestMapping: {},
        responseMapping: {},
      };
      await q.query(`INSERT INTO connectors (key, current_version) VALUES ($1, 1)`, [key]);
      await q.query(
        `INSERT INTO connector_versions (key, version, settings, changes) VALUES ($1, 1, $2, '["created"]')`,
        [key, JSON.stringify(settings)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_connector_versions`);
    await q.query(`DROP TABLE connector_versions`);
    await q.query(`DROP TABLE connectors`);
  }
}
