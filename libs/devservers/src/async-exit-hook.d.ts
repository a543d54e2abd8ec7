declare module 'async-exit-hook' {
  interface AsyncExitHook {
    unhookEvent(event: string): void;
  }
  const hook: AsyncExitHook;
  export = hook;
}
