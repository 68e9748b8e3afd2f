// Entry point of `cdk synth` / `cdk deploy` (cdk.json: npx tsx infra/app.ts); the App synthesizes itself on exit.
import { buildApp } from './build-app.ts';

buildApp();
