import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into Temporal's history like payloads do, and hold what an error
 * said (a refused value, a department's answer). With `encodeCommonAttributes` they travel as an
 * encoded-attributes payload, which the payload codec encrypts; the plain message reads
 * "Encoded failure". Histories written before keep their plain failures and still decode.
 *
 * Loaded by path (`failureConverterPath`) by clients, workers and the workflow bundle alike, so this file
 * imports nothing but `@temporalio/common`: it runs inside the workflow sandbox too.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
