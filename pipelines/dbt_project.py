"""The dbt project, alone in its module: `dagster-dbt project prepare-and-package --file` imports this file and
must not meet the `@dbt_assets` definition (which needs the manifest it builds)."""
from dagster_dbt import DbtProject

from pipelines.settings import DBT_PROJECT_DIR

news_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
news_dbt_project.prepare_if_dev()
