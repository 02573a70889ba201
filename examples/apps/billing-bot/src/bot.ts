// The billing bot: not in any stack file yet. OpenAI directly, and Mistral through raw fetch.
import { OpenAI } from "openai";

const openai = new OpenAI({ apiKey: process.env.BILLING_OPENAI_KEY });
const MISTRAL_URL = "https://api.mistral.ai/v1/chat/completions";

export async function explainInvoice(invoice: string): Promise<string> {
  const reply = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: invoice }] });
  return reply.choices[0]?.message.content ?? "";
}

export async function translate(text: string): Promise<string> {
  const response = await fetch(MISTRAL_URL, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.MISTRAL_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "mistral-small-latest", messages: [{ role: "user", content: `Translate to French: ${text}` }] }),
  });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]?.message.content ?? "";
}
