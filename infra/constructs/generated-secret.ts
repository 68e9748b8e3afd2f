import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret, type SecretStringGenerator } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * A key of `bytes` random bytes written as lowercase hex (twice as many characters): Secrets Manager generates it
 * from the 16 hex digits alone, so every character carries 4 bits.
 */
export const hexKey = (bytes: number): SecretStringGenerator => ({
  passwordLength: bytes * 2,
  excludeUppercase: true,
  excludePunctuation: true,
  excludeCharacters: 'ghijklmnopqrstuvwxyz',
});

export interface GeneratedSecretProps {
  description: string;
  generate: SecretStringGenerator;
  /** Why rotation is the operator's act, not a schedule (cdk-nag SMG4), naming the runbook entry. */
  manualRotation: string;
  /** Kept when the stack is deleted (like the table): for a key that opens what the retained table holds. */
  retain?: boolean;
}

/**
 * A secret Secrets Manager generates at the first deployment, which functions read at run time by its ARN (never
 * in their configuration). None rotates on a schedule: each one's rotation has consequences an operator chooses.
 */
export function generatedSecret(scope: Construct, id: string, props: GeneratedSecretProps): Secret {
  const secret = new Secret(scope, id, {
    description: props.description,
    generateSecretString: props.generate,
    ...(props.retain && { removalPolicy: RemovalPolicy.RETAIN }),
  });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: props.manualRotation });
  return secret;
}
