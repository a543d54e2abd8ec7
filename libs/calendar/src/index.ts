export * from './working-calendar';
export * from './sla';
