import { GetCommand, QueryCommand } from './document.ts';
import type { Service } from '#domain/service.ts';
import {
  ConflictError,
  PreconditionFailedError,
  ServiceExistsError,
  VoicemailPinLinkUsedError,
} from '#domain/errors.ts';
import type { ServiceStore, WelcomeMailWrite } from '#ports/services.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromServiceItem,
  fromVoicemailPinLinkItem,
  serviceItem,
  serviceKey,
  servicesOfMember,
  voicemailPinLinkItem,
  voicemailPinLinkKey,
} from './entities/service.ts';
import { userKey } from './entities/user.ts';
import { quotaPlaceStep } from './invitation-quota.ts';
import { queryInput } from './query.ts';
import { check, put, transact, update, type Step } from './transact.ts';

/** The welcome mail's place of the day's quota and a voice service's PIN link, as transaction steps. */
const mailSteps = (accountId: string, mail: WelcomeMailWrite | undefined, now: Date): Step[] =>
  mail
    ? [
        quotaPlaceStep(accountId, mail.quota, now),
        ...(mail.pinLink ? [{ item: put(voicemailPinLinkItem(mail.pinLink), 'attribute_not_exists(PK)') }] : []),
      ]
    : [];

/** A change of a service (settings, closing), conditional on its version; closing a member reuses it. */
export const serviceChangeStep = (service: Service, expectedVersion: number): Step => ({
  item: put(serviceItem(service), 'attribute_exists(PK) AND #v = :v', { ':v': expectedVersion }, { '#v': 'version' }),
  onConditionFailed: () => new PreconditionFailedError(),
});

/** Creating and updating a service (with the read before): no listing, no PIN link. */
export const serviceWrites: Pick<ServiceStore, 'get' | 'create' | 'update'> = {
  async get(accountId, userId, type) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: serviceKey(accountId, userId, type), ConsistentRead: true }),
    );
    return Item ? fromServiceItem(Item) : null;
  },

  async create({ service, replacing, event, mail }) {
    const [condition, values] =
      replacing === null
        ? ['attribute_not_exists(PK)', undefined]
        : ['#status = :closed AND #v = :v', { ':closed': 'closed', ':v': replacing }];
    await transact([
      {
        item: put(
          serviceItem(service),
          condition,
          values,
          replacing === null ? undefined : { '#status': 'status', '#v': 'version' },
        ),
        onConditionFailed: () => new ServiceExistsError(`This member already has a ${service.type} service`),
      },
      ...mailSteps(service.accountId, mail, new Date(service.updatedAt)),
      // the member is still open: a close that won the race leaves no active service behind
      {
        item: check(
          userKey(service.accountId, service.userId),
          'attribute_not_exists(#s) OR #s <> :closed',
          { ':closed': 'closed' },
          { '#s': 'status' },
        ),
        onConditionFailed: () => new ConflictError('A closed member cannot get a service'),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async update({ service, expectedVersion, event, mail }) {
    await transact([
      serviceChangeStep(service, expectedVersion),
      ...mailSteps(service.accountId, mail, new Date(service.updatedAt)),
      { item: put(auditEventItem(event)) },
    ]);
  },
};

/** The whole store; marked pure so that a bundle giving only `serviceWrites` keeps none of the rest. */
export const serviceStore: ServiceStore = /* @__PURE__ */ (() => ({
  ...serviceWrites,

  async listOf(accountId, userId) {
    const out = await ddb.send(
      new QueryCommand(queryInput(servicesOfMember, [accountId], { prefix: servicesOfMember.prefix(userId) })),
    );
    return (out.Items ?? []).map(fromServiceItem);
  },

  async findPinLink(tokenHash) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: voicemailPinLinkKey(tokenHash), ConsistentRead: true }),
    );
    return Item ? fromVoicemailPinLinkItem(Item) : null;
  },

  async setPin({ link, service, expectedVersion, event }) {
    const used = () => new VoicemailPinLinkUsedError();
    await transact([
      {
        item: update(
          voicemailPinLinkKey(link.tokenHash),
          'SET #status = :used',
          '#status = :pending',
          {
            ':used': 'used',
            ':pending': 'pending',
          },
          { '#status': 'status' },
        ),
        onConditionFailed: used,
      },
      {
        item: put(
          serviceItem(service),
          '#status = :active AND #v = :v AND pinLinkHash = :h',
          {
            ':active': 'active',
            ':v': expectedVersion,
            ':h': link.tokenHash,
          },
          { '#status': 'status', '#v': 'version' },
        ),
        onConditionFailed: used,
      },
      { item: put(auditEventItem(event)) },
    ]);
  },
}))();
