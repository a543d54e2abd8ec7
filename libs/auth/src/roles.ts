// Roles moved to @onething/case-model; re-exported here for the API's many importers of @onething/auth.
export {
  CALLER_ROLES,
  DEPARTMENT_ROLES,
  DEPARTMENT_SYSTEM,
  isRole,
  ROLES,
  type CallerRole,
  type Role,
} from '@onething/case-model';
