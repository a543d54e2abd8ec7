import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  createSubscriptionSchema,
  deadLetterListCursor,
  deadLetterListQuerySchema,
  DeliveryDetailResponseSchema,
  deliveryListCursor,
  deliveryListQuerySchema,
  DeliveryPageResponseSchema,
  DeliveryResponseSchema,
  subscriptionIdParamSchema,
  subscriptionListCursor,
  subscriptionListQuerySchema,
  SubscriptionPageResponseSchema,
  SubscriptionResponseSchema,
  SubscriptionWithSecretResponseSchema,
  updateSubscriptionSchema,
  type CreateSubscriptionDto,
  type DeadLetterListQuery,
  type DeliveryListQuery,
  type SubscriptionListQuery,
  type UpdateSubscriptionDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const id = new ZodValidationPipe(subscriptionIdParamSchema);
/** Who manages subscriptions: administrators, and a department's own system for its department. */
const MANAGERS = ['administrator', 'department_system'] as const;
/** Who reads them: the managers, and auditors. */
const READERS = ['administrator', 'auditor', 'department_system'] as const;

/** Signed webhooks to department systems and other subscribers: subscriptions, deliveries, dead letters. */
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get('subscriptions')
  @ApiRoute({ summary: 'List webhook subscriptions', response: SubscriptionPageResponseSchema })
  @Allow(READERS)
  list(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(subscriptionListQuerySchema)) query: SubscriptionListQuery,
  ) {
    return subscriptionListCursor.fetch(query, (page) => this.webhooks.list(caller, query, page));
  }

  @Post('subscriptions')
  @ApiRoute({
    summary: 'Subscribe to events (the signing secret is shown once)',
    response: SubscriptionWithSecretResponseSchema,
  })
  @Allow(MANAGERS)
  @HttpCode(201)
  create(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(createSubscriptionSchema)) body: CreateSubscriptionDto,
  ) {
    return this.webhooks.create(caller, body);
  }

  @Get('subscriptions/:id')
  @ApiRoute({ summary: 'One webhook subscription (never its secret)', response: SubscriptionResponseSchema })
  @Allow(READERS)
  get(@Caller() caller: Principal, @Param('id', id) subscriptionId: string) {
    return this.webhooks.get(caller, subscriptionId);
  }

  @Patch('subscriptions/:id')
  @ApiRoute({
    summary: "Change a subscription's URL, event types, description, or pause it",
    response: SubscriptionResponseSchema,
  })
  @Allow(MANAGERS)
  update(
    @Caller() caller: Principal,
    @Param('id', id) subscriptionId: string,
    @Body(new ZodValidationPipe(updateSubscriptionSchema)) body: UpdateSubscriptionDto,
  ) {
    return this.webhooks.update(caller, subscriptionId, body);
  }

  @Post('subscriptions/:id/rotate-secret')
  @ApiRoute({
    summary: 'Rotate the signing secret (the old one signs too for a grace period)',
    response: SubscriptionWithSecretResponseSchema,
  })
  @Allow(MANAGERS)
  @HttpCode(200)
  rotateSecret(@Caller() caller: Principal, @Param('id', id) subscriptionId: string) {
    return this.webhooks.rotateSecret(caller, subscriptionId);
  }

  @Delete('subscriptions/:id')
  @ApiRoute({ summary: 'Delete a subscription with its deliveries', response: null })
  @Allow(MANAGERS)
  @HttpCode(204)
  async delete(@Caller() caller: Principal, @Param('id', id) subscriptionId: string) {
    await this.webhooks.delete(caller, subscriptionId);
  }

  @Get('subscriptions/:id/deliveries')
  @ApiRoute({
    summary: "A subscription's deliveries, newest event first",
    response: DeliveryPageResponseSchema,
  })
  @Allow(READERS)
  deliveries(
    @Caller() caller: Principal,
    @Param('id', id) subscriptionId: string,
    @Query(new ZodValidationPipe(deliveryListQuerySchema)) query: DeliveryListQuery,
  ) {
    return deliveryListCursor.fetch(query, (page) =>
      this.webhooks.deliveries(caller, subscriptionId, query, page),
    );
  }

  @Get('dead-letters')
  @ApiRoute({
    summary: 'Deliveries that failed their last attempt, newest first',
    response: DeliveryPageResponseSchema,
  })
  @Allow(READERS)
  deadLetters(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(deadLetterListQuerySchema)) query: DeadLetterListQuery,
  ) {
    return deadLetterListCursor.fetch(query, (page) => this.webhooks.deadLetters(caller, query, page));
  }

  @Get('deliveries/:id')
  @ApiRoute({ summary: 'One delivery with its attempt log', response: DeliveryDetailResponseSchema })
  @Allow(READERS)
  delivery(@Caller() caller: Principal, @Param('id', id) deliveryId: string) {
    return this.webhooks.delivery(caller, deliveryId);
  }

  @Post('deliveries/:id/redeliver')
  @ApiRoute({
    summary: 'Send a dead letter (or a delivered event) again now',
    response: DeliveryResponseSchema,
  })
  @Allow(MANAGERS)
  @HttpCode(200)
  redeliver(@Caller() caller: Principal, @Param('id', id) deliveryId: string) {
    return this.webhooks.redeliver(caller, deliveryId);
  }
}
