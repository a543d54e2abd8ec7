import type { AttachmentView } from './task.views';

/**
 * The attachment references in a task's contract data: each attachment field holds a list of
 * `{ ref, name, contentType, sizeBytes }`. Only the reference goes out; the bytes are downloaded apart.
 */
export function attachmentsOf(fields: readonly string[], data: Record<string, unknown>): AttachmentView[] {
  return fields.flatMap((field) => {
    const value = data[field];
    if (!Array.isArray(value)) return [];
    return (value as Partial<Omit<AttachmentView, 'field'>>[]).flatMap((item) =>
      typeof item?.ref === 'string'
        ? [
            {
              field,
              ref: item.ref,
              name: String(item.name ?? ''),
              contentType: String(item.contentType ?? ''),
              sizeBytes: Number(item.sizeBytes ?? 0),
            },
          ]
        : [],
    );
  });
}
