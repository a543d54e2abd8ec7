export * from './status';
export * from './entities/case.entity';
export * from './entities/case-step.entity';
export * from './entities/outbox-event.entity';
export * from './entities/identity.entities';
export * from './data-source';
export * from './persistence.module';
export * from './entities/definition-version.entity';
