/**
 * In-memory UnitStore and SettingsStore over a MemoryDirectory: the same conditions as the DynamoDB transactions
 * (checked first, then applied all at once), small transaction limits so that tests reach the chunked move with
 * a handful of units, and faults to make a move die half-way.
 */
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import { MAX_UNITS_PER_ACCOUNT, TreeChangedError, type OrgUnit, type TreeState } from '#domain/org-unit.ts';
import type { PathRewrite } from '#domain/org-unit-move.ts';
import type { SettingsStore, UnitStore } from '#ports/units.ts';
import type { MemoryDirectory } from './memory.ts';

export class MemoryUnits {
  /** Operations in order, e.g. `move`, `rewrite:2`, `finish`: what a test can assert about the protocol. */
  calls: string[] = [];
  /** Faults: the Nth rewrite chunk (1-based, counted over the store's life) throws; the finish step throws. */
  faults: { failRewriteChunk?: number; failFinish?: boolean } = {};
  private rewriteChunks = 0;

  /** Shared with `store.limits`: a test may raise them to see a move done in one transaction. */
  readonly limits = { inlineRewrites: 2, rewritesPerChunk: 2, memberRewritesPerChunk: 2 };

  constructor(private dir: MemoryDirectory) {}

  private key = (accountId: string, unitId: string) => `${accountId}/${unitId}`;
  private unit = (accountId: string, unitId: string) => this.dir.orgUnits.get(this.key(accountId, unitId));
  private tree = (accountId: string): TreeState =>
    this.dir.orgTrees.get(accountId) ?? { unitCount: 0, revision: 0, move: null };
  private save = (u: OrgUnit) => this.dir.orgUnits.set(this.key(u.accountId, u.id), u);
  private require(ok: boolean, error: () => Error = () => new TreeChangedError()) {
    if (!ok) throw error();
  }
  private applyRewrites(accountId: string, rewrites: PathRewrite[], at: string) {
    for (const r of rewrites) this.require(this.unit(accountId, r.unitId)?.path === r.fromPath);
    for (const r of rewrites) {
      const u = this.unit(accountId, r.unitId)!;
      this.save({ ...u, path: r.toPath, depth: r.depth, version: u.version + 1, updatedAt: at });
    }
  }

