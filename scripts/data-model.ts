/** `npm run docs:data-model`: writes docs/data-model.md from the entity modules (shared/adapters/dynamodb/entities). */
import { writeFileSync } from 'node:fs';
import { renderDataModel } from '#adapters/dynamodb/data-model-doc.ts';

const target = new URL('../docs/data-model.md', import.meta.url);
writeFileSync(target, renderDataModel());
console.log(`wrote ${target.pathname}`);
