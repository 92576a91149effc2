"""The llm engine: prompt -> ask (instructor, re-asks, salvage) -> completeness -> Brief.

Modules, in the order a brief passes through them: `prompting` (templates, fence, version),
`engine` (the engine behind the pipeline's interface), `reask` (the instructor loop and the
grounding validator), `completeness` (the one follow-up for what the rules found and the model
left out), `provider` (the chat endpoint: OpenAI adapter, prefetched Batch API answers) and
`transport` (tenacity retries under one call). Nothing here imports `batch`, `cli` or `testing`.
"""
