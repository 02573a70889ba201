"""Support ticket summaries. Its workload moved to the gateway, but this client still calls
Gemini's API directly with the provider key: a gateway bypass."""
import os

from google import genai

MODEL = os.environ.get("SUMMARY_MODEL", "gemini-2.5-flash")

client = genai.Client(api_key=os.environ["GEMINI_API_KEY"])


def summarize(ticket: str) -> str:
    response = client.models.generate_content(model=MODEL, contents=f"Summarize: {ticket}")
    return response.text or ""
