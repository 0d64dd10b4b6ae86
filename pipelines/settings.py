"""Settings from the environment (CONTRACT.md), resolved to absolute paths once."""
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.text import DEFAULT_MODEL

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    duckdb_path: Path
    spacy_model: str

    @classmethod
    def from_env(cls) -> "Settings":
        """Read the NEWS_* variables and write the resolved values back, so that dbt (a child process whose
        profile reads NEWS_DUCKDB_PATH) and every later reader see the same absolute paths."""
        settings = cls(
            raw_dir=Path(os.environ.get("NEWS_RAW_DIR") or REPO_ROOT / "raw").expanduser().resolve(),
            duckdb_path=Path(os.environ.get("NEWS_DUCKDB_PATH") or REPO_ROOT / "warehouse.duckdb").expanduser().resolve(),
            spacy_model=os.environ.get("NEWS_SPACY_MODEL") or DEFAULT_MODEL,
        )
        os.environ["NEWS_RAW_DIR"] = str(settings.raw_dir)
        os.environ["NEWS_DUCKDB_PATH"] = str(settings.duckdb_path)
        os.environ["NEWS_SPACY_MODEL"] = settings.spacy_model
        return settings
