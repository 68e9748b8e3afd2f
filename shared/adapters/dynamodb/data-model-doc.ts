/**
 * Renders docs/data-model.md from the entity modules: the table of entities (keys as the key builders produce them)
 * and one numbered table of every named access pattern with its index, key condition and cost. `npm run
 * docs:data-model` writes it; a unit test renders it again and fails when the file differs.
 */
import { tableDefinition } from '#config/table.ts';
import { type AccessPattern, type EntityShape, type Pattern, type QueryPatternDoc, keyConditionOf } from './entity.ts';
import { accountEntities, accountPatterns } from './entities/account.ts';
import { apiKeyEntities, apiKeyPatterns } from './entities/api-key.ts';
import { auditEventEntities, auditEventPatterns } from './entities/audit-event.ts';
import { codeAttemptEntities, codeAttemptPatterns } from './entities/code-attempts.ts';
import { contactEntities, contactPatterns } from './entities/contact.ts';
import { delegationEntities, delegationPatterns } from './entities/delegation.ts';
import { deviceEntities, devicePatterns } from './entities/device.ts';
import { groupEntities, groupPatterns } from './entities/group.ts';
import { idempotencyEntities, idempotencyPatterns } from './entities/idempotency.ts';
import { identityEntities, identityPatterns } from './entities/identity.ts';
import { invitationEntities, invitationPatterns } from './entities/invitation.ts';
import { importRunPatterns } from './entities/import-run.ts';
import { memberImportEntities, memberImportPatterns } from './entities/member-import.ts';
import { orgUnitEntities, orgUnitPatterns } from './entities/org-unit.ts';
import { passwordResetEntities, passwordResetPatterns } from './entities/password-reset.ts';
import { rateWindowEntities, rateWindowPatterns } from './entities/rate-window.ts';
import { serviceEntities, servicePatterns } from './entities/service.ts';
import { phoneNumberEntities, phoneNumberPatterns } from './entities/phone-number.ts';
import { settingsEntities, settingsPatterns } from './entities/settings.ts';
import { userEntities, userPatterns } from './entities/user.ts';
import { webhookEntities, webhookPatterns } from './entities/webhook.ts';
import { webhookDeliveryEntities, webhookDeliveryPatterns } from './entities/webhook-delivery.ts';

/** Every entity module, in the order the document lists them. */
export const entityModules: { module: string; entities: EntityShape[]; patterns: Pattern[] }[] = [
  { module: 'identity', entities: identityEntities, patterns: identityPatterns },
  { module: 'account', entities: accountEntities, patterns: accountPatterns },
  { module: 'user', entities: userEntities, patterns: userPatterns },
  { module: 'api-key', entities: apiKeyEntities, patterns: apiKeyPatterns },
  { module: 'invitation', entities: invitationEntities, patterns: invitationPatterns },
  { module: 'audit-event', entities: auditEventEntities, patterns: auditEventPatterns },
  { module: 'org-unit', entities: orgUnitEntities, patterns: orgUnitPatterns },
  { module: 'settings', entities: settingsEntities, patterns: settingsPatterns },
  { module: 'delegation', entities: delegationEntities, patterns: delegationPatterns },
  { module: 'group', entities: groupEntities, patterns: groupPatterns },
  { module: 'contact', entities: contactEntities, patterns: contactPatterns },
  { module: 'password-reset', entities: passwordResetEntities, patterns: passwordResetPatterns },
  { module: 'code-attempts', entities: codeAttemptEntities, patterns: codeAttemptPatterns },
  { module: 'rate-window', entities: rateWindowEntities, patterns: rateWindowPatterns },
  { module: 'idempotency', entities: idempotencyEntities, patterns: idempotencyPatterns },
  { module: 'service', entities: serviceEntities, patterns: servicePatterns },
  { module: 'phone-number', entities: phoneNumberEntities, patterns: phoneNumberPatterns },
  { module: 'device', entities: deviceEntities, patterns: devicePatterns },
  { module: 'member-import', entities: memberImportEntities, patterns: memberImportPatterns },
  { module: 'import-run', entities: [], patterns: importRunPatterns },
  { module: 'webhook', entities: webhookEntities, patterns: webhookPatterns },
  { module: 'webhook-delivery', entities: webhookDeliveryEntities, patterns: webhookDeliveryPatterns },
];

