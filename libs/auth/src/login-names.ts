import { sha256 } from './hashing';
import { usernameSchema } from './identity.schemas';

/**
 * What a typed login name means, before any password is checked.
 *
 * Usernames are created in a small ASCII alphabet (`usernameSchema`), and PostgreSQL compares them with
 * `lower()`, which folds more than ASCII (`İ` → `i`). So a name is read the way a person meant it
 * (NFKC: full-width `ｔｅｓｔ` is `test`; surrounding spaces dropped) and must then be in the alphabet to
 * sign in. For throttling, it is folded the way the database would fold it (case, then accents and dots
 * dropped), so `admİn`, `ADMIN`, `ａｄｍｉｎ` and `admin ` all count against the one account `admin`,
 * and a name refused for its alphabet still counts where it would have landed.
 */
export interface LoginName {
  /** The name as meant; only used when `acceptable`. */
  normalized: string;
  /** In the username alphabet: may sign in. Otherwise the login fails like a wrong password. */
  acceptable: boolean;
  /** The folded name to look the account up by, when it is in the alphabet (safe to send to PostgreSQL). */
  lookup: string | undefined;
  /** The throttle key of a name no account has: a hash, so typed text (perhaps a password) is not stored. */
  unknownKey: string;
}

const COMBINING_MARKS = /\p{M}/gu;

export function readLoginName(typed: string): LoginName {
  const normalized = typed.normalize('NFKC').trim();
  const acceptable = usernameSchema.safeParse(normalized).success;
  const folded = normalized.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
  const lookup = usernameSchema.safeParse(folded).success ? folded : undefined;
  return { normalized, acceptable, lookup, unknownKey: `name:${sha256(folded)}` };
}
