import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type {
  AccessLogEntry,
  CaseView,
  CatalogDetail,
  CatalogEntry,
  Material,
  NoticeView,
  Page,
} from './types';
import { OPEN_CASE_STATUSES } from './types';

/** How often an open case's page asks again (the API has no event stream for applicants). */
export const CASE_POLL_MS = 3_000;

/** Texts from the API come in the chosen language, so the language is part of every catalog key. */
export function useCatalog() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['catalog', i18n.language],
    queryFn: ({ signal }) =>
      api<Page<CatalogEntry>>('GET', '/catalog', undefined, { signal, query: { limit: 100 } }),
  });
}

export function useCatalogEntry(key: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['catalog', i18n.language, key],
    queryFn: ({ signal }) =>
      api<CatalogDetail>('GET', `/catalog/${encodeURIComponent(key)}`, undefined, { signal }),
  });
}

export function useMyCases() {
  return useQuery({
    queryKey: ['cases'],
    queryFn: ({ signal }) =>
      api<Page<CaseView>>('GET', '/cases', undefined, { signal, query: { limit: 50 } }),
  });
}

/** The case, asked again every few seconds while it is still moving. */
export function useCase(id: string) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: ({ signal }) => api<CaseView>('GET', `/cases/${id}`, undefined, { signal }),
    refetchInterval: (query) =>
      query.state.data && !OPEN_CASE_STATUSES.includes(query.state.data.status) ? false : CASE_POLL_MS,
  });
}

export function useNotices(caseId: string, openNotices: number) {
  return useQuery({
    queryKey: ['notices', caseId, openNotices],
    queryFn: ({ signal }) =>
      api<{ items: NoticeView[] }>('GET', `/cases/${caseId}/notices`, undefined, { signal }),
  });
}

export function useMaterials(enabled: boolean) {
  return useQuery({
    queryKey: ['materials'],
    enabled,
    queryFn: ({ signal }) =>
      api<Page<Material>>('GET', '/me/materials', undefined, { signal, query: { limit: 100 } }),
  });
}

export function useAccessLog() {
  return useQuery({
    queryKey: ['access-log'],
    queryFn: ({ signal }) =>
      api<Page<AccessLogEntry>>('GET', '/me/access-log', undefined, { signal, query: { limit: 100 } }),
  });
}
