import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessTrailRepository } from './access-trail.repository';
import { CaseRepository } from './case.repository';
import { CaseStepRepository } from './case-step.repository';
import { ConnectorCatalogRepository } from './connector-catalog.repository';
import { DatabaseRepository } from './database.repository';
import { DepartmentStaffRepository } from './department-staff.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { InboxRepository } from './inbox.repository';
import { MaterialRepository } from './material.repository';
import { OutboxRepository } from './outbox.repository';
import { ResultDocumentRepository } from './result-document.repository';
import { ProactiveRepository } from './proactive.repository';
import { TaskRepository } from './task.repository';
import { UploadRepository } from './upload.repository';
import { TaskCommentRepository } from './task-comment.repository';
import { WebhookDeliveryRepository, WebhookSubscriptionRepository } from './webhook.repository';

/** The read-model repositories, all working in one connection or one transaction. */
export class ReadModelRepositories {
  readonly cases: CaseRepository;
  readonly steps: CaseStepRepository;
  readonly tasks: TaskRepository;
  readonly taskComments: TaskCommentRepository;
  readonly material: MaterialRepository;
  readonly outbox: OutboxRepository;
  readonly idempotency: IdempotencyRepository;
  readonly inbox: InboxRepository;
  readonly staff: DepartmentStaffRepository;
  readonly database: DatabaseRepository;
  readonly uploads: UploadRepository;
  readonly accessTrail: AccessTrailRepository;
  readonly resultDocuments: ResultDocumentRepository;
  readonly connectors: ConnectorCatalogRepository;
  readonly webhookSubscriptions: WebhookSubscriptionRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  readonly proactive: ProactiveRepository;

  constructor(manager: EntityManager) {
    this.cases = new CaseRepository(manager);
    this.steps = new CaseStepRepository(manager);
    this.tasks = new TaskRepository(manager);
    this.taskComments = new TaskCommentRepository(manager);
    this.material = new MaterialRepository(manager);
    this.outbox = new OutboxRepository(manager);
    this.idempotency = new IdempotencyRepository(manager);
    this.inbox = new InboxRepository(manager);
    this.staff = new DepartmentStaffRepository(manager);
    this.database = new DatabaseRepository(manager);
    this.uploads = new UploadRepository(manager);
    this.accessTrail = new AccessTrailRepository(manager);
    this.resultDocuments = new ResultDocumentRepository(manager);
    this.connectors = new ConnectorCatalogRepository(manager);
    this.webhookSubscriptions = new WebhookSubscriptionRepository(manager);
    this.webhookDeliveries = new WebhookDeliveryRepository(manager);
    this.proactive = new ProactiveRepository(manager);
  }
}

/**
 * The one home of the read model (cases, steps, tasks, material, outbox, inbox): its repositories own
 * every query and every guarded status transition. `transaction` hands the same repositories bound to
 * one transaction, so a state change and its outbox event commit together.
 */
@Injectable()
export class ReadModel extends ReadModelRepositories {
  constructor(private readonly dataSource: DataSource) {
    super(dataSource.manager);
  }

  transaction<T>(work: (tx: ReadModelRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new ReadModelRepositories(manager)));
  }
}
