/**
 * SNS Publish behind a real SNSClient stubbed at the transport: the request arrives as the SDK
 * serialises it (AWS Query protocol, a form-encoded POST) and gets the XML answer the SNS API
 * reference gives for Publish (PublishResponse / PublishResult / MessageId). Only Publish.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { Readable } from "node:stream";

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
}

export class SnsStandIn {
  readonly messages: PublishedMessage[] = [];

  client(): SNSClient {
    return new SNSClient({
      region: "us-east-1",
      endpoint: "http://sns.stand-in.local",
      credentials: { accessKeyId: "AKIDSTANDIN", secretAccessKey: "stand-in" },
      requestHandler: { handle: (request: { body?: unknown }) => this.handle(request) } as never,
    });
  }

  private async handle(request: { body?: unknown }) {
    const text = typeof request.body === "string" ? request.body : Buffer.from(request.body as Uint8Array).toString();
    const form = new URLSearchParams(text);
    if (form.get("Action") !== "Publish") return respond(400, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${form.get("Action")}</Message></Error></ErrorResponse>`);
    this.messages.push({ topicArn: form.get("TopicArn")!, ...(form.has("Subject") ? { subject: form.get("Subject")! } : {}), message: form.get("Message")! });
    const id = `00000000-0000-0000-0000-${String(this.messages.length).padStart(12, "0")}`;
    return respond(200, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r-${id}</RequestId></ResponseMetadata></PublishResponse>`);
  }
}

function respond(statusCode: number, xml: string) {
  return { response: { statusCode, headers: { "content-type": "text/xml", "content-length": String(Buffer.byteLength(xml)) }, body: Readable.from([Buffer.from(xml)]) } };
}
