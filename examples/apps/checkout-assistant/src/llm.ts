// The checkout assistant: OpenAI's SDK on the front door with its workload key.
import OpenAI from "openai";

const GATEWAY_URL = process.env.SWITCHYARD_BASE_URL ?? "https://ai.dev.acme.example/v1";

export const client = new OpenAI({ baseURL: GATEWAY_URL, apiKey: process.env.CHECKOUT_GATEWAY_KEY });

export async function suggest(cart: string[]): Promise<string> {
  const reply = await client.chat.completions.create({
    model: "dynamic/chat",
    messages: [{ role: "user", content: `Suggest one add-on for: ${cart.join(", ")}` }],
  });
  return reply.choices[0]?.message.content ?? "";
}

export async function shortTitle(text: string): Promise<string> {
  const reply = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: text }] });
  return reply.choices[0]?.message.content ?? "";
}
