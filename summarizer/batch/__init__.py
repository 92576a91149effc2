"""`summarizer batch`: many articles, concurrently, resumably, cached, within shared rate limits.

`sources` turns inputs into items, `runner` briefs them, `outdir` owns the output folder (lock,
results log, the tool's own files), `cache`, `ratelimit` and `progress` serve the runner, and
`openai_batch` sends first answers through the OpenAI Batch API.
"""
