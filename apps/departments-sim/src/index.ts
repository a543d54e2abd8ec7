export * from './server';
export * from './rules';
export * from './simulations';
