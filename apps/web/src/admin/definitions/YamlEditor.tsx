import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { stateExtensions } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import { useEffect, useRef } from 'react';
import type { DefinitionIssue } from '../shared/types';
import { issueMessage } from '../shared/text';
import { issueRanges } from './issue-positions';

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The validator's issues for `issuesFor` (the text they were computed on). */
  issues: readonly DefinitionIssue[];
  issuesFor: string;
  schema: Record<string, unknown> | undefined;
  readOnly: boolean;
  language: string;
  label: string;
  /** Set to move the cursor to a line (from the issue list). */
  jumpTo?: { line: number; nonce: number };
}

const schemaCompletion = yamlCompletion();
/** The library answers "nothing" with `[]`, which CodeMirror reads as a result without options: say null. */
function completeFromSchema(context: CompletionContext): CompletionResult | null {
  const result = schemaCompletion(context);
  return Array.isArray(result) ? null : result;
}

/**
 * CodeMirror 6 on YAML: completion and hover from the definition's JSON Schema, and the validator's
 * issues as diagnostics at their nodes. Tab is left to the page (no indent-with-tab), so keyboard users
 * can leave the editor.
 */
export function YamlEditor(props: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return undefined;
    const extensions: Extension[] = [
      basicSetup,
      yaml(),
      // Long lines wrap: no sideways scrolling, on a phone either.
      EditorView.lineWrapping,
      lintGutter(),
      autocompletion(),
      yamlLanguage.data.of({ autocomplete: completeFromSchema }),
      hoverTooltip(yamlSchemaHover()),
      stateExtensions(props.schema),
      EditorState.readOnly.of(props.readOnly),
      // tabindex: axe counts a focusable descendant as the scroller's keyboard access.
      EditorView.contentAttributes.of({
        'aria-label': props.label,
        'data-testid': 'definition-source',
        tabindex: '0',
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange.current(update.state.doc.toString());
      }),
    ];
    const created = new EditorView({
      parent: host.current,
      state: EditorState.create({ doc: props.value, extensions }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The editor is made once per schema and mode; the text flows through the update listener.
  }, [props.schema, props.readOnly]);

  // A new text from outside (a version loaded): replace the document.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== props.value)
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    // Issues of an older text would sit at the wrong places: show them only for the text they belong to.
    const text = current.state.doc.toString();
    if (text !== props.issuesFor) return;
    const ranges = issueRanges(text, props.issues);
    const diagnostics: Diagnostic[] = props.issues.map((issue, index) => ({
      from: ranges[index].from,
      to: ranges[index].to,
      severity: issue.severity,
      source: issue.code,
      message: issueMessage(issue, props.language),
    }));
    current.dispatch(setDiagnostics(current.state, diagnostics));
  }, [props.issues, props.issuesFor, props.language]);

  useEffect(() => {
    const current = view.current;
    if (!current || !props.jumpTo) return;
    const line = current.state.doc.line(Math.min(props.jumpTo.line, current.state.doc.lines));
    current.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    current.focus();
  }, [props.jumpTo]);

  return <div ref={host} className="definition-editor" />;
}
