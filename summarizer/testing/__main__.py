"""`python -m summarizer.testing BRIEF.json [--latency S]`: the scripted server in its own process."""

from .server import main

main()
