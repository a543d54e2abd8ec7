import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { APP_LOGGER, createLogger } from '@onething/logging';
import { InAppChannel } from './in-app.channel';
import type { Notification } from './notification';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { attemptDelivery, describeFailure, NotificationService } from './notification.service';
import { NotificationsModule } from './notifications.module';

const notification: Notification = {
  id: '0b7c6a3e-2b1f-4f35-9a0d-6c1e2f3a4b5c',
  recipientAccountId: '5b0e8a52-3f67-4c1b-9a31-0f3f7c1d2e4a',
  kind: 'case-result',
  caseId: null,
  title: { 'zh-CN': '办理结果', en: 'Result' },
  body: { 'zh-CN': '已办结', en: 'Decided' },
  data: {},
  createdAt: new Date('2025-12-01T08:00:00Z'),
};
const channel = (name: string, deliver: NotificationChannel['deliver']): NotificationChannel => ({
  name,
  deliver,
});
const silentLog = createLogger({ level: 'silent', service: 'test' });

describe('attemptDelivery', () => {
  it('reports a channel that resolves as delivered', async () => {
    const deliver = jest.fn(() => Promise.resolve());
    await expect(attemptDelivery(channel('email', deliver), notification)).resolves.toEqual({
      channel: 'email',
      status: 'delivered',
      error: null,
    });
    expect(deliver).toHaveBeenCalledWith(notification);
  });

  it('reports a rejection as failed with its error text, without throwing', async () => {
    const failing = channel('sms', () => Promise.reject(new TypeError('gateway said 503')));
    await expect(attemptDelivery(failing, notification)).resolves.toEqual({
      channel: 'sms',
      status: 'failed',
      error: 'TypeError: gateway said 503',
    });
  });

  it('reports a channel that throws synchronously as failed too', async () => {
    const throwing = channel('sms', () => {
      throw new Error('not configured');
    });
    await expect(attemptDelivery(throwing, notification)).resolves.toMatchObject({ status: 'failed' });
  });

  it('gives up on a channel that never answers', async () => {
    const hanging = channel('email', () => new Promise<void>(() => undefined));
    await expect(attemptDelivery(hanging, notification, 20)).resolves.toEqual({
      channel: 'email',
      status: 'failed',
      error: 'Error: no answer within 20 ms',
    });
  });
});

describe('describeFailure', () => {
  it('keeps a long error to 500 characters', () => {
    const text = describeFailure(new Error('x'.repeat(2000)));
    expect(text).toHaveLength(500);
    expect(text.endsWith('…')).toBe(true);
  });

  it('describes something thrown that is not an Error', () => {
    expect(describeFailure('timeout')).toBe('timeout');
  });
});

describe('the in-app channel', () => {
  it('has nothing left to send once the inbox row exists', async () => {
    const inApp = new InAppChannel();
    expect(inApp.name).toBe('in-app');
    await expect(inApp.deliver()).resolves.toBeUndefined();
  });
});

describe('NotificationsModule', () => {
  @Global()
  @Module({
    providers: [
      { provide: DataSource, useValue: {} },
      { provide: APP_LOGGER, useValue: silentLog },
    ],
    exports: [DataSource, APP_LOGGER],
  })
  class FakeInfrastructure {}

  it('collects the in-app channel and every added channel into one injectable list', async () => {
    const sms = channel('sms', () => Promise.resolve());
    class EmailChannel implements NotificationChannel {
      readonly name = 'email';
      deliver() {
        return Promise.resolve();
      }
    }
    const module = await Test.createTestingModule({
      imports: [
        FakeInfrastructure,
        NotificationsModule.forRoot({ channels: [EmailChannel, { provide: 'SMS', useValue: sms }] }),
      ],
    }).compile();
    const channels = module.get<NotificationChannel[]>(NOTIFICATION_CHANNELS);
    expect(channels.map((c) => c.name)).toEqual(['in-app', 'email', 'sms']);
    expect(module.get(NotificationService).channelNames).toEqual(['in-app', 'email', 'sms']);
  });

  it('refuses two channels with the same name: the delivery log could not tell them apart', () => {
    const twice = [new InAppChannel(), channel('in-app', () => Promise.resolve())];
    expect(() => new NotificationService({} as DataSource, twice, silentLog)).toThrow(/named in-app/);
  });
});
