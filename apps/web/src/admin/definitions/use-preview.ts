import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { api } from '../shell';
import type { DefinitionPreview } from '../shared/types';

/** How long typing must pause before the source is checked: fast enough to feel live, not a call per key. */
export const PREVIEW_DEBOUNCE_MS = 400;

export interface LivePreview {
  /** The text the current answer was computed for. */
  checkedSource: string | undefined;
  preview: DefinitionPreview | undefined;
  /** The last answer that validated: the graph and form stay on screen while the text is broken. */
  lastValid: DefinitionPreview | undefined;
  checking: boolean;
  error: unknown;
}

/** The validator's issues, plan and one form of the text being typed (`POST /definitions/preview`). */
export function useLivePreview(source: string, language: string): LivePreview {
  const [debounced] = useDebouncedValue(source, PREVIEW_DEBOUNCE_MS);
  const lastValid = useRef<DefinitionPreview | undefined>(undefined);
  const query = useQuery({
    queryKey: ['admin', 'definition-preview', debounced, language],
    queryFn: async ({ signal }) => {
      const preview = await api<DefinitionPreview>(
        'POST',
        '/definitions/preview',
        { source: debounced, locale: language === 'en' ? 'en' : 'zh-CN' },
        { signal },
      );
      return { source: debounced, preview };
    },
    enabled: debounced.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  const answer = query.data;
  if (answer?.preview.valid) lastValid.current = answer.preview;
  return {
    checkedSource: answer?.source,
    preview: answer?.preview,
    lastValid: lastValid.current,
    checking: query.isFetching || debounced !== source,
    error: query.error,
  };
}
