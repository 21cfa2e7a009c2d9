"""The desk's JSON API under /api/v1 (bearer tokens; described by /api/v1/openapi.json)."""
