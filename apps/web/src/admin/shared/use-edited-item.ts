import { useState, type ChangeEvent } from 'react';
import type { FieldErrors } from './errors';

type TextKeys<Form> = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

/**
 * Which item the form edits (undefined: it creates one) and the form's values. `start` opens an item,
 * `clear` goes back to creating; both forget the last refusal (`forget`). `text(name)` binds a text
 * input to a value and shows the refusal at `errorPath` (the field's own name unless the API's differs);
 * `formProps` are what the `EditorForm` around them takes from this state.
 */
export function useEditedItem<Item, Form extends object>(
  empty: Form,
  submitted: { errors: FieldErrors; busy: boolean; reset: () => void },
) {
  const [editing, setEditing] = useState<Item | undefined>(undefined);
  const [form, setForm] = useState<Form>(empty);
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const clear = () => {
    submitted.reset();
    setEditing(undefined);
    setForm(empty);
  };
  return {
    editing,
    form,
    set,
    text: (name: TextKeys<Form>, errorPath: string = String(name)) => ({
      value: form[name] as string,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        set({ [name]: event.currentTarget.value } as Partial<Form>),
      error: submitted.errors.fields[errorPath],
    }),
    start: (item: Item, values: Form) => {
      submitted.reset();
      setEditing(item);
      setForm(values);
    },
    clear,
    formProps: {
      error: submitted.errors.form,
      busy: submitted.busy,
      editing: editing !== undefined,
      onCancel: clear,
    },
  };
}
