/** Organisation items for tests and seed scripts; runtime code imports them from entities/org-unit.ts. */
export { fromOrgUnitItem, orgUnitItem } from './entities/org-unit.ts';