export const isQueryPattern = (p: Pattern): p is QueryPatternDoc => 'query' in p;

/** A pattern's row: a Query pattern's name, index and key condition come from the pattern itself. */
export function describePattern(p: Pattern): AccessPattern & { keyCondition: string } {
  if (!isQueryPattern(p)) {
    return { ...p, keyCondition: typeof p.keyCondition === 'function' ? p.keyCondition() : p.keyCondition };
  }
  const { query } = p;
  return {
    name: query.name,
    summary: p.summary,
    operation: `Query${query.consistent ? ', consistent' : ''}${query.newestFirst ? ', newest first' : ''}`,
    index: query.index,
    keyCondition: keyConditionOf(query),
    roundTrips: p.roundTrips,
    cost: p.cost,
  };
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string): string => (text ? `\`${text.replaceAll('`', '')}\`` : '');
const width = (text: string): number => [...text].length;

/** A Markdown table with its columns padded to one width, as the formatter (Biome) writes it. */
function table(header: string[], rows: string[][]): string[] {
  const cells = [header, ...rows].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => width(r[i]))));
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)];
}

export function renderDataModel(): string {
  const gsis = tableDefinition.indexes.map((i) => i.name);
  const lines: string[] = [
    '# Data model',
    '',
    '<!-- Generated by `npm run docs:data-model` from shared/adapters/dynamodb/entities/*.ts: do not edit by hand;',
    '     a unit test (test/unit/data-model.test.ts) fails when this file and the entity modules disagree. -->',
    '',
    `One table, \`${tableDefinition.partitionKey}\`/\`${tableDefinition.sortKey}\`, TTL attribute ` +
      `\`${tableDefinition.ttlAttribute}\` (epoch seconds), ${gsis.length} overloaded sparse GSIs ` +
      `(${gsis.map((g) => `\`${g}\``).join(', ')}, ALL projection; created up front because CloudFormation adds only ` +
      'one GSI per update). Each entity module under `shared/adapters/dynamodb/entities/` owns its keys, its GSI ' +
      'attributes, its item mapping and its named access patterns; callers name a pattern, never an index or a key ' +
      'attribute. No `Scan` anywhere.',
    '',
    '## Entities',
    '',
    ...table(
      ['entity', 'module', 'PK', 'SK', 'index keys, TTL, notes'],
      entityModules.flatMap(({ module, entities }) =>
        entities.map((e) => {
          const key = e.key();
          return [e.name, module, code(key.PK), code(key.SK), e.notes?.() ?? ''];
        }),
      ),
    ),
  ];
  lines.push(
    '',
    '## Access patterns',
    '',
    'Costs are for items under 1 KB (users are ~0.6 KB): a strongly consistent read is 1 RCU per 4 KB, eventually',
    'consistent 0.5; a transactional write item is 2 WCU, plus 1 WCU per GSI the item appears in. Round trips marked',
    '"measured" include the authorization reads of the request, as the bench counts them. Query patterns are the',
    'objects `queryPage` and `queryInput` take; the others name the keys their calls read or write.',
    '',
  );
  let n = 0;
  const rows = entityModules.flatMap(({ module, patterns }) =>
    patterns.map((pattern) => {
      n += 1;
      const p = describePattern(pattern);
      return [
        String(n),
        code(p.name),
        module,
        p.summary,
        p.operation,
        p.index,
        code(p.keyCondition),
        p.roundTrips,
        p.cost,
      ];
    }),
  );
  lines.push(
    ...table(
      ['#', 'pattern', 'module', 'what', 'operation', 'index', 'key condition', 'round trips', 'cost per call'],
      rows,
    ),
    '',
    'Uniqueness (usernames, emails, identities) is always a conditional write inside the creating transaction, never',
    'read-then-write; the cancellation reason tells which claim failed (`409 username_taken` / `email_taken`).',
    '',
  );
  return lines.join('\n');
}
