import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The SES sender. The stack does not create the identity: the deployer verifies the address (or its domain)
 * in SES before the first deploy, and functions may send only as that address.
 */
export class MailSender extends Construct {
  readonly fromAddress: string;
  /** The address identity and its domain identity: SES authorizes against whichever one is verified. */
  readonly identityArns: string[];

  constructor(scope: Construct, id: string, props: { fromAddress: string }) {
    super(scope, id);
    this.fromAddress = props.fromAddress;
    const domain = props.fromAddress.slice(props.fromAddress.lastIndexOf('@') + 1);
    const stack = Stack.of(this);
    this.identityArns = [props.fromAddress, domain].map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );
  }

  /** Send as `fromAddress` and nothing else. */
  sendStatement(): PolicyStatement {
    return new PolicyStatement({
      sid: 'MailSend',
      actions: ['ses:SendEmail'],
      resources: this.identityArns,
      conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
    });
  }
}
