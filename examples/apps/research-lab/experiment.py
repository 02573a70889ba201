"""Research experiments on Amazon Bedrock, through the lab's own AWS account (a direct workload)."""
import boto3

BEDROCK_REGION = "eu-west-1"


class Lab:
    def __init__(self) -> None:
        session = boto3.Session(region_name=BEDROCK_REGION)
        self.bedrock = session.client("bedrock-runtime")

    def ask(self, question: str) -> str:
        response = self.bedrock.converse(
            modelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
            messages=[{"role": "user", "content": [{"text": question}]}],
        )
        return response["output"]["message"]["content"][0]["text"]
