import { z } from 'zod';
import { identifierField, nameField } from '@onething/text';
import { passwordProblems } from './passwords';
import { DEPARTMENT_ROLES, ROLES } from './roles';

export const departmentCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'a department code: lower-case letters, digits and dashes');
/** The alphabet of sign-in names: ASCII letters, digits and . _ @ -. */
const USERNAME_ALPHABET = { pattern: /^[A-Za-z0-9._@-]+$/, description: 'letters, digits and . _ @ - only' };
export const usernameSchema = identifierField({ ...USERNAME_ALPHABET, min: 3, max: 64 });
const displayName = nameField({ max: 100 });
const roles = z
  .array(z.enum(ROLES))
  .min(1, 'at least one role')
  .max(ROLES.length)
  .refine((list) => new Set(list).size === list.length, 'each role once');
const departments = z
  .array(departmentCodeSchema)
  .max(50)
  .refine((list) => new Set(list).size === list.length, 'each department once');

function checkPassword(
  password: string,
  username: string | undefined,
  path: string,
  context: z.RefinementCtx,
) {
  for (const problem of passwordProblems(password, username))
    context.addIssue({
      code: 'custom',
      path: [path],
      message: `password rule ${problem.code}: ${problem.message}`,
    });
}

function checkDepartmentRoles(
  value: { roles?: readonly string[]; departments?: readonly string[] },
  context: z.RefinementCtx,
) {
  const needsDepartment = value.roles?.some((role) => (DEPARTMENT_ROLES as readonly string[]).includes(role));
  if (needsDepartment && value.departments !== undefined && value.departments.length === 0)
    context.addIssue({
      code: 'custom',
      path: ['departments'],
      message: 'department workers and supervisors belong to at least one department',
    });
}

export const newAccountSchema = z
  .strictObject({
    username: usernameSchema,
    displayName,
    password: z.string().max(1024),
    roles,
    departments: departments.default([]),
  })
  .superRefine((value, context) => {
    checkPassword(value.password, value.username, 'password', context);
    checkDepartmentRoles(value, context);
  });
export type NewAccount = z.infer<typeof newAccountSchema>;

export const accountPatchSchema = z
  .strictObject({
    displayName: displayName.optional(),
    roles: roles.optional(),
    departments: departments.optional(),
    active: z.boolean().optional(),
  })
  .refine(
    (value) => Object.keys(value).length > 0,
    'at least one of displayName, roles, departments, active',
  );
export type AccountPatch = z.infer<typeof accountPatchSchema>;

export const passwordResetSchema = z.strictObject({ password: z.string().max(1024) });
export const passwordChangeSchema = z
  .strictObject({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) })
  .superRefine((value, context) => checkPassword(value.newPassword, undefined, 'newPassword', context));

export const newDepartmentSchema = z.strictObject({
  code: departmentCodeSchema,
  nameZh: nameField({ max: 200 }),
  nameEn: nameField({ max: 200 }),
  active: z.boolean().default(true),
});
export type NewDepartment = z.infer<typeof newDepartmentSchema>;

export const departmentPatchSchema = z
  .strictObject({
    nameZh: nameField({ max: 200 }).optional(),
    nameEn: nameField({ max: 200 }).optional(),
    active: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'at least one of nameZh, nameEn, active');
export type DepartmentPatch = z.infer<typeof departmentPatchSchema>;

export const newCredentialSchema = z.strictObject({ label: nameField({ max: 100 }) });

/**
 * A username outside the alphabet is refused here (400), before it reaches the throttle or the database:
 * no account can have one. Passwords are never trimmed or otherwise touched; they are only hashed.
 */
export const loginSchema = z.strictObject({
  // Only the text policy here: a full-width spelling typed in a Chinese input method signs in after the
  // identity layer's NFKC folding, and a name outside the alphabet after folding is answered like a wrong
  // password (libs/auth/src/login-names.ts), so the answer never depends on which names exist.
  username: nameField({ max: 64 }),
  password: z.string().min(1).max(1024),
});
/** Refresh tokens are 32 random bytes in base64url (randomSecret). */
export const refreshSchema = z.strictObject({
  refreshToken: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'a refresh token'),
});

export const securityEventQuerySchema = z.strictObject({
  accountId: z.uuid().optional(),
  type: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z_]*(\.[a-z_]+)*$/, 'an event type, e.g. login.failed')
    .optional(),
});

export const uuidParamSchema = z.uuid({ message: 'an id (UUID)' });
