/** What a function may touch. The CDK stack turns each distinct set into one shared least-privilege role. */
export type Grant =
  | 'table:read' // GetItem, BatchGetItem, Query, ConditionCheckItem on the table and its indexes
  | 'table:write' // PutItem, UpdateItem, DeleteItem (TransactWriteItems is authorized per item action)
  | 'identity:provision' // Cognito: create or look up a sign-in and set its first password (accepting a link)
  | 'identity:credentials' // Cognito: replace a password and end its sessions (resets, admin-set passwords)
  | 'identity:access' // Cognito: turn a sign-in off and on, ending its sessions (deactivate, reactivate, close)
  | 'identity:remove' // Cognito: delete the sign-in of a person who left their last account (close)
  | 'identity:mfa' // Cognito: remove a member's authenticator and end its sessions (admin MFA reset)
  | 'identity:sign-in' // Cognito: read the app client's secret (DescribeUserPoolClient) to sign people in on it
  | 'mail:send' // SES SendEmail from the configured sender identity
  | 'secret:operator-key' // read the operator key secret
  | 'queue:send' // SQS SendMessage to the import queue (uploads hand an import to its worker; the worker hands itself on)
  | 'queue:consume' // receive and delete the import queue's messages (the worker's event source mapping)
  | 'secret:sealing-key' // read the secret the sealing keys derive from (paging cursors, refresh grants, MFA sessions)
  | 'secret:webhook-key' // read the secret webhook signing secrets are sealed with (AES-256-GCM)
  | 'webhooks:send' // SQS SendMessage to the two webhook delivery queues (first attempts FIFO, delayed retries)
  | 'webhooks:consume' // receive and delete the delivery queues' messages (the delivery worker's event sources)
  | 'events:put' // EventBridge PutEvents on the deployment's bus
  | 'stream:read'; // read the table's stream (the fan-out's event source mapping)

/** Nested stack an operation's function lives in; areas keep each stack far below 500 resources. */
export type Area =
  | 'platform'
  | 'directory'
  | 'invitations'
  | 'lifecycle'
  | 'organization'
  | 'telephony'
  | 'groups'
  | 'imports'
  | 'webhooks'
  | 'pages'
  /** SCIM 2.0 provisioning (`/scim/v2/accounts/{accountId}/…`): discovery, Users, Groups and the fallback. */
  | 'scim';
