"""The nightly batch: OpenAI's API directly with the team's own key (the hybrid workload's direct path)."""
import asyncio

from openai import AsyncOpenAI


async def classify(rows: list[str]) -> list[str]:
    async with AsyncOpenAI() as client:
        results = []
        for row in rows:
            reply = await client.chat.completions.create(
                model="gpt-4.1-mini",
                messages=[{"role": "user", "content": f"Classify: {row}"}],
            )
            results.append(reply.choices[0].message.content or "")
        return results


if __name__ == "__main__":
    print(asyncio.run(classify(["refund request", "password reset"])))
