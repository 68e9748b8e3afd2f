/** The enrolment QR code: an SVG of the otpauth URI's modules, made here, that carries nothing of the URI as text. */
import { generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { groupedSecret, qrCode } from '#http/pages/qr.ts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const uri = (email: string) =>
  `otpauth://totp/${encodeURIComponent(`Switchboard:${email}`)}?secret=${SECRET}&issuer=Switchboard&algorithm=SHA1&digits=6&period=30`;

/**
 * The modules the SVG paints: its path is made of closed outlines (holes wound the other way), so a module is dark
 * when the winding number at its centre is not zero. Read back independently of the library's own bitmap.
 */
function paintedModules(svg: string): { size: number; pad: number; dark: boolean[][] } {
  const [minX, , width] = /viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"/.exec(svg)!.slice(1).map(Number);
  const pad = -minX;
  const size = width - 2 * pad;
  const d = /<path d="([^"]+)"/.exec(svg)![1];
  const outlines = d
    .split('Z')
    .filter(Boolean)
    .map((outline) => [...outline.matchAll(/[ML](-?\d+) (-?\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]));
  const winding = (x: number, y: number) => {
    let w = 0;
    for (const points of outlines) {
      for (let i = 0; i < points.length; i++) {
        const [x1, y1] = points[i];
        const [x2, y2] = points[(i + 1) % points.length];
        if (y1 <= y && y2 > y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) > 0) w++;
        else if (y1 > y && y2 <= y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) < 0) w--;
      }
    }
    return w;
  };
  const dark = Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => winding(x + 0.5, y + 0.5) !== 0),
  );
  return { size, pad, dark };
}

describe('the enrolment QR code', () => {
  it('is one <svg> whose painted modules are exactly the QR code of the otpauth URI (with a 4-module quiet zone)', () => {
    const text = uri('alice@acme.test');
    const markup = qrCode(text, 'QR code').toString();
    expect(markup.match(/<svg\b/g)).toHaveLength(1);
    const svg = /<svg[\s\S]*<\/svg>/.exec(markup)![0];
    const { size, pad, dark } = paintedModules(svg);
    const expected = generate(text);
    expect(size).toBe(expected.size);
    expect(size).toBeGreaterThanOrEqual(21);
    expect(pad).toBe(4);
    let mismatches = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (dark[y][x] !== expected.get(x, y)) mismatches++;
    expect(mismatches).toBe(0);
    // finder pattern corners, as any reader looks for them: dark border, light ring, dark centre
    expect([dark[0][0], dark[1][1], dark[3][3], dark[0][size - 1], dark[size - 1][0]]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
    // positive control of the comparison: another person's code does not match this bitmap
    const other = paintedModules(/<svg[\s\S]*<\/svg>/.exec(qrCode(uri('bob@acme.test'), 'QR').toString())![0]);
    expect(
      other.dark.flat().filter((d, i) => d !== expected.get(i % size, Math.floor(i / size))).length,
    ).toBeGreaterThan(0);
  });

  it('carries neither the URI nor the secret nor the email as text or attribute; the label is escaped', () => {
    const markup = qrCode(uri('"><script>alert(1)</script>@acme.test'), 'QR "code" <for> you').toString();
    expect(markup).not.toContain('otpauth');
    expect(markup).not.toContain(SECRET);
    expect(markup).not.toContain('<script');
    expect(markup).not.toContain('acme.test');
    expect(markup).toContain('role="img" aria-label="QR &quot;code&quot; &lt;for&gt; you"');
    // only our own attributes: no event handlers, no links, no styles (the CSP allows no inline style)
    expect(markup).not.toMatch(/\son\w+=|href|style=|<image|<foreignObject/i);
  });

  it('the secret reads in groups of four', () => {
    expect(groupedSecret(SECRET)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupedSecret('ABCDEF')).toBe('ABCD EF');
    expect(groupedSecret('')).toBe('');
  });
});
