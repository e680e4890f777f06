"""Pydantic models: rubrics and crosswalks (shipped), manifests (the trust's), results (ours)."""
