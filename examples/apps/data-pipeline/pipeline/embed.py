"""Embeddings for the search index, through the front door's `embed` route."""
import os

from langchain_openai import OpenAIEmbeddings

embeddings = OpenAIEmbeddings(
    model="text-embedding-3-large",
    base_url=os.getenv("SWITCHYARD_BASE_URL", "https://ai.dev.acme.example/v1"),
    api_key=os.getenv("DATA_PIPELINE_GATEWAY_KEY"),
)


def embed(texts: list[str]) -> list[list[float]]:
    return embeddings.embed_documents(texts)
