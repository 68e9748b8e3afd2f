import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** What a test sets of an API Gateway v2 event; the rest is what the gateway (or the local gateway) always sends. */
export interface GatewayEventParts {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  pathParameters?: Record<string, string>;
  /** API Gateway's request id (the log's `requestId`). */
  requestId?: string;
}

/** An API Gateway v2 (HTTP API) event, as the gateway delivers it to a function. */
export function gatewayEvent(parts: GatewayEventParts = {}): APIGatewayProxyEventV2 {
  const method = parts.method ?? 'GET';
  const path = parts.path ?? '/t';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: parts.headers ?? {},
    ...(parts.query ? { queryStringParameters: parts.query } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    ...(parts.pathParameters ? { pathParameters: parts.pathParameters } : {}),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
      requestId: parts.requestId ?? 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      accountId: '',
      apiId: '',
      domainName: '',
      domainPrefix: '',
    },
  };
}
