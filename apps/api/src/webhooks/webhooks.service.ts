import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DepartmentRepository, type Principal } from '@onething/auth';
import { hasRole } from '@onething/case-model';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { generateWebhookSecret, SubscriptionSecrets } from '@onething/events';
import { ApiError, ApiErrorCode, type KeysetPageOf } from '@onething/http';
import {
  ReadModel,
  type KeysetRequest,
  type WebhookDeliveryEntity,
  type WebhookSubscriptionEntity,
} from '@onething/persistence';
import type {
  CreateSubscriptionDto,
  DeadLetterListQuery,
  DeliveryListQuery,
  SubscriptionListQuery,
  UpdateSubscriptionDto,
} from './webhooks.dto';
import {
  toAttemptView,
  toDeliveryView,
  toSubscriptionView,
  type DeliveryView,
  type SubscriptionView,
} from './webhooks.views';

type Page = Pick<KeysetRequest, 'after' | 'limit'>;

const notFound = (what: string) => new ApiError(ApiErrorCode.NotFound, `No such ${what}`, 'id');
const invalid = (path: string, message: string) =>
  new ApiError(ApiErrorCode.ValidationFailed, `${path}: ${message}`, path, [
    { code: ApiErrorCode.ValidationFailed, message, path },
  ]);

/**
 * Webhook subscriptions and their deliveries. Administrators manage every subscription (auditors read
 * them); a department system manages its own department's only: another department's subscription is
 * "not found" to it, so nothing can be probed.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly dataSource: DataSource,
    private readonly secrets: SubscriptionSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(
    caller: Principal,
    query: SubscriptionListQuery,
    page: Page,
  ): Promise<KeysetPageOf<SubscriptionView>> {
    const own = departmentOf(caller);
    if (own !== undefined && query.department !== undefined && query.department !== own)
      return { items: [], lastKey: null };
    const rows = await this.readModel.webhookSubscriptions.page(
      { department: own ?? query.department },
      page,
    );
    return { ...rows, items: rows.items.map(toSubscriptionView) };
  }

  async get(caller: Principal, id: string): Promise<SubscriptionView> {
    return toSubscriptionView(await this.subscription(caller, id));
  }

  /** The secret is in this answer and nowhere else, ever. */
  async create(
    caller: Principal,
    dto: CreateSubscriptionDto,
  ): Promise<SubscriptionView & { secret: string }> {
    const department = await this.departmentFor(caller, dto.department ?? null);
    this.assertUrlAllowed(dto.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const created = await this.readModel.webhookSubscriptions.insert({
      id,
      department,
      url: dto.url,
      eventTypes: dto.eventTypes,
      description: dto.description ?? null,
      active: dto.active,
      secretSealed: this.secrets.seal(id, secret),
      createdBy: caller.id,
    });
    return { ...toSubscriptionView(created), secret };
  }

  async update(caller: Principal, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionView> {
    await this.subscription(caller, id);
    if (dto.url !== undefined) this.assertUrlAllowed(dto.url);
    await this.readModel.webhookSubscriptions.update(id, dto);
    return this.get(caller, id);
  }

  /**
   * A new secret signs from now on; the replaced one keeps signing beside it for the grace period
   * (WEBHOOK_SECRET_GRACE_SECONDS), so the receiver can switch without losing a delivery.
   */
  async rotateSecret(caller: Principal, id: string): Promise<SubscriptionView & { secret: string }> {
    const subscription = await this.subscription(caller, id);
    const secret = generateWebhookSecret();
    const graceUntil = new Date(Date.now() + this.config.events.webhooks.secretGraceMs);
    await this.readModel.webhookSubscriptions.rotateSecret(
      id,
      this.secrets.seal(id, secret),
      subscription.secretSealed,
      graceUntil,
    );
    return { ...(await this.get(caller, id)), secret };
  }

  async delete(caller: Principal, id: string): Promise<void> {
    await this.subscription(caller, id);
    await this.readModel.webhookSubscriptions.delete(id);
  }

  async deliveries(caller: Principal, id: string, query: DeliveryListQuery, page: Page) {
    await this.subscription(caller, id);
    return this.deliveryPage({ subscriptionId: id, status: query.status }, page);
  }

  async deadLetters(caller: Principal, query: DeadLetterListQuery, page: Page) {
    return this.deliveryPage(
      { status: 'dead', subscriptionId: query.subscriptionId, department: departmentOf(caller) },
      page,
    );
  }

  async delivery(caller: Principal, id: string) {
    const delivery = await this.deliveryInScope(caller, id);
    const attempts = await this.readModel.webhookDeliveries.attemptsOf(id);
    return { ...toDeliveryView(delivery), attemptLog: attempts.map(toAttemptView) };
  }

  /** A dead letter (or a delivered event) goes out again now, with a fresh retry budget. */
  async redeliver(caller: Principal, id: string): Promise<DeliveryView> {
    await this.deliveryInScope(caller, id);
    if (!(await this.readModel.webhookDeliveries.redeliver(id)))
      throw new ApiError(
        ApiErrorCode.Conflict,
        'The delivery is still pending: it goes out on its own',
        'id',
      );
    return toDeliveryView((await this.readModel.webhookDeliveries.find(id))!);
  }

  private async deliveryPage(
    filter: Parameters<ReadModel['webhookDeliveries']['page']>[0],
    page: Page,
  ): Promise<KeysetPageOf<DeliveryView>> {
    const rows = await this.readModel.webhookDeliveries.page(filter, page);
    return { ...rows, items: rows.items.map(toDeliveryView) };
  }

  private async subscription(caller: Principal, id: string): Promise<WebhookSubscriptionEntity> {
    const subscription = await this.readModel.webhookSubscriptions.find(id);
    const own = departmentOf(caller);
    if (!subscription || (own !== undefined && subscription.department !== own))
      throw notFound('webhook subscription');
    return subscription;
  }

  private async deliveryInScope(caller: Principal, id: string): Promise<WebhookDeliveryEntity> {
    const delivery = await this.readModel.webhookDeliveries.find(id);
    if (!delivery) throw notFound('webhook delivery');
    await this.subscription(caller, delivery.subscriptionId).catch(() => {
      throw notFound('webhook delivery');
    });
    return delivery;
  }

  /** An administrator names any department (or none); a department system only its own. */
  private async departmentFor(caller: Principal, asked: string | null): Promise<string | null> {
    const own = departmentOf(caller);
    if (own !== undefined) {
      if (asked !== null && asked !== own)
        throw new ApiError(
          ApiErrorCode.Forbidden,
          'A department system subscribes for its own department only',
          'department',
        );
      return own;
    }
    if (asked !== null && !(await new DepartmentRepository(this.dataSource.manager).exists(asked)))
      throw invalid('department', `no such department ${asked}`);
    return asked;
  }

  private assertUrlAllowed(url: string): void {
    if (url.startsWith('http://') && !this.config.events.webhooks.allowHttp)
      throw invalid('url', 'an https URL (plain http is off: WEBHOOK_ALLOW_HTTP)');
  }
}

/** The department a caller is confined to: a department system's; undefined for oversight roles. */
function departmentOf(caller: Principal): string | undefined {
  if (hasRole(caller, 'administrator') || hasRole(caller, 'auditor')) return undefined;
  return caller.departments[0] ?? '';
}
