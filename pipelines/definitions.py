"""The one Dagster code location: assets, resources and the `duckdb` pool that serialises writers."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.assets.clean import clean_articles
from pipelines.assets.crossref import cross_reference
from pipelines.assets.extract import extract_with_spacy
from pipelines.assets.ingest import raw_files
from pipelines.assets.warehouse import news_dbt_models
from pipelines.dbt_project import news_dbt_project
from pipelines.resources import WARM_DBT_CLIENT, DbtCli, InputFolder, SpacyPipeline
from pipelines.sensors import build_warehouse, raw_folder_sensor
from pipelines.settings import Settings

settings = Settings.from_env()

defs = dg.Definitions(
    assets=[raw_files, clean_articles, extract_with_spacy, cross_reference, news_dbt_models],
    jobs=[build_warehouse],
    sensors=[raw_folder_sensor],
    resources={
        "duckdb": DuckDBResource(database=str(settings.duckdb_path)),
        "input_folder": InputFolder(path=str(settings.raw_dir)),
        "nlp": SpacyPipeline(model=settings.spacy_model),
        "dbt": DbtCli(project_dir=news_dbt_project, dbt_executable=WARM_DBT_CLIENT),
    },
    # One process per run: a small run starts in a fraction of the multiprocess executor's time, and the
    # assets run one after another anyway (each holds the DuckDB write lock).
    executor=dg.in_process_executor,
)
