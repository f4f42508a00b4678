#!/usr/bin/env node
// Samdesk's command line. TypeScript runs through tsx's loader, so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
