import type { Role, SessionUser } from '../session/session';

export interface NavItem {
  to: string;
  /** Key in the `app` namespace. */
  label: string;
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/apply', label: 'nav.apply', roles: ['applicant', 'counter_clerk'] },
  { to: '/work', label: 'nav.work', roles: ['department_worker', 'department_supervisor'] },
  { to: '/admin', label: 'nav.admin', roles: ['administrator'] },
  { to: '/ops', label: 'nav.ops', roles: ['administrator', 'auditor', 'department_supervisor'] },
];

export function navItemsFor(user: SessionUser | null): NavItem[] {
  if (!user) return [];
  return NAV_ITEMS.filter((item) => item.roles.some((role) => user.roles.includes(role)));
}

/** Where a user lands after signing in: their first area. */
export function homeOf(user: SessionUser): string {
  return navItemsFor(user)[0]?.to ?? '/sign-in';
}
