// A file the core hands over (a person's data export) goes to Slack as a real file in the DM,
// through files.uploadV2 (get an upload URL, upload, complete), with the comment as its message.
import type { FileContent } from '../../src/ui/model.ts';
import type { WebClient } from './slack-clients.ts';

/** Uploads to a conversation and returns the file id Slack gave it. */
export async function uploadFile(client: WebClient, channel: string, file: FileContent): Promise<string | undefined> {
  const res = await client.files.uploadV2({
    channel_id: channel, filename: file.filename, title: file.filename, content: file.content, initial_comment: file.comment,
  }) as unknown as { files?: Array<{ files?: Array<{ id?: string }>; id?: string }> };
  const first = res.files?.[0];
  return first?.files?.[0]?.id ?? first?.id;
}
