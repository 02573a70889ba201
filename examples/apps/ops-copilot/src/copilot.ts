// The ops copilot: a class that builds its Anthropic client in a factory, on the front door.
import Anthropic from "@anthropic-ai/sdk";

const settings = {
  baseURL: process.env.ANTHROPIC_BASE_URL || "https://ai.dev.acme.example",
  model: "claude-haiku-4-5",
};

function makeClient(): Anthropic {
  return new Anthropic({ baseURL: settings.baseURL, apiKey: process.env.OPS_GATEWAY_KEY });
}

export class Copilot {
  private readonly llm = makeClient();

  async triage(alert: string): Promise<string> {
    const message = await this.llm.messages.create({
      model: settings.model,
      max_tokens: 512,
      messages: [{ role: "user", content: `Triage this alert: ${alert}` }],
    });
    return message.content.map((b) => (b.type === "text" ? b.text : "")).join("");
  }
}
