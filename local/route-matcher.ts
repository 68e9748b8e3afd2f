/**
 * Matches a request against the route table the way API Gateway HTTP APIs do: literal segments win over
 * `{param}`, and both over a greedy last `{name+}` (which takes one or more segments, the rest of the path); a route
 * of the request's method wins over an `ANY` route, which takes the methods no more specific route of the path
 * declares. Parameters are URL-decoded.
 */
import type { RouteDef } from '../shared/http/route-types.ts';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: RouteDef;
  segments: Segment[];
  /** Sort key: per segment 0 literal, 1 param, 2 greedy; smaller is more specific. */
  rank: number[];
}

export type RouteMatch =
  | { kind: 'found'; route: RouteDef; pathParameters: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'not-found' };

const split = (path: string) => path.split('/').slice(1);

function compile(route: RouteDef): CompiledRoute {
  const segments = split(route.path).map((s, i, all): Segment => {
    const greedy = /^\{([^}+]+)\+\}$/.exec(s);
    if (greedy && i !== all.length - 1) throw new Error(`${route.operationId}: a greedy {${greedy[1]}+} must be last`);
    if (greedy) return { kind: 'greedy', name: greedy[1] };
    const param = /^\{([^}+]+)\}$/.exec(s);
    return param ? { kind: 'param', name: param[1] } : { kind: 'literal', value: s };
  });
  const rank = segments.map((s) => (s.kind === 'literal' ? 0 : s.kind === 'param' ? 1 : 2));
  return { route, segments, rank };
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function bind(compiled: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < compiled.segments.length; i++) {
    const segment = compiled.segments[i];
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.every((p) => p === '')) return undefined;
      params[segment.name] = rest.map(decode).join('/');
      return params;
    }
    if (segment.kind === 'literal') {
      if (part !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
    }
  }
  return compiled.segments.length === parts.length ? params : undefined;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return b.length - a.length;
}

export function createRouteMatcher(routes: RouteDef[]): (method: string, rawPath: string) => RouteMatch {
  const compiled = routes.map(compile).sort((a, b) => compareRank(a.rank, b.rank));
  return (method, rawPath) => {
    const parts = split(rawPath);
    const candidates = compiled
      .map((c) => ({ c, params: bind(c, parts) }))
      .filter((m): m is { c: CompiledRoute; params: Record<string, string> } => m.params !== undefined);
    if (candidates.length === 0) return { kind: 'not-found' };
    const hit =
      candidates.find((m) => m.c.route.method === method) ?? candidates.find((m) => m.c.route.method === 'ANY');
    if (hit) return { kind: 'found', route: hit.c.route, pathParameters: hit.params };
    return { kind: 'wrong-method', allow: [...new Set(candidates.map((m) => m.c.route.method))] };
  };
}