  readonly store: UnitStore = {
    limits: this.limits,
    snapshot: async (accountId) => ({
      tree: structuredClone(this.tree(accountId)),
      units: [...this.dir.orgUnits.values()].filter((u) => u.accountId === accountId).map((u) => ({ ...u })),
    }),
    getWithTree: async (accountId, unitId) => {
      const u = this.unit(accountId, unitId);
      return { unit: u ? { ...u } : null, tree: structuredClone(this.tree(accountId)) };
    },
    create: async (unit, parent, event) => {
      const tree = this.tree(unit.accountId);
      this.require(
        this.unit(parent.accountId, parent.id)?.path === parent.path &&
          !tree.move &&
          tree.unitCount < MAX_UNITS_PER_ACCOUNT,
      );
      this.calls.push('create');
      this.save(unit);
      const p = this.unit(parent.accountId, parent.id)!;
      this.save({ ...p, childCount: p.childCount + 1 });
      this.dir.orgTrees.set(unit.accountId, { ...tree, unitCount: tree.unitCount + 1, revision: tree.revision + 1 });
      this.dir.events.push(event);
    },
    rename: async (unit, expectedVersion, event, scoped) => {
      if (scoped) this.require((this.tree(unit.accountId).move?.moveId ?? null) === scoped.moveId);
      const current = this.unit(unit.accountId, unit.id);
      this.require(current?.version === expectedVersion, () => new PreconditionFailedError());
      this.save({ ...current!, name: unit.name, version: unit.version, updatedAt: unit.updatedAt });
      this.dir.events.push(event);
    },
    move: async (input) => {
      const a = input.unit.accountId;
      const tree = this.tree(a);
      const current = this.unit(a, input.unit.id);
      this.require(tree.revision === input.revision && !tree.move);
      this.require(current?.version === input.expectedVersion && current.path === input.fromPath);
      this.require(!!this.unit(a, input.fromParentId) && this.unit(a, input.to.id)?.path === input.to.path);
      this.calls.push(input.marker ? 'move:marker' : 'move');
      this.applyRewrites(a, input.inline, input.at);
      this.save({
        ...current!,
        name: input.unit.name,
        parentId: input.to.id,
        path: input.unit.path,
        depth: input.unit.depth,
        version: input.unit.version,
        updatedAt: input.at,
      });
      const from = this.unit(a, input.fromParentId)!;
      this.save({ ...from, childCount: from.childCount - 1 });
      const to = this.unit(a, input.to.id)!;
      this.save({ ...to, childCount: to.childCount + 1 });
      this.dir.orgTrees.set(a, { ...tree, revision: tree.revision + 1, move: input.marker });
      this.dir.events.push(...input.events);
    },
    rewritePaths: async (accountId, moveId, rewrites, at) => {
      this.rewriteChunks++;
      if (this.faults.failRewriteChunk === this.rewriteChunks)
        throw Object.assign(new Error('injected fault'), { name: 'InternalServerError' });
      this.require(this.tree(accountId).move?.moveId === moveId);
      this.calls.push(`rewrite:${rewrites.length}`);
      this.applyRewrites(accountId, rewrites, at);
    },
    membersUnder: async (accountId, prefix) => ({
      members: [...this.dir.users.values()]
        .filter((u) => u.accountId === accountId && u.status !== 'closed' && u.unitPath.startsWith(prefix))
        .map((u) => ({ userId: u.id, username: u.username, unitPath: u.unitPath })),
    }),
    rewriteMemberPaths: async (accountId, moveId, rewrites, at) => {
      this.require(this.tree(accountId).move?.moveId === moveId);
      this.calls.push(`members:${rewrites.length}`);
      for (const r of rewrites) {
        const u = this.dir.users.get(`${accountId}/${r.userId}`);
        if (u?.unitPath === r.fromPath)
          this.dir.users.set(`${accountId}/${r.userId}`, {
            ...u,
            unitPath: r.toPath,
            version: u.version + 1,
            updatedAt: at,
          });
      }
    },
    finishMove: async (accountId, moveId) => {
      if (this.faults.failFinish) throw Object.assign(new Error('injected fault'), { name: 'InternalServerError' });
      const tree = this.tree(accountId);
      if (tree.move?.moveId !== moveId) return;
      this.calls.push('finish');
      this.dir.orgTrees.set(accountId, { ...tree, move: null });
    },
    delete: async (unit, expectedVersion, event) => {
      const a = unit.accountId;
      const current = this.unit(a, unit.id);
      const tree = this.tree(a);
      this.require(
        current?.version === expectedVersion &&
          current.childCount === 0 &&
          current.memberCount === 0 &&
          !tree.move &&
          !!this.unit(a, unit.parentId!),
      );
      this.dir.orgUnits.delete(this.key(a, unit.id));
      this.dir.unitSettings.delete(this.key(a, unit.id));
      const parent = this.unit(a, unit.parentId!)!;
      this.save({ ...parent, childCount: parent.childCount - 1 });
      this.dir.orgTrees.set(a, { ...tree, unitCount: tree.unitCount - 1, revision: tree.revision + 1 });
      this.dir.events.push(event);
    },
  };

  readonly settings: SettingsStore = {
    readLayers: async (accountId, unitIds) => {
      const units = new Map(
        unitIds.flatMap((id) => {
          const s = this.dir.unitSettings.get(this.key(accountId, id));
          return s ? [[id, structuredClone(s)] as const] : [];
        }),
      );
      const account = this.dir.accounts.get(accountId);
      return { account: account ? structuredClone(account) : null, units };
    },
    saveUnitSettings: async (accountId, unitId, settings, expectedVersion, event, _delta, scoped) => {
      if (scoped)
        this.require(
          (this.tree(accountId).move?.moveId ?? null) === scoped.moveId &&
            this.unit(accountId, unitId)?.version === scoped.unitVersion,
        );
      this.require(
        (this.dir.unitSettings.get(this.key(accountId, unitId))?.version ?? 0) === expectedVersion,
        () => new PreconditionFailedError(),
      );
      this.require(!!this.unit(accountId, unitId), () => new NotFoundError());
      this.dir.unitSettings.set(this.key(accountId, unitId), structuredClone(settings));
      this.dir.events.push(event);
    },
  };
}
