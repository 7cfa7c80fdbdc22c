/** Sample support emails for the pipeline example and demo. */
export const SAMPLE_EMAILS = [
  'Hello, invoice INV-2291 charged us EUR 480.00 twice this month. Please refund the duplicate. — Dana, Acme GmbH',
  'The export button in Reports crashes the app every time since yesterday: open Reports, pick March, click Export. We cannot close our books!',
  'Hi, I no longer have access to my old address j.doe@example.org, please change my login email to jane.doe@example.com.',
];
