// The layer rules of shared/ (domain ← ports ← use cases ← adapters/http ← functions), checked by
// dependency-cruiser on every `npm run lint` and by test/unit/layers.test.ts. Paths are relative to the repo root.
// Type-only imports count: a layer that needs another's types depends on it.

/** Our own code: anything under these folders. */
const OURS = '^(shared|functions|infra|local|test|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'shared/domain holds the rules: it imports only the domain and node: built-ins (no npm package, no layer). ' +
        'Biome (useNodejsImportProtocol) makes every built-in a node: import.',
      from: { path: '^shared/domain/' },
      to: { pathNot: '^shared/domain/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'use-cases-see-domain-and-ports',
      severity: 'error',
      comment:
        'A use case depends on the domain, the ports and other use cases; never on http, adapters or config. ' +
        'shared/observability (the logger) is allowed: logging is cross-cutting and imports nothing of ours.',
      from: { path: '^shared/use-cases/' },
      to: { pathNot: '^shared/(domain|ports|use-cases|observability)/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'ports-see-domain',
      severity: 'error',
      comment: 'A port is an interface in domain terms: it imports only the domain and other ports.',
      from: { path: '^shared/ports/' },
      to: { pathNot: '^shared/(domain|ports)/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'adapters-stay-outside',
      severity: 'error',
      comment: 'Adapters implement ports; they never call a use case or reach into the HTTP layer.',
      from: { path: '^shared/adapters/' },
      to: { path: '^shared/(use-cases|http)/' },
    },
    {
      name: 'config-stands-alone',
      severity: 'error',
      comment: 'shared/config is read by infra, local and the handlers alike: of our code it imports only config.',
      from: { path: '^shared/config/' },
      to: { path: OURS, pathNot: '^shared/config/' },
    },
    {
      name: 'observability-stands-alone',
      severity: 'error',
      comment: 'The logger is used by every layer, so it imports nothing of ours.',
      from: { path: '^shared/observability/' },
      to: { path: OURS, pathNot: '^shared/observability/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules into one unit that cannot be read, tested or bundled apart.',
      from: { path: '^(functions|shared|infra|local)/' },
      to: { circular: true },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve would slip past the rules above (a broken #alias, say).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript compiler API that dependency-cruiser can load, so sources are parsed with
    // swc; swc marks type-only imports, and tsPreCompilationDeps keeps them as dependencies.
    parser: 'swc',
    tsPreCompilationDeps: true,
    // npm packages are not cruised, but an import of one is still a dependency the rules see (never `exclude` them)
    doNotFollow: { path: 'node_modules' },
    // `#domain/*` and the other aliases come from package.json "imports"; sources import them with their .ts name.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
