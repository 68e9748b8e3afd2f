/** What the integration stacks' global setup provides to every test file (`inject('stacks')`; `stack()` in http.ts). */
export interface StackInfo {
  baseUrl: string;
  mailboxUrl: string;
  operatorKey: string;
  tableName: string;
  userPoolId: string;
  userPoolClientId: string;
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  tokenIssuer: string;
  appUrl: string;
  dataDir: string;
  /** PID of the local/start.ts process and of its three emulators. */
  pid: number;
  emulatorPids: number[];
}

declare module 'vitest' {
  interface ProvidedContext {
    /** One stack per integration worker (test/support/http.ts `stack()` picks the worker's own). */
    stacks: StackInfo[];
  }
}
