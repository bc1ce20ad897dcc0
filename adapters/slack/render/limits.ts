// Slack's documented Block Kit limits. Rendering clips to them so that no content the core
// produces (long names, long answers, many options) can make Slack reject a message or a view;
// check-blocks.ts verifies rendered output against the same numbers in the tests.

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  inputLabel: 2000,
  hint: 2000,
  placeholder: 150,
  plainTextInputMax: 3000,
  options: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  checkboxOptions: 10,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** rich_text has no published cap; we hold each block to a section's 3000 characters. */
  richTextChars: 3000,
  /** chat.postMessage `text`: Slack truncates past 40,000; 4,000 keeps notifications readable. */
  fallbackText: 4000,
} as const;

/** The stricter of Slack's two ways of counting a text's length. */
export const length = (text: string): number => Math.max([...text].length, text.length);
