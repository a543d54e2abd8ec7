// One text policy for every string the API accepts (request bodies, parameters, the application form,
// notice answers) and for workflow Update validators: pure TypeScript on zod, safe in workflow code.
export {
  TextProblemCode,
  TEXT_LIMITS,
  textProblem,
  normalizeText,
  maxLengthOf,
  characterCount,
  characterProblem,
  type TextKind,
  type TextPolicy,
  type TextProblem,
} from './policy';
export { textField, nameField, identifierField, documentField, policyString } from './fields';
export type { TextFieldOptions, IdentifierFieldOptions } from './fields';
export { INT4_MAX, MAX_PAGE, int4Field, integerParam, yearParam, type IntegerBounds } from './integers';
