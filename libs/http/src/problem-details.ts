import { ApiError, ApiErrorCode, type ApiErrorDetail } from './api-error';

/** The languages error titles are written in; the first is the product's default. */
export const PROBLEM_LANGUAGES = ['zh-CN', 'en'] as const;
export type ProblemLanguage = (typeof PROBLEM_LANGUAGES)[number];

/**
 * The language of an answer, from what Express's `acceptsLanguages` negotiates on `Accept-Language`: any
 * Chinese variant gets zh-CN (the only Chinese there is), English gets en, anything else the default.
 */
export function problemLanguageOf(
  acceptsLanguages: (languages: string[]) => string | false,
): ProblemLanguage {
  const best = acceptsLanguages(['zh-CN', 'zh', 'en']);
  return best === 'en' ? 'en' : 'zh-CN';
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * One short, stable title per code (RFC 9457 `title`): what kind of problem it is, never the particulars
 * of this occurrence (those are `detail`). A `Record` over the enum, so a new code without a title does
 * not compile.
 */
const TITLES: Record<ApiErrorCode, Record<ProblemLanguage, string>> = {
  [ApiErrorCode.ValidationFailed]: { 'zh-CN': '请求内容不符合要求', en: 'The request is not valid' },
  [ApiErrorCode.InvalidCursor]: { 'zh-CN': '分页游标无效', en: 'The list cursor is not valid' },
  [ApiErrorCode.MalformedJson]: {
    'zh-CN': '请求体不是有效的 JSON',
    en: 'The request body is not valid JSON',
  },
  [ApiErrorCode.UnsupportedMediaType]: {
    'zh-CN': '不支持的请求体格式',
    en: 'Unsupported request body format',
  },
  [ApiErrorCode.NotFound]: { 'zh-CN': '未找到所请求的对象', en: 'The requested object was not found' },
  [ApiErrorCode.RouteNotFound]: { 'zh-CN': '没有这个接口', en: 'No such route' },
  [ApiErrorCode.InboundSignatureInvalid]: {
    'zh-CN': '入站事件的签名无效',
    en: 'The inbound event signature is not valid',
  },
  [ApiErrorCode.NotAwaitingConfirmation]: {
    'zh-CN': '该办件不在待确认状态',
    en: 'The case no longer awaits confirmation',
  },
  [ApiErrorCode.MethodNotAllowed]: {
    'zh-CN': '该接口不支持此请求方法',
    en: 'Method not allowed on this route',
  },
  [ApiErrorCode.Unauthenticated]: { 'zh-CN': '需要登录', en: 'Authentication required' },
  [ApiErrorCode.Forbidden]: { 'zh-CN': '无权执行此操作', en: 'Not allowed' },
  [ApiErrorCode.CsrfRefused]: {
    'zh-CN': '请求缺少有效的防跨站令牌',
    en: 'The request lacks a valid CSRF token',
  },
  [ApiErrorCode.Conflict]: { 'zh-CN': '与当前状态冲突', en: 'Conflicts with the current state' },
  [ApiErrorCode.IdempotencyKeyReused]: {
    'zh-CN': '幂等键已用于另一个请求',
    en: 'The idempotency key was used for another request',
  },
  [ApiErrorCode.ConnectorSettingsInvalid]: {
    'zh-CN': '连接器的已存设置无法读取',
    en: 'The stored settings of the connector cannot be read',
  },
  [ApiErrorCode.IdempotencyInFlight]: {
    'zh-CN': '相同幂等键的请求正在处理中',
    en: 'A request with this idempotency key is still in progress',
  },
  [ApiErrorCode.TaskDecisionRefused]: { 'zh-CN': '无法对该任务作出决定', en: 'The task cannot be decided' },
  [ApiErrorCode.TaskClaimed]: { 'zh-CN': '该任务已由他人认领', en: 'Someone else holds the task' },
  [ApiErrorCode.ActionRefused]: { 'zh-CN': '当前无法执行该操作', en: 'The action is refused now' },
  [ApiErrorCode.ActionNotRecorded]: {
    'zh-CN': '操作未能记录，未作任何更改',
    en: 'The action could not be recorded',
  },
  [ApiErrorCode.CalendarInvalid]: { 'zh-CN': '工作日历不符合规则', en: 'The calendar breaks its rules' },
  [ApiErrorCode.PayloadTooLarge]: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  [ApiErrorCode.UploadRefused]: { 'zh-CN': '文件未被接受', en: 'The upload was refused' },
  [ApiErrorCode.AttachmentUnknown]: {
    'zh-CN': '引用的附件不存在或不属于您',
    en: 'The referenced attachment is not one of your uploads',
  },
  [ApiErrorCode.TooManyRequests]: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests' },
  [ApiErrorCode.Overloaded]: {
    'zh-CN': '办理量已满，请稍后再提交',
    en: 'Too many cases are waiting to be processed',
  },
  [ApiErrorCode.ServiceUnavailable]: {
    'zh-CN': '服务暂时不可用，请稍后再试',
    en: 'The service is unavailable for now',
  },
  [ApiErrorCode.NotEligible]: {
    'zh-CN': '不符合申请条件',
    en: 'The application does not meet the eligibility rules',
  },
  [ApiErrorCode.Internal]: { 'zh-CN': '服务器内部错误', en: 'Internal error' },
};

export function problemTitle(code: ApiErrorCode, language: ProblemLanguage): string {
  return TITLES[code][language];
}

/**
 * The problem type URI of a code: an identifier that stays the same for the life of the API (clients may
 * compare it), under the project's domain; it is not promised to resolve to a page.
 */
export function problemType(code: ApiErrorCode): string {
  return `https://onething.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/** RFC 9457 problem details, plus the fields earlier clients read (`code`, `message`, `path`, `details`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiErrorCode;
  message: string;
  path: string;
  details?: ApiErrorDetail[];
  /** Extension members of one kind of problem (RFC 9457 §3.2). */
  [extension: string]: unknown;
}

export function toProblemDetails(error: ApiError, status: number, language: ProblemLanguage): ProblemDetails {
  return {
    type: problemType(error.code),
    title: problemTitle(error.code, language),
    status,
    detail: error.message,
    code: error.code,
    message: error.message,
    path: error.path,
    ...(error.details.length > 0 ? { details: error.details } : {}),
    ...error.extensions,
  };
}
