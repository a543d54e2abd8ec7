import { z } from 'zod';

/**
 * Definition keys (`talent-settlement`), department codes and connector names: kebab-case, because they
 * appear in URLs and search attributes. One pattern for the definition language and the API.
 */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A definition key as a request carries it (a path segment, a filter, a submission's field). */
export const definitionKeySchema = z.string().max(63).regex(KEBAB_CASE, 'a definition key (kebab-case)');
