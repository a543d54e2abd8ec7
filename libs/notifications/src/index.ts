export * from './notification';
export * from './notification-channel';
export * from './in-app.channel';
export * from './notification.service';
export * from './notifications.module';
