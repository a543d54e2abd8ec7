// The shell's interfaces the console's pages use, in one place (the pages sit a folder deeper).
export { api, ApiError } from '../api/client';
export { formatDate, formatDateTime } from '../i18n';
export { usePageTitle } from '../ui/usePageTitle';
export { hasAnyRole, useSession } from '../session/session';
