// cdk-nag (AwsSolutions) over every stack, nested ones included. Findings are fixed or acknowledged one by one,
// with a reason; this file also proves each acknowledgement still answers a real finding.
import { Annotations as ConstructAnnotations, Validations, type PolicyViolation } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { build, synthesize, type Synthesized } from './support.ts';

const probe = 'nested-annotation-probe';
let s: Synthesized;
let unacknowledged: PolicyViolation[];
const acknowledgements: Array<{ path: string; id: string; reason: string }> = [];

beforeAll(() => {
  // an info-level probe on a nested construct shows that annotation checks reach into nested stacks
  s = synthesize({}, ({ stack }) => {
    for (const area of stack.areas.values())
      ConstructAnnotations.of(area.functions.values().next().value!.function).addInfo(probe);
  });
  // the same app once more with acknowledgements recorded but not applied: what would cdk-nag say without them?
  const spy = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (this: Validations, ...rules) {
    const scope = (this as unknown as { scope: { node: { path: string } } }).scope;
    for (const rule of rules) acknowledgements.push({ path: scope.node.path, id: rule.id, reason: rule.reason });
  });
  try {
    const bare = build();
    unacknowledged = bare.nag.validateScope(bare.app).violations;
  } finally {
    spy.mockRestore();
  }
});

const describeViolations = (violations: PolicyViolation[]) =>
  violations
    .map((v) => `${v.ruleName} (${v.severity}): ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)
    .join('\n');

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the root or any nested stack', () => {
    const report = s.nag.validateScope(s.app);
    expect(describeViolations(report.violations)).toBe('');
    expect(report.success).toBe(true);
  });

  it('really checks the nested stacks (positive control: without acknowledgements it flags their routes and functions)', () => {
    const paths = unacknowledged.flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
    for (const area of s.areas)
      expect(
        paths.some((p) => p.startsWith(`${area.nested.node.path}/`)),
        area.area,
      ).toBe(true);
  });

  it('every acknowledgement answers a finding that exists without it, on the construct it was made on', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const ack of acknowledgements) {
      const matching = unacknowledged.filter((v) => v.ruleName === ack.id);
      const onConstruct = matching.some((v) =>
        v.violatingResources.some((r) => r.constructPath === ack.path || r.constructPath?.startsWith(`${ack.path}/`)),
      );
      expect(onConstruct, `${ack.id} at ${ack.path} acknowledges nothing`).toBe(true);
    }
  });

  it('acknowledgements are specific: a reason each, and wildcard findings named one by one', () => {
    for (const ack of acknowledgements) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(60);
      if (ack.id.startsWith('AwsSolutions-IAM5')) expect(ack.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      // never on a whole stack or the app
      expect(ack.path.split('/').length, `${ack.id} at ${ack.path}`).toBeGreaterThan(1);
    }
  });

  it('no stack carries a CDK warning or error annotation (nested stacks included)', () => {
    const annotations = Annotations.fromStack(s.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    // positive control: the probes placed on nested constructs are found through the root stack
    const probes = annotations.findInfo('*', probe).map((m) => m.id);
    for (const area of s.areas)
      expect(
        probes.some((id) => id.startsWith(`/${area.nested.node.path}/`)),
        area.area,
      ).toBe(true);
  });
});
