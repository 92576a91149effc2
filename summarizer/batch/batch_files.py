"""The Batch API's input files: request lines cut into parts that each stay within the API's
own limits, so a million articles become twenty batches instead of one refused upload."""

from __future__ import annotations

from pathlib import Path

# The OpenAI Batch API takes at most this many requests in one input file...
MAX_REQUESTS_PER_FILE = 50_000
# ...and a file of at most 200 MB (counted in decimal megabytes, the stricter reading).
MAX_FILE_BYTES = 200_000_000

PART_NAME = "batch_api_requests.{:04d}.jsonl"


class RequestParts:
    """Writes request lines into `PART_NAME` files in `folder`, starting a new part before a
    line would take the current one past either limit. The limits are read when the writer is
    made (so a test can shrink them) and a single line over the byte limit is refused."""

    def __init__(self, folder: Path, *, max_requests: int | None = None, max_bytes: int | None = None) -> None:
        self.folder = folder
        self.max_requests = max_requests or MAX_REQUESTS_PER_FILE
        self.max_bytes = max_bytes or MAX_FILE_BYTES
        self.parts: list[dict] = []
        self._fh = None
        self._requests = 0
        self._bytes = 0

    def fits(self, line: bytes) -> bool:
        """Whether a request can go into a batch at all (a part holds it on its own)."""
        return len(line) <= self.max_bytes

    def add(self, line: bytes) -> None:
        if self._fh is None or self._requests >= self.max_requests or self._bytes + len(line) > self.max_bytes:
            self._start()
        self._fh.write(line)
        self._requests += 1
        self._bytes += len(line)
        self.parts[-1]["requests"] += 1

    def _start(self) -> None:
        self.close()
        name = PART_NAME.format(len(self.parts) + 1)
        self._fh = (self.folder / name).open("wb")
        self._requests = self._bytes = 0
        self.parts.append({"file": name, "requests": 0, "input_file_id": None, "batch_id": None, "status": None})

    def close(self) -> list[dict]:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return self.parts

    def __enter__(self) -> RequestParts:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def custom_ids(path: Path) -> list[str]:
    """The article ids a part's request file asks for, in order (read back, for a part whose
    batch did not complete: those articles are reported, not silently left out)."""
    import json

    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["custom_id"] for line in fh if line.strip()]
