/** 0 ok, 1 invalid definition, 2 usage error, 3 the API refused or could not be reached (publish). */
export const ExitCode = { Ok: 0, Invalid: 1, Usage: 2, ApiFailure: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CommandResult {
  exitCode: ExitCode;
  stdout: string;
  stderr: string;
}
