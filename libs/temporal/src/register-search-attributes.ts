import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { projectSearchAttributes } from '@onething/case-model';

const indexedValueType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/**
 * Registers the project's search attributes on an existing server (the dev server gets them as start
 * flags). Safe to repeat: attributes already present are left alone.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = projectSearchAttributes.filter((a) => !known.has(a.name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((a) => [a.name, indexedValueType[a.type]])),
    });
  }
  return missing.map((a) => a.name);
}
