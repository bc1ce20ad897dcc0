// Every flow of the bot core, in the order their home sections appear.
import { helpFlow } from './help.flow.ts';
import type { FlowModule } from './registry.ts';

export const allFlows: readonly FlowModule[] = [
  helpFlow,
];
