import type { INestApplicationContext } from '@nestjs/common';
import type { CaseActivities } from '@onething/workflows';
import { CommitmentActivities } from './commitment';
import { CompletionActivities } from './completion';
import { MaterialActivities } from './material';
import { PledgeActivities, ProactiveOfferActivities } from './pledge';
import { SlaActivities } from './sla';
import { StepActivities } from './steps';
import { TaskActivities } from './tasks';

export {
  CommitmentActivities,
  CompletionActivities,
  MaterialActivities,
  PledgeActivities,
  ProactiveOfferActivities,
  SlaActivities,
  StepActivities,
  TaskActivities,
};

/** The activity groups, by subject, as Nest providers. */
export const activityProviders = [
  StepActivities,
  TaskActivities,
  MaterialActivities,
  SlaActivities,
  CommitmentActivities,
  CompletionActivities,
  PledgeActivities,
  ProactiveOfferActivities,
];

/** The activities as a plain record of functions (what Temporal registers). */
export type CaseActivityFunctions = { [K in keyof CaseActivities]: CaseActivities[K] };

/** Every activity the case and task workflows call, by name, from the worker's application context. */
export function caseActivities(app: INestApplicationContext): CaseActivityFunctions {
  return {
    ...app.get(StepActivities).asActivities(),
    ...app.get(TaskActivities).asActivities(),
    ...app.get(MaterialActivities).asActivities(),
    ...app.get(SlaActivities).asActivities(),
    ...app.get(CommitmentActivities).asActivities(),
    ...app.get(CompletionActivities).asActivities(),
    ...app.get(PledgeActivities).asActivities(),
    // The offer workflow's own activities (its calendar is the SLA one, registered above).
    ...app.get(ProactiveOfferActivities).asActivities(),
  };
}
