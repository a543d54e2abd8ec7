import { DomainError } from './domain-error';

export enum CalendarErrorCode {
  /** Well-formed days that break the calendar's rules; each detail's code names the rule. */
  Invalid = 'CALENDAR_INVALID',
}

export class CalendarError extends DomainError<CalendarErrorCode> {}
