"""A sensor on the input folder: new, changed or deleted files start a run of every asset."""
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.inputs import list_files
from pipelines.resources import InputFolder, SpacyPipeline
from pipelines.state import input_fingerprint, stored_fingerprint

build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Every asset, from the input folder to the public tables.",
)


@dg.sensor(
    job=build_warehouse,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Lists NEWS_RAW_DIR (paths, sizes, modification times) every 30 s and starts `build_warehouse` when "
    "it differs from what the warehouse was last built from. Only new or changed articles go through spaCy; "
    "deleted files drop their articles and everything derived from them.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, input_folder: InputFolder, nlp: SpacyPipeline,
                      duckdb: DuckDBResource):
    listed = list_files(Path(input_folder.path))
    fingerprint = input_fingerprint(listed, nlp.model)
    if fingerprint == stored_fingerprint(Path(duckdb.database)):
        return dg.SkipReason(f"the warehouse is up to date with the {len(listed)} files in {input_folder.path}")
    context.update_cursor(fingerprint)
    # The fingerprint is the run key: while that run is queued or going, later ticks do not start another.
    return dg.RunRequest(run_key=fingerprint, tags={"news/input_files": str(len(listed))})
