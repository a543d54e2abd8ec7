import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DepartmentRepository } from '@onething/auth';
import { composeForm, type ComposedForm, type Definition, type Locale } from '@onething/definition';
import { DefinitionStore, type PublishedDefinition } from '@onething/definition-store';
import { ApiError, ApiErrorCode, type Page } from '@onething/http';
import { catalogCursor, type CatalogDepartment, type CatalogEntry, type CatalogQuery } from './catalog.dto';

/**
 * What an applicant (or a clerk helping one) may apply for: the published one-things in force, in the
 * caller's language, with the departments involved and the one form to fill.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly store: DefinitionStore,
    private readonly dataSource: DataSource,
  ) {}

  async list(query: CatalogQuery, locale: Locale): Promise<Page<CatalogEntry>> {
    const names = await this.departmentNames(locale);
    return catalogCursor.fetch(query, async (page) => {
      const { items, lastKey, total } = await this.store.inForce({
        after: page.after?.[0],
        limit: page.limit,
      });
      return { items: items.map((published) => toEntry(published, locale, names)), lastKey, total };
    });
  }

  async get(key: string, locale: Locale): Promise<CatalogEntry & { form: ComposedForm }> {
    const published = await this.inForce(key);
    return {
      ...toEntry(published, locale, await this.departmentNames(locale)),
      form: this.compose(published, locale),
    };
  }

  async form(key: string, locale: Locale): Promise<ComposedForm> {
    return this.compose(await this.inForce(key), locale);
  }

  private compose(published: PublishedDefinition, locale: Locale): ComposedForm {
    return composeForm(published.definition, { locale });
  }

  private async inForce(key: string): Promise<PublishedDefinition> {
    const published = await this.store.findPublished(key);
    if (!published) throw new ApiError(ApiErrorCode.NotFound, 'No published one-thing with this key', 'key');
    return published;
  }

  private async departmentNames(locale: Locale): Promise<Map<string, string>> {
    const departments = await new DepartmentRepository(this.dataSource.manager).names();
    return new Map(departments.map((d) => [d.code, locale === 'en' ? d.nameEn : d.nameZh]));
  }
}

/** Declared by other parts of the definition language when present (commitment, eligibility). */
function optionalPart(definition: Definition, name: 'commitment' | 'eligibility'): unknown {
  return (definition as Definition & Partial<Record<typeof name, unknown>>)[name];
}

function toEntry(published: PublishedDefinition, locale: Locale, names: Map<string, string>): CatalogEntry {
  const { definition } = published;
  const byDepartment = new Map<string, string[]>();
  for (const step of definition.steps)
    byDepartment.set(step.department, [...(byDepartment.get(step.department) ?? []), step.title[locale]]);
  // The lead department first (the applicant's single point of contact), then the others by code.
  const codes = [
    definition.leadDepartment,
    ...[...byDepartment.keys()].filter((c) => c !== definition.leadDepartment).sort(),
  ];
  const departments = codes.map((code): CatalogDepartment => ({
    code,
    name: names.get(code) ?? code,
    role: code === definition.leadDepartment ? 'lead' : 'cooperating',
    steps: byDepartment.get(code) ?? [],
  }));
  const commitment = optionalPart(definition, 'commitment');
  const eligibility = optionalPart(definition, 'eligibility');
  return {
    key: published.key,
    version: published.version,
    language: locale,
    title: definition.title[locale],
    description: definition.description[locale],
    departments,
    ...(commitment === undefined ? {} : { commitment }),
    ...(eligibility === undefined ? {} : { eligibility }),
  };
}
